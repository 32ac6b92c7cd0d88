// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/context.hpp>

#include <geos_c.h>

#include <string>
#include <vector>

namespace hrsi::geometry {

// A point in the geometry's coordinates: lon/lat degrees (EPSG:4326, x = lon) or metres of a
// projection.
struct Point {
    double x = 0;
    double y = 0;
};

// A bounding box: min_x, min_y, max_x, max_y.
struct Box {
    double min_x = 0;
    double min_y = 0;
    double max_x = 0;
    double max_y = 0;
};

// One GEOS geometry, owned; move-only. Its context must outlive it and be used on the same
// thread. Coordinates are lon/lat degrees unless the geometry came out of a Projection.
// Operations that GEOS refuses (a topology exception on broken input) throw InputError.
class Geometry {
public:
    // Takes ownership of `geometry` (non-null) made with `context`.
    Geometry(GeosContext const& context, GEOSGeometry* geometry);
    Geometry(Geometry&& other) noexcept;
    Geometry& operator=(Geometry&& other) noexcept;
    Geometry(Geometry const&) = delete;
    Geometry& operator=(Geometry const&) = delete;
    ~Geometry();

    // A polygon from one outer ring (closed here if its last point is not its first) and
    // holes. Throws InputError on a ring of fewer than 3 distinct points.
    static Geometry polygon(GeosContext const& context, std::vector<Point> const& outer,
                            std::vector<std::vector<Point>> const& holes = {});
    // A multipolygon of the given polygons (each a Polygon; they are copied).
    static Geometry multi_polygon(GeosContext const& context,
                                  std::vector<Geometry> const& polygons);
    // The rectangle of a box.
    static Geometry box(GeosContext const& context, Box const& box);

    [[nodiscard]] GEOSGeometry const* get() const noexcept { return m_geometry; }
    [[nodiscard]] GeosContext const& context() const noexcept { return *m_context; }
    // Gives up ownership (for GEOS calls that take it, such as collections).
    [[nodiscard]] GEOSGeometry* release() noexcept;

    [[nodiscard]] Geometry clone() const;
    [[nodiscard]] bool empty() const;
    // "Polygon", "MultiPolygon", ...
    [[nodiscard]] std::string type_name() const;
    [[nodiscard]] bool is_valid() const;
    // Why the geometry is not valid ("Valid Geometry" when it is).
    [[nodiscard]] std::string validity_reason() const;
    // The geometry made valid (GEOSMakeValid), e.g. a self-intersecting footprint.
    [[nodiscard]] Geometry make_valid() const;

    [[nodiscard]] bool intersects(Geometry const& other) const;
    [[nodiscard]] bool covers(Geometry const& other) const;
    [[nodiscard]] Geometry intersection(Geometry const& other) const;
    [[nodiscard]] Geometry convex_hull() const;
    // The bounding rectangle (a Polygon; a Point for a point).
    [[nodiscard]] Geometry envelope() const;
    [[nodiscard]] Box bounds() const;
    [[nodiscard]] Point centroid() const;
    // Planar area in the geometry's own units (square degrees for lon/lat: see
    // Projection::area_km2 for km²).
    [[nodiscard]] double area() const;
    // The geometry grown by `distance` (in its own units).
    [[nodiscard]] Geometry buffer(double distance) const;
    // Douglas-Peucker simplification keeping the topology, `tolerance` in its own units.
    [[nodiscard]] Geometry simplify(double tolerance) const;

    // WKT with at most `decimals` digits after the point (trailing zeros trimmed).
    [[nodiscard]] std::string wkt(int decimals = 6) const;

private:
    GeosContext const* m_context;
    GEOSGeometry* m_geometry;
};

// The union of `geometries` (all made with `context`).
[[nodiscard]] Geometry union_of(GeosContext const& context,
                                std::vector<Geometry> const& geometries);

}  // namespace hrsi::geometry
