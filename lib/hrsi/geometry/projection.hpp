// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>

#include <map>
#include <memory>

struct pj_ctx;
struct PJconsts;

namespace hrsi::geometry {

// One PROJ context (PJ_CONTEXT): the transforms made with it are used on one thread at a
// time and it outlives them. Its messages go nowhere; failures throw.
class ProjContext {
public:
    ProjContext();
    ProjContext(ProjContext const&) = delete;
    ProjContext& operator=(ProjContext const&) = delete;
    ~ProjContext();

    [[nodiscard]] pj_ctx* get() const noexcept { return m_context; }

private:
    pj_ctx* m_context;
};

// A transform from lon/lat WGS84 (EPSG:4326, x = lon) to a projected EPSG code (a UTM zone:
// 326zz north, 327zz south) and back. Move-only.
class Transform {
public:
    // Throws InputError for an EPSG code PROJ does not know.
    Transform(ProjContext const& context, int epsg);
    Transform(Transform&&) noexcept;
    Transform& operator=(Transform&&) noexcept;
    Transform(Transform const&) = delete;
    Transform& operator=(Transform const&) = delete;
    ~Transform();

    [[nodiscard]] int epsg() const noexcept { return m_epsg; }
    // lon/lat -> projected metres; throws InputError for a point PROJ cannot project.
    [[nodiscard]] Point forward(Point lon_lat) const;
    // projected metres -> lon/lat.
    [[nodiscard]] Point inverse(Point projected) const;
    // The geometry with every vertex projected (edges stay straight lines between them).
    [[nodiscard]] Geometry forward(Geometry const& lon_lat) const;
    [[nodiscard]] Geometry inverse(Geometry const& projected) const;

private:
    PJconsts* m_transform = nullptr;
    int m_epsg = 0;
};

// The UTM zone EPSG code of a lon/lat point: 32601..32660 north of the equator, 32701..32760
// south (the regular 6° zones; the Sentinel-2 grid uses them too, even over Norway).
[[nodiscard]] int utm_epsg(Point lon_lat);

// Transforms by EPSG code, made at first use and kept: one per thread (it owns a PROJ context).
class Projections {
public:
    Projections() = default;
    Projections(Projections const&) = delete;
    Projections& operator=(Projections const&) = delete;

    [[nodiscard]] Transform const& to(int epsg);

    // The area of a lon/lat geometry in km², computed in the UTM zone of its centroid
    // (or `epsg` when given, e.g. a tile's zone).
    [[nodiscard]] double area_km2(Geometry const& lon_lat, int epsg = 0);

private:
    ProjContext m_context;
    std::map<int, std::unique_ptr<Transform>> m_transforms;
};

}  // namespace hrsi::geometry
