// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/context.hpp>
#include <hrsi/geometry/geometry.hpp>
#include <hrsi/geometry/projection.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_grid.hpp>

#include <memory>
#include <string>
#include <vector>

namespace hrsi::tiles {

// How TileIndex::intersecting finds the tiles of a footprint.
enum class Search {
    tree,           // STRtree candidates by bounding box, then prepared tile geometries
    brute_prepared, // every tile one by one, prepared tile geometries
    brute_plain,    // every tile one by one, GEOSIntersects (the reference's way)
};

// One tile a footprint intersects.
struct TileIntersection {
    Tile const* tile = nullptr;
    double km2 = 0;  // area of the intersection, in the tile's UTM zone
    // The intersection in metres of the tile's UTM zone (tile->epsg): the footprint's vertices
    // projected there, cut by the tile's square.
    geometry::Geometry utm;
};

// The tiles of a grid as GEOS geometries with a spatial index, for one thread: it owns its
// GEOS and PROJ contexts, and the grid must outlive it. Building one takes a few milliseconds;
// make one per thread (GEOS's prepared geometries and its tree, built at first query, are not
// to be shared).
class TileIndex {
public:
    explicit TileIndex(TileGrid const& grid);
    TileIndex(TileIndex const&) = delete;
    TileIndex& operator=(TileIndex const&) = delete;
    ~TileIndex();

    // The context footprints given to this index are made with (see geometry/parse.hpp).
    [[nodiscard]] geometry::GeosContext const& context() const noexcept { return m_context; }
    [[nodiscard]] geometry::Projections& projections() noexcept { return m_projections; }
    [[nodiscard]] TileGrid const& grid() const noexcept { return m_grid; }

    // The tiles a lon/lat footprint intersects, sorted by id (what RLIE-S1 keeps per product).
    [[nodiscard]] std::vector<Tile const*> intersecting(geometry::Geometry const& footprint,
                                                        Search search = Search::tree) const;

    // The tiles a lon/lat footprint intersects by at least `min_km2` (SWS/WDS: 10 km²), with
    // the intersection in each tile's UTM zone, sorted by tile id; `search` finds the
    // candidates (as intersecting()).
    [[nodiscard]] std::vector<TileIntersection> intersections(
        geometry::Geometry const& footprint, double min_km2 = 0, Search search = Search::tree);

    // A tile's lon/lat footprint, and its square in metres of its UTM zone.
    [[nodiscard]] geometry::Geometry const& footprint(Tile const& tile) const;
    [[nodiscard]] geometry::Geometry utm_square(Tile const& tile) const;

    // The union of the footprints of an area's tiles, lon/lat.
    [[nodiscard]] geometry::Geometry area(AreaOfInterest const& area) const;
    // The area simplified to within `simplify_metres` and grown by as much, so that it still
    // covers every tile: short enough for a catalogue query string. 0: not simplified.
    [[nodiscard]] geometry::Geometry simplified_area(AreaOfInterest const& area,
                                                     double simplify_metres) const;

private:
    struct Prepared;
    struct Tree;
    [[nodiscard]] std::size_t index_of(Tile const& tile) const;

    TileGrid const& m_grid;
    geometry::GeosContext m_context;
    geometry::Projections m_projections;
    std::vector<geometry::Geometry> m_footprints;  // one per grid tile, same order
    std::vector<std::unique_ptr<Prepared>> m_prepared;
    std::unique_ptr<Tree> m_tree;
};

}  // namespace hrsi::tiles
