// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/assembly.hpp>

#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/sentinel1/slice_edges.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <variant>

namespace hrsi::sentinel1 {
namespace {

using geometry::Geometry;
using std::chrono::seconds;

// One slice ready to assemble: its footprint, edges and wanted tiles (any zone).
struct Placed {
    Slice const* slice = nullptr;
    Geometry footprint;
    Geometry first_edge;
    Geometry last_edge;
    std::vector<tiles::TileIntersection> tiles;
};

// An assembly being built: its slices and the tiles they bring (with repeats).
struct Building {
    std::vector<Placed const*> slices;
    std::vector<tiles::Tile const*> candidates;
};

std::string compact_time(util::TimePoint time) {
    auto const day = std::chrono::floor<std::chrono::days>(time);
    std::chrono::year_month_day const date(day);
    std::chrono::hh_mm_ss const clock(std::chrono::floor<seconds>(time - day));
    return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

Geometry line(geometry::GeosContext const& context, geometry::Point a, geometry::Point b) {
    return geometry::read_wkt(context,
                              fmt::format("LINESTRING ({} {}, {} {})", a.x, a.y, b.x, b.y));
}

// The slice placed, or the reason it cannot be.
std::variant<std::unique_ptr<Placed>, std::string> place(Slice const& slice,
                                                         tiles::TileIndex& index,
                                                         TileFilter const& wanted,
                                                         tiles::Search search) {
    auto footprint = geometry::read_footprint(index.context(), slice.footprint);
    auto const ring = outer_ring(footprint);
    if (!ring) return fmt::format("its footprint is a {}, not one polygon", footprint.type_name());
    auto const edges = slice_edges(*ring, slice.pass);
    if (!edges) {
        return fmt::format("the corners of its footprint are not in the order of a {} pass",
                           slice.pass == Pass::ascending ? "ascending" : "descending");
    }
    auto placed = std::make_unique<Placed>(Placed{
        &slice, std::move(footprint), line(index.context(), edges->first_near, edges->first_far),
        line(index.context(), edges->last_near, edges->last_far), {}});
    for (auto& part : index.intersections(placed->footprint, 0, search)) {
        if (!wanted || wanted(*part.tile)) placed->tiles.push_back(std::move(part));
    }
    return placed;
}

// The reference's dedup key: platform, mission take id and slice number (start if none).
std::string slice_key(Slice const& slice) {
    return fmt::format("{}_{}_{}", slice.platform, slice.mission_take_id,
                       slice.slice_number != 0 ? std::to_string(slice.slice_number)
                                               : compact_time(slice.start));
}

using StripeKey = std::tuple<std::string, std::string, int>;  // platform, take id, epsg

// The edges a tile of this slice must not cross, by its place in the datatake and in the
// assembly being built (`count`: 1 for an assembly's first slice).
std::vector<Geometry const*> edges_to_avoid(Placed const& placed, int count) {
    auto const& slice = *placed.slice;
    bool const last = slice.slice_number != 0 && slice.slice_number == slice.total_slices;
    if (slice.slice_number == 1 && slice.total_slices == 1) return {};
    if (slice.slice_number == 1) return {&placed.last_edge};
    if (count == 1 && last) return {&placed.first_edge};
    if (last) return {};
    if (count == 1) return {&placed.first_edge, &placed.last_edge};
    return {&placed.last_edge};
}

void add(Building& building, Placed const& placed, std::vector<Geometry const*> const& avoid,
         tiles::TileIndex const& index) {
    building.slices.push_back(&placed);
    for (auto const& part : placed.tiles) {
        auto const& tile = index.footprint(*part.tile);
        if (std::none_of(avoid.begin(), avoid.end(),
                         [&](Geometry const* edge) { return tile.intersects(*edge); })) {
            building.candidates.push_back(part.tile);
        }
    }
}

// The assemblies of one platform, datatake and zone (the reference's loop over a stripe).
std::vector<Building> group(std::vector<Placed const*> stripe, tiles::TileIndex const& index,
                            std::set<std::string>& dropped) {
    std::stable_sort(stripe.begin(), stripe.end(), [](Placed const* a, Placed const* b) {
        return a->slice->start < b->slice->start;
    });
    std::vector<Building> built;
    Placed const* previous = nullptr;
    int count = 0;
    for (auto const* placed : stripe) {
        auto const& slice = *placed->slice;
        if (previous != nullptr && slice.start - previous->slice->start <= seconds(1)) {
            dropped.insert(slice.product_id);
            continue;
        }
        ++count;
        auto avoid = edges_to_avoid(*placed, count);
        auto const* before = previous != nullptr ? previous->slice : nullptr;
        bool const apart =
            before != nullptr &&
            ((slice.slice_number != 0 && before->slice_number != 0 &&
              slice.slice_number - before->slice_number != 1) ||
             slice.start - before->stop > seconds(1));
        if (apart) {
            built.emplace_back();
        } else if (before != nullptr && count >= max_slices_per_assembly) {
            add(built.back(), *placed, avoid, index);  // ends the pair, and starts the next
            built.emplace_back();
        }
        if (apart || (before != nullptr && count >= max_slices_per_assembly)) {
            count = 1;
            avoid.push_back(&placed->first_edge);
        }
        if (built.empty()) built.emplace_back();
        add(built.back(), *placed, avoid, index);
        previous = placed;
    }
    return built;
}

// The tile's part of an assembly, or nullopt when it covers less than min_tile_km2.
std::optional<AssemblyTile> tile_part(Building const& building, tiles::Tile const& tile,
                                      tiles::TileIndex& index) {
    auto const& tile_footprint = index.footprint(tile);
    AssemblyTile part;
    part.tile = &tile;
    part.envelope = tile_footprint.bounds();
    std::vector<Geometry> pieces;
    double km2 = 0;
    for (auto const* placed : building.slices) {
        for (auto const& crossing : placed->tiles) {
            if (crossing.tile != &tile) continue;
            auto const& slice = *placed->slice;
            bool const first = part.source_ids.empty();
            part.source_ids.push_back(slice.product_id);
            part.source_paths.push_back(slice.path);
            part.start = first ? slice.start : std::min(part.start, slice.start);
            part.stop = first ? slice.stop : std::max(part.stop, slice.stop);
            part.published = first ? slice.published : std::max(part.published, slice.published);
            pieces.push_back(placed->footprint.intersection(tile_footprint));
            km2 += crossing.km2;
        }
    }
    if (km2 < min_tile_km2) return std::nullopt;
    part.area_m2 = km2 * 1e6;
    part.hull_wkt = geometry::union_of(index.context(), pieces).convex_hull().wkt();
    return part;
}

Assembly assembly_of(StripeKey const& key, Building const& building,
                     std::set<std::string>& taken, tiles::TileIndex& index) {
    Assembly assembly;
    std::tie(assembly.platform, assembly.mission_take_id, assembly.epsg) = key;
    auto const& first = *building.slices.front()->slice;
    assembly.id = fmt::format("{}_{}_{}_{}_{}", assembly.platform, assembly.mission_take_id,
                              assembly.epsg, compact_time(first.start),
                              compact_time(building.slices.back()->slice->stop));
    assembly.relative_orbit = first.relative_orbit;
    for (auto const* placed : building.slices) {
        assembly.product_ids.push_back(placed->slice->product_id);
        assembly.paths.push_back(placed->slice->path);
    }
    for (auto const* tile : building.candidates) {
        // Taken before the area check, as the reference does.
        if (tile->epsg != assembly.epsg || !taken.insert(tile->id).second) continue;
        if (auto part = tile_part(building, *tile, index)) assembly.tiles.push_back(std::move(*part));
    }
    std::sort(assembly.tiles.begin(), assembly.tiles.end(),
              [](auto const& a, auto const& b) { return a.tile->id < b.tile->id; });
    return assembly;
}

}  // namespace

AssemblyResult assemble(std::vector<Slice> const& slices, tiles::TileIndex& index,
                        TileFilter const& wanted, tiles::Search search) {
    AssemblyResult result;
    std::set<std::string> seen;
    std::vector<std::unique_ptr<Placed>> placed;
    std::map<StripeKey, std::vector<Placed const*>> stripes;
    for (auto const& slice : slices) {
        if (!seen.insert(slice_key(slice)).second) {
            ++result.duplicates;
            continue;
        }
        auto outcome = place(slice, index, wanted, search);
        if (auto const* reason = std::get_if<std::string>(&outcome)) {
            result.skipped.push_back({slice.product_id, *reason});
            continue;
        }
        auto& ready = std::get<std::unique_ptr<Placed>>(outcome);
        std::set<int> zones;
        for (auto const& part : ready->tiles) zones.insert(part.tile->epsg);
        for (int const zone : zones) {
            stripes[{slice.platform, slice.mission_take_id, zone}].push_back(ready.get());
        }
        placed.push_back(std::move(ready));
    }
    std::set<std::string> dropped;
    for (auto const& [key, stripe] : stripes) {
        std::set<std::string> taken;  // tiles of this datatake already given to an assembly
        for (auto const& building : group(stripe, index, dropped)) {
            auto assembly = assembly_of(key, building, taken, index);
            if (!assembly.tiles.empty()) result.assemblies.push_back(std::move(assembly));
        }
    }
    result.duplicates += static_cast<int>(dropped.size());
    return result;
}

}  // namespace hrsi::sentinel1
