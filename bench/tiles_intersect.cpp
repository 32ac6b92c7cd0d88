// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-tiles: intersecting Sentinel-1-sized footprints over Europe with the 1,054 EEA39
// tiles, three ways, on the same footprints in the same run (bench/tiles_intersect.sh).
// Usage: hrsi-bench-tiles TILE_DATA_DIR FOOTPRINTS
// Prints "<search> <footprints per second> <tiles found>" for tree, brute_prepared and
// brute_plain; fails (exit 1) when the three do not find the same tiles.
#include <hrsi/geometry/geometry.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <random>
#include <vector>

namespace {

using hrsi::geometry::Geometry;
using hrsi::geometry::Point;

// An IW GRD footprint: about 250 km across track by 170 km along track, turned by the
// orbit's heading (about 12° off north), centred somewhere over Europe and its seas.
std::vector<Geometry> footprints(hrsi::geometry::GeosContext const& context, int count) {
    std::mt19937 random(2121);
    std::uniform_real_distribution<double> lon(-25, 40);
    std::uniform_real_distribution<double> lat(34, 71);
    std::uniform_real_distribution<double> heading(-0.25, 0.25);  // radians
    std::vector<Geometry> result;
    result.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        double const x = lon(random);
        double const y = lat(random);
        double const angle = heading(random);
        double const km_per_lon = 111.32 * std::cos(y * M_PI / 180);
        std::vector<Point> ring;
        for (auto [across, along] : {std::pair{-125.0, -85.0}, {125.0, -85.0}, {125.0, 85.0},
                                     {-125.0, 85.0}}) {
            double const east = across * std::cos(angle) - along * std::sin(angle);
            double const north = across * std::sin(angle) + along * std::cos(angle);
            ring.push_back({x + east / km_per_lon, y + north / 111.32});
        }
        result.push_back(Geometry::polygon(context, ring));
    }
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        fmt::print(stderr, "usage: hrsi-bench-tiles TILE_DATA_DIR FOOTPRINTS\n");
        return 64;
    }
    try {
        auto const grid = hrsi::tiles::TileGrid::load(argv[1]);
        hrsi::tiles::TileIndex index(grid);
        auto const shapes = footprints(index.context(), std::atoi(argv[2]));
        std::vector<std::size_t> found_by_first;
        bool first = true;
        for (auto [search, name] : {std::pair{hrsi::tiles::Search::tree, "tree"},
                                    {hrsi::tiles::Search::brute_prepared, "brute_prepared"},
                                    {hrsi::tiles::Search::brute_plain, "brute_plain"}}) {
            std::size_t total = 0;
            std::vector<std::size_t> found;
            found.reserve(shapes.size());
            auto const start = std::chrono::steady_clock::now();
            for (auto const& shape : shapes) {
                auto const tiles = index.intersecting(shape, search);
                total += tiles.size();
                found.push_back(tiles.size());
            }
            std::chrono::duration<double> const took = std::chrono::steady_clock::now() - start;
            if (first) {
                found_by_first = found;
                first = false;
            } else if (found != found_by_first) {
                fmt::print(stderr, "hrsi-bench-tiles: {} found other tiles than tree\n", name);
                return 1;
            }
            fmt::print("{} {:.1f} {}\n", name, static_cast<double>(shapes.size()) / took.count(),
                       total);
        }
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-tiles: {}\n", error.what());
        return 1;
    }
    return 0;
}
