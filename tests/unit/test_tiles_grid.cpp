// SPDX-License-Identifier: Apache-2.0
#include "tile_grid_data.hpp"

#include <hrsi/error.hpp>
#include <hrsi/geometry/projection.hpp>
#include <hrsi/tiles/tile_grid.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <unistd.h>

using namespace hrsi;
using namespace hrsi::tiles;

namespace {

using testing::grid;

double distance(geometry::Point a, geometry::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

TEST_CASE("tiles::TileGrid reads the 1,054 EEA39 tiles with their lists", "[tiles]") {
    auto const& tiles = grid().tiles();
    REQUIRE(tiles.size() == 1054);
    CHECK(std::is_sorted(tiles.begin(), tiles.end(),
                         [](Tile const& a, Tile const& b) { return a.id < b.id; }));
    auto const& tlr = grid().at("T32TLR");
    CHECK(tlr.id == "32TLR");
    CHECK(tlr.epsg == 32632);
    CHECK(tlr.lrx - tlr.ulx == 109800);
    CHECK(tlr.uly - tlr.lry == 109800);
    CHECK(tlr.footprint.size() == 5);
    CHECK(grid().find("54PXA") == nullptr);
    CHECK_THROWS_WITH(grid().at("54PXA"), Catch::Contains("unknown tile '54PXA'"));
    auto const& lh = grid().at("26SLH");
    CHECK(lh.tracks == std::vector<int>{2, 75, 82});
    CHECK(std::count_if(tiles.begin(), tiles.end(), [](auto const& t) { return t.mountain; }) == 165);
    CHECK(std::count_if(tiles.begin(), tiles.end(), [](auto const& t) { return !t.rlie; }) == 54);
}

TEST_CASE("tiles: every tile of the UTM list is in the shapefile, and the compiled-in lists "
          "match the data",
          "[tiles]") {
    // TileGrid::load refuses a tile of one that is not in the other; the compiled-in lists
    // (the area filter's) must hold the same tiles as the data folder.
    std::vector<std::string_view> ids;
    for (auto const& tile : grid().tiles()) ids.push_back(tile.id);
    auto const eea39 = eea39_tiles();
    CHECK(std::equal(ids.begin(), ids.end(), eea39.begin(), eea39.end()));
    std::vector<std::string_view> mountains;
    std::vector<std::string_view> no_rlie;
    for (auto const& tile : grid().tiles()) {
        if (tile.mountain) mountains.push_back(tile.id);
        if (!tile.rlie) no_rlie.push_back(tile.id);
    }
    CHECK(std::equal(mountains.begin(), mountains.end(), mountain_tiles().begin(),
                     mountain_tiles().end()));
    CHECK(std::equal(no_rlie.begin(), no_rlie.end(), no_rlie_tiles().begin(),
                     no_rlie_tiles().end()));
}

TEST_CASE("tiles: footprints computed from the UTM bounds match the shapefile's polygons",
          "[tiles]") {
    geometry::Projections projections;
    double largest_gap = 0;
    std::string worst;
    for (auto const& tile : grid().tiles()) {
        auto const& zone = projections.to(tile.epsg);
        std::vector<geometry::Point> const corners{
            {tile.ulx, tile.uly}, {tile.lrx, tile.uly}, {tile.lrx, tile.lry}, {tile.ulx, tile.lry}};
        // Each UTM corner against the nearest shapefile vertex, in metres of the tile's zone.
        for (auto const corner : corners) {
            double nearest = INFINITY;
            for (auto const vertex : tile.footprint) {
                nearest = std::min(nearest, distance(zone.forward(vertex), corner));
            }
            if (nearest > largest_gap) {
                largest_gap = nearest;
                worst = tile.id;
            }
        }
    }
    std::cout << "tiles: largest gap between a UTM corner and the shapefile: " << largest_gap
              << " m (tile " << worst << ")\n";
    CHECK(largest_gap < 0.05);
}

TEST_CASE("tiles::TileGrid::load refuses data whose lists disagree", "[tiles]") {
    auto const folder = std::filesystem::temp_directory_path() /
                        ("hrsi-tiles-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    for (auto const& entry : std::filesystem::directory_iterator(HRSI_TILE_DATA_DIR)) {
        std::filesystem::copy_file(entry.path(), folder / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
    {
        std::ofstream utm(folder / "tiles_utm.yml", std::ios::app);
        utm << "54PXA:\n  epsg: 32654\n  lrx: 709800\n  lry: 1690200\n  ulx: 600000\n"
               "  uly: 1800000\n";
    }
    CHECK_THROWS_WITH(TileGrid::load(folder),
                      Catch::Contains("tile 54PXA of tiles_utm.yml is not in the shapefile"));
    std::filesystem::remove_all(folder);
    CHECK_THROWS_WITH(TileGrid::load(folder), Catch::Contains("cannot open"));
}

TEST_CASE("tiles::find_tile_data", "[tiles]") {
    CHECK(find_tile_data(HRSI_TILE_DATA_DIR, {}) == HRSI_TILE_DATA_DIR);
    CHECK_THROWS_AS(find_tile_data("/nonexistent", {}), UsageError);
    // Without an option: the source tree (no installed copy beside this test program).
    CHECK(std::filesystem::exists(find_tile_data("", "/nonexistent/bin/x") / "tiles_utm.yml"));
}

TEST_CASE("tiles::normalize_tile_id", "[tiles]") {
    CHECK(normalize_tile_id("T32TLR") == "32TLR");
    CHECK(normalize_tile_id("32tlr") == "32TLR");
    CHECK_THROWS_AS(normalize_tile_id("32TIR"), InputError);
    CHECK_THROWS_AS(normalize_tile_id("3TLR"), InputError);
}
