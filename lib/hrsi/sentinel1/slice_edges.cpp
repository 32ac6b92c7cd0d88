// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/slice_edges.hpp>

#include <algorithm>
#include <tuple>

namespace hrsi::sentinel1 {
namespace {

using geometry::Point;

// The first vertex with the least / greatest coordinate (as Python's min/max).
Point least(std::vector<Point> const& ring, double Point::*axis) {
    return *std::min_element(ring.begin(), ring.end(),
                             [axis](Point a, Point b) { return a.*axis < b.*axis; });
}
Point greatest(std::vector<Point> const& ring, double Point::*axis) {
    return *std::max_element(ring.begin(), ring.end(),
                             [axis](Point a, Point b) { return a.*axis < b.*axis; });
}

bool ordered(double a, double b, double c, double d) { return a <= b && b <= c && c <= d; }

}  // namespace

std::optional<std::vector<Point>> outer_ring(geometry::Geometry const& footprint) {
    auto const handle = footprint.context().get();
    GEOSGeometry const* polygon = footprint.get();
    int const type = GEOSGeomTypeId_r(handle, polygon);
    if (type == GEOS_MULTIPOLYGON && GEOSGetNumGeometries_r(handle, polygon) == 1) {
        polygon = GEOSGetGeometryN_r(handle, polygon, 0);
    } else if (type != GEOS_POLYGON) {
        return std::nullopt;
    }
    auto const* ring = GEOSGetExteriorRing_r(handle, polygon);
    auto const* sequence = ring != nullptr ? GEOSGeom_getCoordSeq_r(handle, ring) : nullptr;
    unsigned size = 0;
    if (sequence == nullptr || GEOSCoordSeq_getSize_r(handle, sequence, &size) == 0 || size < 4) {
        return std::nullopt;
    }
    std::vector<Point> points(size);
    for (unsigned i = 0; i < size; ++i) {
        GEOSCoordSeq_getXY_r(handle, sequence, i, &points[i].x, &points[i].y);
    }
    return points;
}

std::optional<SliceEdges> slice_edges(std::vector<Point> const& ring, Pass pass) {
    if (ring.empty()) return std::nullopt;
    SliceEdges edges;
    if (pass == Pass::ascending) {
        edges.first_near = least(ring, &Point::y);
        edges.first_far = greatest(ring, &Point::x);
        edges.last_far = greatest(ring, &Point::y);
        edges.last_near = least(ring, &Point::x);
        auto const& [fn, ff, ln, lf] = std::tie(edges.first_near, edges.first_far,
                                                edges.last_near, edges.last_far);
        if (!ordered(ln.x, fn.x, lf.x, lf.x) || !ordered(fn.y, ff.y, ln.y, lf.y)) {
            return std::nullopt;
        }
    } else {
        edges.first_near = greatest(ring, &Point::x);
        edges.first_far = greatest(ring, &Point::y);
        edges.last_far = least(ring, &Point::x);
        edges.last_near = least(ring, &Point::y);
        auto const& [fn, ff, ln, lf] = std::tie(edges.first_near, edges.first_far,
                                                edges.last_near, edges.last_far);
        if (!ordered(lf.x, ff.x, ln.x, fn.x) || !ordered(ln.y, lf.y, fn.y, ff.y)) {
            return std::nullopt;
        }
    }
    return edges;
}

}  // namespace hrsi::sentinel1
