// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hrsi::tiles {

// One polygon record of an ESRI shapefile: its rings (the first outer ring first; shapefile
// outer rings are clockwise, holes counter-clockwise) and one text attribute.
struct ShapeRecord {
    std::string name;
    std::vector<std::vector<geometry::Point>> rings;
};

// Reads the polygons of `<base>.shp` (shape types Polygon, PolygonZ, PolygonM; Z and M values
// are ignored) with the text field `field` of `<base>.dbf` for each record. The format is
// ESRI's "Shapefile Technical Description" (1998) and dBASE III; reading it ourselves keeps
// GDAL out. Throws InputError naming the file and the offset for anything else.
[[nodiscard]] std::vector<ShapeRecord> read_polygon_shapefile(std::filesystem::path const& base,
                                                              std::string const& field);

}  // namespace hrsi::tiles
