// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/tile_index.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hrsi::tiles {

// One prepared tile footprint (GEOSPreparedGeometry, owned).
struct TileIndex::Prepared {
    GEOSContextHandle_t handle;
    GEOSPreparedGeometry const* prepared;
    Prepared(GEOSContextHandle_t h, GEOSPreparedGeometry const* p) : handle(h), prepared(p) {}
    Prepared(Prepared const&) = delete;
    Prepared& operator=(Prepared const&) = delete;
    ~Prepared() { GEOSPreparedGeom_destroy_r(handle, prepared); }
};

// The STRtree of the tile footprints; items are the tiles' positions in the grid.
struct TileIndex::Tree {
    GEOSContextHandle_t handle;
    GEOSSTRtree* tree;
    std::vector<std::size_t> items;
    Tree(GEOSContextHandle_t h, GEOSSTRtree* t) : handle(h), tree(t) {}
    Tree(Tree const&) = delete;
    Tree& operator=(Tree const&) = delete;
    ~Tree() { GEOSSTRtree_destroy_r(handle, tree); }
};

namespace {

void collect(void* item, void* found) {
    static_cast<std::vector<std::size_t>*>(found)->push_back(*static_cast<std::size_t*>(item));
}

// Degrees of latitude per metre: a tolerance in metres as degrees (longitude degrees are
// shorter on the ground, so the same number of degrees is at most as many metres there).
constexpr double degrees_per_metre = 1.0 / 111'320.0;

}  // namespace

TileIndex::TileIndex(TileGrid const& grid) : m_grid(grid) {
    auto const handle = m_context.get();
    auto const& tiles = grid.tiles();
    m_footprints.reserve(tiles.size());
    for (auto const& tile : tiles) {
        m_footprints.push_back(geometry::Geometry::polygon(m_context, tile.footprint));
    }
    GEOSSTRtree* tree = GEOSSTRtree_create_r(handle, 10);
    if (tree == nullptr) m_context.throw_last_error("cannot make the tiles' STRtree");
    m_tree = std::make_unique<Tree>(handle, tree);
    m_tree->items.resize(tiles.size());
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        GEOSPreparedGeometry const* prepared = GEOSPrepare_r(handle, m_footprints[i].get());
        if (prepared == nullptr) m_context.throw_last_error("cannot prepare a tile footprint");
        m_prepared.push_back(std::make_unique<Prepared>(handle, prepared));
        m_tree->items[i] = i;
        GEOSSTRtree_insert_r(handle, tree, m_footprints[i].get(), &m_tree->items[i]);
    }
}

TileIndex::~TileIndex() = default;

std::vector<Tile const*> TileIndex::intersecting(geometry::Geometry const& footprint,
                                                 Search search) const {
    auto const handle = m_context.get();
    auto const& tiles = m_grid.tiles();
    std::vector<std::size_t> candidates;
    if (search == Search::tree) {
        GEOSSTRtree_query_r(handle, m_tree->tree, footprint.get(), &collect, &candidates);
        std::sort(candidates.begin(), candidates.end());
    } else {
        candidates.resize(tiles.size());
        for (std::size_t i = 0; i < tiles.size(); ++i) candidates[i] = i;
    }
    std::vector<Tile const*> result;
    for (auto const i : candidates) {
        char const hit = search == Search::brute_plain
                             ? GEOSIntersects_r(handle, m_footprints[i].get(), footprint.get())
                             : GEOSPreparedIntersects_r(handle, m_prepared[i]->prepared,
                                                        footprint.get());
        if (hit == 2) m_context.throw_last_error("cannot intersect a footprint with the tiles");
        if (hit == 1) result.push_back(&tiles[i]);
    }
    return result;
}

std::vector<TileIntersection> TileIndex::intersections(geometry::Geometry const& footprint,
                                                       double min_km2, Search search) {
    std::vector<TileIntersection> result;
    std::map<int, geometry::Geometry> projected;  // the footprint in each zone met
    for (auto const* tile : intersecting(footprint, search)) {
        auto zone = projected.find(tile->epsg);
        if (zone == projected.end()) {
            zone = projected.emplace(tile->epsg, m_projections.to(tile->epsg).forward(footprint))
                       .first;
        }
        auto part = zone->second.intersection(utm_square(*tile));
        double const km2 = part.area() / 1e6;
        if (part.empty() || km2 < min_km2) continue;
        result.push_back({tile, km2, std::move(part)});
    }
    return result;
}

std::size_t TileIndex::index_of(Tile const& tile) const {
    auto const& tiles = m_grid.tiles();
    if (&tile < tiles.data() || &tile >= tiles.data() + tiles.size()) {
        throw InternalError(fmt::format("tile {} is not a tile of this index's grid", tile.id));
    }
    return static_cast<std::size_t>(&tile - tiles.data());
}

geometry::Geometry const& TileIndex::footprint(Tile const& tile) const {
    return m_footprints[index_of(tile)];
}

geometry::Geometry TileIndex::utm_square(Tile const& tile) const {
    return geometry::Geometry::box(m_context, {tile.ulx, tile.lry, tile.lrx, tile.uly});
}

geometry::Geometry TileIndex::area(AreaOfInterest const& area) const {
    std::vector<geometry::Geometry> parts;
    for (std::size_t i = 0; i < m_grid.tiles().size(); ++i) {
        if (area.contains(m_grid.tiles()[i].id)) parts.push_back(m_footprints[i].clone());
    }
    return geometry::union_of(m_context, parts);
}

geometry::Geometry TileIndex::simplified_area(AreaOfInterest const& area,
                                              double simplify_metres) const {
    auto whole = this->area(area);
    if (simplify_metres <= 0) return whole;
    double const tolerance = simplify_metres * degrees_per_metre;
    // Grown first by more than the tolerance, so that simplification only cuts the margin.
    return whole.buffer(1.5 * tolerance).simplify(tolerance);
}

}  // namespace hrsi::tiles
