// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/sentinel1/assembly.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include "sentinel1_test_slices.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

using namespace hrsi;
using namespace hrsi::sentinel1;
using std::chrono::seconds;
using hrsi::test::alpine_slice;
using hrsi::test::datatake_start;
using hrsi::test::grid;

namespace {

std::vector<Assembly> in_zone(AssemblyResult const& result, int epsg) {
    std::vector<Assembly> found;
    for (auto const& assembly : result.assemblies) {
        if (assembly.epsg == epsg) found.push_back(assembly);
    }
    return found;
}

std::string id_of(Slice const& slice) { return slice.product_id; }

// Every tile of a datatake and zone is given to one assembly only, of its zone, covered by
// at least 10 km², by slices of that assembly; no assembly has more than two slices.
void check_invariants(AssemblyResult const& result) {
    std::set<std::string> seen;
    for (auto const& assembly : result.assemblies) {
        REQUIRE_FALSE(assembly.tiles.empty());
        REQUIRE(assembly.product_ids.size() <= max_slices_per_assembly);
        for (auto const& tile : assembly.tiles) {
            INFO(assembly.id << " " << tile.tile->id);
            CHECK(tile.tile->epsg == assembly.epsg);
            CHECK(tile.area_m2 >= 10e6);
            CHECK(seen.insert(assembly.platform + assembly.mission_take_id + tile.tile->id).second);
            for (auto const& source : tile.source_ids) {
                CHECK(std::find(assembly.product_ids.begin(), assembly.product_ids.end(), source) !=
                      assembly.product_ids.end());
            }
        }
    }
}

}  // namespace

TEST_CASE("sentinel1::assemble joins consecutive slices in pairs", "[sentinel1]") {
    tiles::TileIndex index(grid());
    std::vector<Slice> const slices{alpine_slice(1, 3), alpine_slice(2, 3), alpine_slice(3, 3)};
    auto const result = assemble(slices, index);
    check_invariants(result);
    CHECK(result.duplicates == 0);
    CHECK(result.skipped.empty());

    auto const zone32 = in_zone(result, 32632);
    // [1,2] and [2,3]; [3] alone keeps no tile (those of slice 3 went to [2,3]).
    REQUIRE(zone32.size() == 2);
    CHECK(zone32[0].product_ids == std::vector<std::string>{id_of(slices[0]), id_of(slices[1])});
    CHECK(zone32[1].product_ids == std::vector<std::string>{id_of(slices[1]), id_of(slices[2])});
    CHECK(zone32[0].id == "S1A_06476F_32632_20240105171530_20240105171620");
    CHECK(zone32[1].id == "S1A_06476F_32632_20240105171555_20240105171645");
    CHECK(zone32[0].paths[0] == slices[0].path);
    CHECK(zone32[0].relative_orbit == 15);
    CHECK(zone32[0].platform == "S1A");
    CHECK(zone32[0].mission_take_id == "06476F");

    SECTION("a tile across the edge of slices 1 and 2 is built from both") {
        auto const& pair = zone32[0];
        auto const both = std::find_if(pair.tiles.begin(), pair.tiles.end(),
                                       [](auto const& tile) { return tile.source_ids.size() == 2; });
        REQUIRE(both != pair.tiles.end());
        CHECK(both->start == slices[0].start);
        CHECK(both->stop == slices[1].stop);
        CHECK(both->published == slices[1].published);
        CHECK(both->source_paths == std::vector<std::string>{slices[0].path, slices[1].path});
        // The hull is inside the tile's envelope and reads back as a polygon.
        auto const hull = geometry::read_wkt(index.context(), both->hull_wkt);
        CHECK(hull.type_name() == "Polygon");
        auto const box = hull.bounds();
        CHECK(box.min_x >= both->envelope.min_x - 1e-6);
        CHECK(box.max_y <= both->envelope.max_y + 1e-6);
        CHECK(both->envelope.min_x < both->envelope.max_x);
        CHECK(both->envelope.min_y < both->envelope.max_y);
    }
    SECTION("the slices' other zone makes assemblies of its own") {
        auto const zone31 = in_zone(result, 32631);
        REQUIRE_FALSE(zone31.empty());
        CHECK(zone31[0].id.rfind("S1A_06476F_32631_", 0) == 0);
    }
    SECTION("the catalogue's order does not matter") {
        auto reversed = slices;
        std::reverse(reversed.begin(), reversed.end());
        auto const again = assemble(reversed, index);
        REQUIRE(again.assemblies.size() == result.assemblies.size());
        for (std::size_t i = 0; i < again.assemblies.size(); ++i) {
            CHECK(again.assemblies[i].id == result.assemblies[i].id);
            CHECK(again.assemblies[i].tiles.size() == result.assemblies[i].tiles.size());
        }
    }
}

TEST_CASE("sentinel1::assemble: never more than two slices, each pair starts a new one",
          "[sentinel1]") {
    tiles::TileIndex index(grid());
    std::vector<Slice> slices;
    for (int number = 1; number <= 5; ++number) slices.push_back(alpine_slice(number, 5));
    auto const result = assemble(slices, index);
    check_invariants(result);
    auto const zone32 = in_zone(result, 32632);
    std::vector<std::vector<std::string>> groups;
    for (auto const& assembly : zone32) groups.push_back(assembly.product_ids);
    // Slice 5 at 51.3°N-ish is out of the EEA39 tiles of zone 32's pairs or not: whatever it
    // covers, every pair is two consecutive slices.
    REQUIRE(groups.size() >= 3);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        REQUIRE(groups[i].size() == 2);
        CHECK(groups[i][0] == id_of(slices[i]));
        CHECK(groups[i][1] == id_of(slices[i + 1]));
    }
}

TEST_CASE("sentinel1::assemble does not join slices that are not consecutive", "[sentinel1]") {
    tiles::TileIndex index(grid());
    std::vector<Slice> const slices{alpine_slice(1, 5), alpine_slice(3, 5)};
    auto const result = assemble(slices, index);
    check_invariants(result);
    for (auto const& assembly : result.assemblies) CHECK(assembly.product_ids.size() == 1);
    auto const zone32 = in_zone(result, 32632);
    REQUIRE(zone32.size() == 2);
    CHECK(zone32[0].product_ids[0] == id_of(slices[0]));
    CHECK(zone32[1].product_ids[0] == id_of(slices[1]));
    // Slice 3 alone: only the tiles that cross neither of its edges (its neighbours are
    // missing), so fewer than slice 1, whose first edge is the datatake's start.
    for (auto const& tile : zone32[1].tiles) CHECK(tile.source_ids.size() == 1);
}

TEST_CASE("sentinel1::assemble drops duplicate slices", "[sentinel1]") {
    tiles::TileIndex index(grid());
    std::vector<Slice> const once{alpine_slice(1, 2), alpine_slice(2, 2)};
    // Slice 2 again (a reprocessing: another unique id), and slice 1 once more.
    auto twice = once;
    twice.push_back(alpine_slice(2, 2, "FF00"));
    twice.push_back(alpine_slice(1, 2));
    auto const result = assemble(twice, index);
    CHECK(result.duplicates == 2);
    auto const reference = assemble(once, index);
    REQUIRE(result.assemblies.size() == reference.assemblies.size());
    for (std::size_t i = 0; i < result.assemblies.size(); ++i) {
        CHECK(result.assemblies[i].id == reference.assemblies[i].id);
        CHECK(result.assemblies[i].product_ids == reference.assemblies[i].product_ids);
    }
    SECTION("a slice starting within a second of another of its zone is a copy too") {
        auto shifted = alpine_slice(2, 2, "EE11");
        shifted.slice_number = 0;  // not numbered: kept by the first rule, dropped by time
        shifted.start += seconds(1);
        auto with_copy = once;
        with_copy.push_back(shifted);
        auto const dropped = assemble(with_copy, index);
        CHECK(dropped.duplicates == 1);
        CHECK(dropped.assemblies.size() == reference.assemblies.size());
    }
}

TEST_CASE("sentinel1::assemble groups by platform and mission take id", "[sentinel1]") {
    tiles::TileIndex index(grid());
    auto other = alpine_slice(2, 2, "C3D4", "0647A0");  // another datatake's slice
    std::vector<Slice> const slices{alpine_slice(1, 2), other};
    auto const result = assemble(slices, index);
    check_invariants(result);
    std::set<std::string> takes;
    for (auto const& assembly : result.assemblies) {
        CHECK(assembly.product_ids.size() == 1);
        takes.insert(assembly.mission_take_id);
    }
    CHECK(takes == std::set<std::string>{"06476F", "0647A0"});
}

TEST_CASE("sentinel1::assemble keeps a tile from 10 km² on", "[sentinel1]") {
    // A lone slice (1 of 1) whose east edge runs 'width' metres inside 32TLR's west side, over
    // 90 km of its height: exactly width × 90 km of the tile (straight edges in UTM 32N).
    tiles::TileIndex index(grid());
    auto const& tile = grid().at("32TLR");
    auto const& utm = index.projections().to(32632);
    auto const slice_over = [&](double width) {
        double const east = tile.ulx + width;
        std::vector<geometry::Point> corners{{250000, 5000000}, {east, 5010000},
                                             {east, 5100000}, {250000, 5090000}};
        std::string wkt = "POLYGON ((";
        for (auto const& corner : corners) {
            auto const point = utm.inverse(corner);
            wkt += fmt::format("{} {}, ", point.x, point.y);
        }
        auto const first = utm.inverse(corners.front());
        wkt += fmt::format("{} {}))", first.x, first.y);
        auto slice = alpine_slice(1, 1);
        slice.footprint = wkt;
        return slice;
    };
    auto const only_32tlr = [](tiles::Tile const& candidate) { return candidate.id == "32TLR"; };

    auto const below = assemble({slice_over(110.0)}, index, only_32tlr);  // 9.9 km²
    CHECK(below.assemblies.empty());
    CHECK(below.skipped.empty());

    auto const above = assemble({slice_over(112.5)}, index, only_32tlr);  // 10.125 km²
    REQUIRE(above.assemblies.size() == 1);
    REQUIRE(above.assemblies[0].tiles.size() == 1);
    CHECK(above.assemblies[0].tiles[0].tile->id == "32TLR");
    CHECK(above.assemblies[0].tiles[0].area_m2 == Approx(10.125e6).epsilon(1e-6));
    CHECK(above.assemblies[0].id == "S1A_06476F_32632_20240105171530_20240105171555");
}

TEST_CASE("sentinel1::assemble skips footprints it cannot orient", "[sentinel1]") {
    tiles::TileIndex index(grid());
    auto wrong_pass = alpine_slice(1, 1);
    wrong_pass.pass = Pass::descending;  // an ascending footprint said to be descending
    auto two_parts = alpine_slice(1, 1, "B0B0", "0647B0");
    two_parts.footprint =
        "MULTIPOLYGON (((7 45, 8 45, 8 46, 7 45)), ((9 45, 10 45, 10 46, 9 45)))";
    auto const result = assemble({wrong_pass, two_parts}, index);
    CHECK(result.assemblies.empty());
    REQUIRE(result.skipped.size() == 2);
    CHECK(result.skipped[0].reason == "the corners of its footprint are not in the order of a "
                                      "descending pass");
    CHECK(result.skipped[1].reason == "its footprint is a MultiPolygon, not one polygon");

    auto unreadable = alpine_slice(1, 1);
    unreadable.footprint = "POLYGON ((7 45, 8";
    CHECK_THROWS_AS(assemble({unreadable}, index), InputError);
}
