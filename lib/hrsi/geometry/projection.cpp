// SPDX-License-Identifier: Apache-2.0
#include <hrsi/geometry/projection.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <utility>

namespace hrsi::geometry {
namespace {

struct TransformCall {
    PJ* transform;
    PJ_DIRECTION direction;
};

// GEOSGeom_transformXY_r's callback: 1 on success, 0 stops the transform.
int transform_xy(double* x, double* y, void* data) {
    auto const* call = static_cast<TransformCall const*>(data);
    PJ_COORD const result = proj_trans(call->transform, call->direction, proj_coord(*x, *y, 0, 0));
    if (!std::isfinite(result.xy.x) || !std::isfinite(result.xy.y)) return 0;
    *x = result.xy.x;
    *y = result.xy.y;
    return 1;
}

Geometry transformed(PJ* transform, PJ_DIRECTION direction, Geometry const& geometry, int epsg) {
    TransformCall call{transform, direction};
    GEOSGeometry* result = GEOSGeom_transformXY_r(geometry.context().get(), geometry.get(),
                                                  &transform_xy, &call);
    if (result == nullptr) {
        throw InputError(fmt::format("cannot project a geometry {} EPSG:{}",
                                     direction == PJ_FWD ? "to" : "from", epsg));
    }
    return {geometry.context(), result};
}

}  // namespace

ProjContext::ProjContext() : m_context(proj_context_create()) {
    if (m_context == nullptr) throw std::bad_alloc();
    proj_log_level(m_context, PJ_LOG_NONE);
}

ProjContext::~ProjContext() { proj_context_destroy(m_context); }

Transform::Transform(ProjContext const& context, int epsg) : m_epsg(epsg) {
    auto const target = fmt::format("EPSG:{}", epsg);
    PJ* raw = proj_create_crs_to_crs(context.get(), "EPSG:4326", target.c_str(), nullptr);
    if (raw == nullptr) {
        throw InputError(fmt::format("PROJ cannot transform lon/lat to {}: {}", target,
                                     proj_context_errno_string(context.get(),
                                                               proj_context_errno(context.get()))));
    }
    // x = lon, y = lat on the geographic side, whatever EPSG:4326's axis order.
    m_transform = proj_normalize_for_visualization(context.get(), raw);
    proj_destroy(raw);
    if (m_transform == nullptr) {
        throw InputError(fmt::format("PROJ cannot order the axes of lon/lat to {}", target));
    }
}

Transform::Transform(Transform&& other) noexcept
    : m_transform(std::exchange(other.m_transform, nullptr)), m_epsg(other.m_epsg) {}

Transform& Transform::operator=(Transform&& other) noexcept {
    if (this != &other) {
        if (m_transform != nullptr) proj_destroy(m_transform);
        m_transform = std::exchange(other.m_transform, nullptr);
        m_epsg = other.m_epsg;
    }
    return *this;
}

Transform::~Transform() {
    if (m_transform != nullptr) proj_destroy(m_transform);
}

Point Transform::forward(Point lon_lat) const {
    double x = lon_lat.x;
    double y = lon_lat.y;
    TransformCall call{m_transform, PJ_FWD};
    if (transform_xy(&x, &y, &call) == 0) {
        throw InputError(fmt::format("cannot project ({}, {}) to EPSG:{}", lon_lat.x, lon_lat.y,
                                     m_epsg));
    }
    return {x, y};
}

Point Transform::inverse(Point projected) const {
    double x = projected.x;
    double y = projected.y;
    TransformCall call{m_transform, PJ_INV};
    if (transform_xy(&x, &y, &call) == 0) {
        throw InputError(fmt::format("cannot project ({}, {}) from EPSG:{}", projected.x,
                                     projected.y, m_epsg));
    }
    return {x, y};
}

Geometry Transform::forward(Geometry const& lon_lat) const {
    return transformed(m_transform, PJ_FWD, lon_lat, m_epsg);
}

Geometry Transform::inverse(Geometry const& projected) const {
    return transformed(m_transform, PJ_INV, projected, m_epsg);
}

int utm_epsg(Point lon_lat) {
    double const lon = std::fmod(std::fmod(lon_lat.x + 180.0, 360.0) + 360.0, 360.0);
    int const zone = std::min(60, static_cast<int>(lon / 6.0) + 1);
    return (lon_lat.y >= 0 ? 32600 : 32700) + zone;
}

Transform const& Projections::to(int epsg) {
    auto& slot = m_transforms[epsg];
    if (!slot) slot = std::make_unique<Transform>(m_context, epsg);
    return *slot;
}

double Projections::area_km2(Geometry const& lon_lat, int epsg) {
    if (lon_lat.empty()) return 0;
    if (epsg == 0) epsg = utm_epsg(lon_lat.centroid());
    return to(epsg).forward(lon_lat).area() / 1e6;
}

}  // namespace hrsi::geometry
