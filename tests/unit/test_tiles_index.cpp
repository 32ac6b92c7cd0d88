// SPDX-License-Identifier: Apache-2.0
#include "tile_grid_data.hpp"

#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

#include <random>

using namespace hrsi;
using namespace hrsi::tiles;

namespace {

using testing::grid;

std::vector<std::string> ids(std::vector<Tile const*> const& tiles) {
    std::vector<std::string> result;
    for (auto const* tile : tiles) result.push_back(tile->id);
    return result;
}

}  // namespace

TEST_CASE("tiles::TileIndex finds the tiles a footprint intersects, sorted", "[tiles]") {
    TileIndex index(grid());
    SECTION("a point inside 32TLR and its neighbours' overlaps") {
        // The centre of 32TLR: inside it and no other tile.
        auto const& tlr = grid().at("32TLR");
        auto const centre = index.projections().to(32632).inverse(
            {(tlr.ulx + tlr.lrx) / 2, (tlr.uly + tlr.lry) / 2});
        auto point = geometry::read_wkt(index.context(),
                                        fmt::format("POINT ({} {})", centre.x, centre.y));
        CHECK(ids(index.intersecting(point)) == std::vector<std::string>{"32TLR"});
    }
    SECTION("a footprint far outside Europe") {
        auto pacific = geometry::read_wkt(index.context(),
                                          "POLYGON ((-150 0, -149 0, -149 1, -150 1, -150 0))");
        CHECK(index.intersecting(pacific).empty());
        CHECK(index.intersections(pacific).empty());
    }
    SECTION("a Sentinel-1 IW footprint over the Alps") {
        auto grd = geometry::read_footprint(
            index.context(),
            "geography'SRID=4326;POLYGON ((7.0 45.0, 10.3 45.4, 10.0 47.1, 6.6 46.7, 7.0 45.0))'");
        auto const found = index.intersecting(grd);
        CHECK(found.size() > 6);
        CHECK(std::is_sorted(found.begin(), found.end(),
                             [](auto a, auto b) { return a->id < b->id; }));
        CHECK(ids(index.intersecting(grd, Search::brute_prepared)) == ids(found));
        CHECK(ids(index.intersecting(grd, Search::brute_plain)) == ids(found));
        auto const parts = index.intersections(grd, 10.0);
        REQUIRE_FALSE(parts.empty());
        double total = 0;
        for (auto const& part : parts) {
            CHECK(part.km2 >= 10.0);
            CHECK(part.km2 <= 109.8 * 109.8 + 1);
            CHECK(part.km2 == Approx(part.utm.area() / 1e6));
            total += part.km2;
        }
        // The tiles overlap, so the parts add up to more than the footprint.
        CHECK(total > index.projections().area_km2(grd));
    }
}

TEST_CASE("tiles::TileIndex: the tree finds what brute force finds", "[tiles]") {
    TileIndex index(grid());
    std::mt19937 random(21);
    std::uniform_real_distribution<double> lon(-30, 45);
    std::uniform_real_distribution<double> lat(25, 73);
    for (int i = 0; i < 300; ++i) {
        double const x = lon(random);
        double const y = lat(random);
        auto box = geometry::Geometry::box(index.context(), {x, y, x + 3.2, y + 2.2});
        auto const tree = ids(index.intersecting(box));
        REQUIRE(tree == ids(index.intersecting(box, Search::brute_plain)));
        REQUIRE(tree == ids(index.intersecting(box, Search::brute_prepared)));
    }
}

TEST_CASE("tiles::TileIndex: a tile's own footprint covers its whole UTM square", "[tiles]") {
    TileIndex index(grid());
    auto const& tile = grid().at("31TCH");
    auto const parts = index.intersections(index.footprint(tile));
    auto const own = std::find_if(parts.begin(), parts.end(),
                                  [&](auto const& part) { return part.tile == &tile; });
    REQUIRE(own != parts.end());
    CHECK(own->km2 == Approx(109.8 * 109.8).epsilon(1e-4));
    // Its neighbours share only the overlap strips, which the 10 km² floor does not drop.
    CHECK(parts.size() > 1);
}

TEST_CASE("tiles::TileIndex: the simplified area covers every tile and is short", "[tiles]") {
    TileIndex index(grid());
    auto const eea39 = AreaOfInterest::named("EEA39");
    auto const simplified = index.simplified_area(eea39, 10000);
    auto const wkt = simplified.wkt(4);
    CHECK(wkt.size() < 8000);
    auto const reread = geometry::read_wkt(index.context(), wkt);
    for (auto const& tile : grid().tiles()) {
        INFO(tile.id);
        CHECK(reread.covers(index.footprint(tile)));
    }
    auto const rlie = index.area(AreaOfInterest::named("EEA39_RLIE"));
    CHECK(rlie.area() < index.area(eea39).area());
}

TEST_CASE("tiles::AreaOfInterest refuses tiles outside the area with the reason", "[tiles]") {
    auto const eea39 = AreaOfInterest::named("EEA39");
    CHECK(eea39.contains("32TLR"));
    CHECK(eea39.contains("T32TLR"));
    CHECK_FALSE(eea39.refusal("32TLR"));
    CHECK(eea39.refusal("T54PXA") == "tile 54PXA is outside the area of interest (EEA39)");
    auto const rlie = AreaOfInterest::named("EEA39_RLIE");
    CHECK_FALSE(rlie.contains("26SLJ"));  // a no-RLIE tile
    CHECK(rlie.tiles().size() == 1000);
    CHECK(AreaOfInterest::named("world").contains("54PXA"));
    CHECK_THROWS_WITH(AreaOfInterest::named("Europe"), Catch::Contains("known: EEA39, EEA39_RLIE, world"));
    CHECK(area_for_type(R"({"default": "EEA39"})", "fsc_rlie_job").name() == "EEA39");
    CHECK(area_for_type(R"({"default": "EEA39", "rlies1s2_job": "EEA39_RLIE"})", "rlies1s2_job")
              .name() == "EEA39_RLIE");
    CHECK(area_for_type("{}", "fsc_rlie_job").name() == "EEA39");
    CHECK_THROWS_AS(area_for_type("[1]", "fsc_rlie_job"), InputError);
    CHECK_THROWS_AS(area_for_type(R"({"default": 3})", "fsc_rlie_job"), InputError);
}
