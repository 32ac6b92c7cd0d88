// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>

#include <string_view>

namespace hrsi::geometry {

// Reads WKT ("POLYGON ((lon lat, ...))", MULTIPOLYGON, ...). An EWKT "SRID=4326;" prefix is
// accepted; another SRID is refused. Throws InputError naming GEOS's reason.
[[nodiscard]] Geometry read_wkt(GeosContext const& context, std::string_view text);

// Reads a GeoJSON geometry (Polygon, MultiPolygon, Point, LineString, MultiPoint,
// MultiLineString, GeometryCollection), a Feature (its "geometry"), or a FeatureCollection
// (the union of its features' geometries as a collection). Coordinates are lon, lat; a third
// coordinate is ignored. Throws InputError on JSON that is not one of these.
[[nodiscard]] Geometry read_geojson(GeosContext const& context, std::string_view text);

// Reads a catalogue footprint in any of the forms the catalogues give:
// - OData `Footprint`: "geography'SRID=4326;POLYGON ((…))'"
// - EWKT "SRID=4326;POLYGON (…)" and plain WKT
// - GeoJSON text (OData `GeoFootprint`, resto and STAC `geometry`)
// Leading and trailing blanks are ignored. Throws InputError for anything else.
[[nodiscard]] Geometry read_footprint(GeosContext const& context, std::string_view text);

}  // namespace hrsi::geometry
