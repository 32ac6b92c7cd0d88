// SPDX-License-Identifier: Apache-2.0
#include <hrsi/geometry/geometry.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <memory>
#include <utility>

namespace hrsi::geometry {
namespace {

GEOSGeometry* checked(GeosContext const& context, GEOSGeometry* geometry, char const* what) {
    if (geometry == nullptr) context.throw_last_error(what);
    return geometry;
}

bool checked_predicate(GeosContext const& context, char result, char const* what) {
    if (result == 2) context.throw_last_error(what);
    return result == 1;
}

struct CoordSeqDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSCoordSequence* sequence) const { GEOSCoordSeq_destroy_r(handle, sequence); }
};

GEOSGeometry* make_ring(GeosContext const& context, std::vector<Point> const& points) {
    auto const handle = context.get();
    bool const closed = points.size() > 1 && points.front().x == points.back().x &&
                        points.front().y == points.back().y;
    std::size_t const size = points.size() + (closed ? 0 : 1);
    if (size < 4) {
        throw InputError(fmt::format("a polygon ring needs at least 3 distinct points, not {}",
                                     size - 1));
    }
    std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter> sequence(
        GEOSCoordSeq_create_r(handle, static_cast<unsigned>(size), 2), CoordSeqDeleter{handle});
    if (!sequence) context.throw_last_error("cannot make a coordinate sequence");
    for (std::size_t i = 0; i < size; ++i) {
        Point const& point = points[i % points.size()];
        GEOSCoordSeq_setXY_r(handle, sequence.get(), static_cast<unsigned>(i), point.x, point.y);
    }
    return checked(context, GEOSGeom_createLinearRing_r(handle, sequence.release()),
                   "cannot make a polygon ring");
}

struct GeometryDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(handle, geometry); }
};

}  // namespace

Geometry::Geometry(GeosContext const& context, GEOSGeometry* geometry)
    : m_context(&context), m_geometry(geometry) {}

Geometry::Geometry(Geometry&& other) noexcept
    : m_context(other.m_context), m_geometry(std::exchange(other.m_geometry, nullptr)) {}

Geometry& Geometry::operator=(Geometry&& other) noexcept {
    if (this != &other) {
        if (m_geometry != nullptr) GEOSGeom_destroy_r(m_context->get(), m_geometry);
        m_context = other.m_context;
        m_geometry = std::exchange(other.m_geometry, nullptr);
    }
    return *this;
}

Geometry::~Geometry() {
    if (m_geometry != nullptr) GEOSGeom_destroy_r(m_context->get(), m_geometry);
}

GEOSGeometry* Geometry::release() noexcept { return std::exchange(m_geometry, nullptr); }

Geometry Geometry::polygon(GeosContext const& context, std::vector<Point> const& outer,
                           std::vector<std::vector<Point>> const& holes) {
    auto const handle = context.get();
    std::unique_ptr<GEOSGeometry, GeometryDeleter> shell(make_ring(context, outer),
                                                         GeometryDeleter{handle});
    std::vector<std::unique_ptr<GEOSGeometry, GeometryDeleter>> hole_rings;
    for (auto const& hole : holes) {
        hole_rings.emplace_back(make_ring(context, hole), GeometryDeleter{handle});
    }
    std::vector<GEOSGeometry*> raw_holes;
    for (auto const& hole : hole_rings) raw_holes.push_back(hole.get());
    GEOSGeometry* polygon = GEOSGeom_createPolygon_r(handle, shell.get(), raw_holes.data(),
                                                     static_cast<unsigned>(raw_holes.size()));
    checked(context, polygon, "cannot make a polygon");
    shell.release();  // owned by the polygon now
    for (auto& hole : hole_rings) (void)hole.release();
    return {context, polygon};
}

Geometry Geometry::multi_polygon(GeosContext const& context,
                                 std::vector<Geometry> const& polygons) {
    auto const handle = context.get();
    std::vector<std::unique_ptr<GEOSGeometry, GeometryDeleter>> copies;
    for (auto const& polygon : polygons) {
        if (GEOSGeomTypeId_r(handle, polygon.get()) != GEOS_POLYGON) {
            throw InputError(fmt::format("a multipolygon holds polygons, not a {}",
                                         polygon.type_name()));
        }
        copies.emplace_back(checked(context, GEOSGeom_clone_r(handle, polygon.get()), "copy"),
                            GeometryDeleter{handle});
    }
    std::vector<GEOSGeometry*> raw;
    for (auto const& copy : copies) raw.push_back(copy.get());
    GEOSGeometry* multi = GEOSGeom_createCollection_r(handle, GEOS_MULTIPOLYGON, raw.data(),
                                                      static_cast<unsigned>(raw.size()));
    checked(context, multi, "cannot make a multipolygon");
    for (auto& copy : copies) (void)copy.release();
    return {context, multi};
}

Geometry Geometry::box(GeosContext const& context, Box const& box) {
    return polygon(context, {{box.min_x, box.min_y},
                             {box.max_x, box.min_y},
                             {box.max_x, box.max_y},
                             {box.min_x, box.max_y}});
}

Geometry Geometry::clone() const {
    return {*m_context, checked(*m_context, GEOSGeom_clone_r(m_context->get(), m_geometry),
                                "cannot copy a geometry")};
}

bool Geometry::empty() const {
    return checked_predicate(*m_context, GEOSisEmpty_r(m_context->get(), m_geometry),
                             "cannot tell whether a geometry is empty");
}

std::string Geometry::type_name() const {
    char* type = GEOSGeomType_r(m_context->get(), m_geometry);
    if (type == nullptr) m_context->throw_last_error("cannot read a geometry's type");
    std::string result = type;
    GEOSFree_r(m_context->get(), type);
    return result;
}

bool Geometry::is_valid() const {
    return checked_predicate(*m_context, GEOSisValid_r(m_context->get(), m_geometry),
                             "cannot check a geometry");
}

std::string Geometry::validity_reason() const {
    char* reason = GEOSisValidReason_r(m_context->get(), m_geometry);
    if (reason == nullptr) m_context->throw_last_error("cannot check a geometry");
    std::string result = reason;
    GEOSFree_r(m_context->get(), reason);
    return result;
}

Geometry Geometry::make_valid() const {
    return {*m_context, checked(*m_context, GEOSMakeValid_r(m_context->get(), m_geometry),
                                "cannot make a geometry valid")};
}

bool Geometry::intersects(Geometry const& other) const {
    return checked_predicate(*m_context,
                             GEOSIntersects_r(m_context->get(), m_geometry, other.m_geometry),
                             "cannot intersect geometries");
}

bool Geometry::covers(Geometry const& other) const {
    return checked_predicate(*m_context,
                             GEOSCovers_r(m_context->get(), m_geometry, other.m_geometry),
                             "cannot compare geometries");
}

Geometry Geometry::intersection(Geometry const& other) const {
    return {*m_context,
            checked(*m_context, GEOSIntersection_r(m_context->get(), m_geometry, other.m_geometry),
                    "cannot intersect geometries")};
}

Geometry Geometry::convex_hull() const {
    return {*m_context, checked(*m_context, GEOSConvexHull_r(m_context->get(), m_geometry),
                                "cannot make a convex hull")};
}

Geometry Geometry::envelope() const {
    return {*m_context, checked(*m_context, GEOSEnvelope_r(m_context->get(), m_geometry),
                                "cannot make an envelope")};
}

Box Geometry::bounds() const {
    Box box;
    if (GEOSGeom_getExtent_r(m_context->get(), m_geometry, &box.min_x, &box.min_y, &box.max_x,
                             &box.max_y) == 0) {
        m_context->throw_last_error("cannot read a geometry's bounds (is it empty?)");
    }
    return box;
}

Point Geometry::centroid() const {
    Geometry const center{*m_context, checked(*m_context,
                                              GEOSGetCentroid_r(m_context->get(), m_geometry),
                                              "cannot find a centroid")};
    Point point;
    if (GEOSGeomGetX_r(m_context->get(), center.get(), &point.x) == 0 ||
        GEOSGeomGetY_r(m_context->get(), center.get(), &point.y) == 0) {
        m_context->throw_last_error("cannot find a centroid (is the geometry empty?)");
    }
    return point;
}

double Geometry::area() const {
    double area = 0;
    if (GEOSArea_r(m_context->get(), m_geometry, &area) == 0) {
        m_context->throw_last_error("cannot compute an area");
    }
    return area;
}

Geometry Geometry::buffer(double distance) const {
    return {*m_context, checked(*m_context, GEOSBuffer_r(m_context->get(), m_geometry, distance, 8),
                                "cannot buffer a geometry")};
}

Geometry Geometry::simplify(double tolerance) const {
    return {*m_context,
            checked(*m_context,
                    GEOSTopologyPreserveSimplify_r(m_context->get(), m_geometry, tolerance),
                    "cannot simplify a geometry")};
}

std::string Geometry::wkt(int decimals) const {
    auto const handle = m_context->get();
    GEOSWKTWriter* raw = GEOSWKTWriter_create_r(handle);
    if (raw == nullptr) m_context->throw_last_error("cannot make a WKT writer");
    struct WriterDeleter {
        GEOSContextHandle_t handle;
        void operator()(GEOSWKTWriter* w) const { GEOSWKTWriter_destroy_r(handle, w); }
    };
    std::unique_ptr<GEOSWKTWriter, WriterDeleter> owned(raw, WriterDeleter{handle});
    GEOSWKTWriter_setTrim_r(handle, raw, 1);
    GEOSWKTWriter_setRoundingPrecision_r(handle, raw, decimals);
    GEOSWKTWriter_setOutputDimension_r(handle, raw, 2);
    char* text = GEOSWKTWriter_write_r(handle, raw, m_geometry);
    if (text == nullptr) m_context->throw_last_error("cannot write WKT");
    std::string result = text;
    GEOSFree_r(handle, text);
    return result;
}

Geometry union_of(GeosContext const& context, std::vector<Geometry> const& geometries) {
    auto const handle = context.get();
    std::vector<std::unique_ptr<GEOSGeometry, GeometryDeleter>> copies;
    for (auto const& geometry : geometries) {
        copies.emplace_back(checked(context, GEOSGeom_clone_r(handle, geometry.get()), "copy"),
                            GeometryDeleter{handle});
    }
    std::vector<GEOSGeometry*> raw;
    for (auto const& copy : copies) raw.push_back(copy.get());
    std::unique_ptr<GEOSGeometry, GeometryDeleter> collection(
        checked(context,
                GEOSGeom_createCollection_r(handle, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                            static_cast<unsigned>(raw.size())),
                "cannot collect geometries"),
        GeometryDeleter{handle});
    for (auto& copy : copies) (void)copy.release();
    return {context, checked(context, GEOSUnaryUnion_r(handle, collection.get()),
                             "cannot unite geometries")};
}

}  // namespace hrsi::geometry
