// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>
#include <hrsi/sentinel1/slice.hpp>
#include <hrsi/tiles/tile_index.hpp>
#include <hrsi/util/time.hpp>

#include <functional>
#include <string>
#include <vector>

namespace hrsi::sentinel1 {

// The reference's rules (§3.8): at most two consecutive slices per assembly, and a tile is
// kept when the assembly covers at least 10 km² of it.
inline constexpr int max_slices_per_assembly = 2;
inline constexpr double min_tile_km2 = 10.0;

// One tile an assembly covers enough (the reference's per-tile "tile_yml").
struct AssemblyTile {
    tiles::Tile const* tile = nullptr;
    geometry::Box envelope;                 // the tile's lon/lat bounds
    std::vector<std::string> source_ids;    // the assembly's slices over the tile, time order
    std::vector<std::string> source_paths;
    util::TimePoint start;                  // the earliest start of those slices
    util::TimePoint stop;                   // their latest stop
    util::TimePoint published;              // their latest publication
    // The sum of their intersections with the tile, m² in the tile's UTM zone (areaUTM).
    double area_m2 = 0;
    // The convex hull of the union of (slice ∩ tile), lon/lat WKT (sourceGeometry).
    std::string hull_wkt;
};

// One assembly: one or two consecutive slices of a datatake, in one UTM zone.
struct Assembly {
    // <platform>_<missionTakeId>_<epsg>_<first start>_<last stop>, times YYYYmmddHHMMSS.
    std::string id;
    std::string platform;         // S1A, S1B, S1C
    std::string mission_take_id;  // as in the product names
    int epsg = 0;                 // the zone: 326zz / 327zz
    int relative_orbit = 0;       // its first slice's
    std::vector<std::string> product_ids;  // its slices, time order
    std::vector<std::string> paths;
    std::vector<AssemblyTile> tiles;       // of its zone, sorted by tile id; never empty
};

// A slice left out, with the reason.
struct SkippedSlice {
    std::string product_id;
    std::string reason;
};

struct AssemblyResult {
    // By platform, mission take id and zone, then in time order.
    std::vector<Assembly> assemblies;
    std::vector<SkippedSlice> skipped;  // footprints the assembly cannot orient
    int duplicates = 0;                 // slices dropped as copies of one already taken
};

// Which tiles to consider (the reference: mountain tiles and tiles with a new FSC). Empty: all.
using TileFilter = std::function<bool(tiles::Tile const&)>;

// Assembles Sentinel-1 slices over the tiles of `index` (reference
// `s1_product_assembly`):
// - duplicates dropped: a second slice of one platform, mission take id and slice number (or,
//   for slice number 0, start second), and within a zone a slice starting within 1 s of the
//   previous one;
// - slices grouped by platform, mission take id and UTM zone of the tiles they intersect, in
//   start order, into assemblies of at most two consecutive slices: a slice number that does
//   not follow the previous one, or a gap of more than 1 s after its stop, starts a new
//   assembly; a pair is followed by an assembly starting at its second slice;
// - a tile belongs to an assembly when it does not cross the assembly's outer edges (the first
//   edge of its first slice unless that is the datatake's first slice, the last edge of its
//   last slice unless that is the last one), is of the assembly's zone, was not taken by an
//   earlier assembly of the datatake, and is covered by at least min_tile_km2;
// - an assembly without tiles is left out.
// A footprint that is not one polygon, or whose corners are not in the order of its pass, is
// skipped with the reason. Throws InputError for a footprint that does not read.
// `search` is how the tiles of each slice are found (tiles::Search; the tree but for
// benchmarks).
[[nodiscard]] AssemblyResult assemble(std::vector<Slice> const& slices, tiles::TileIndex& index,
                                      TileFilter const& wanted = {},
                                      tiles::Search search = tiles::Search::tree);

}  // namespace hrsi::sentinel1
