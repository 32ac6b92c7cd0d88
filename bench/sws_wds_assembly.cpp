// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-sws-wds: the SWS/WDS creation rules over one day of Europe (bench/sws_wds_assembly.sh):
// about 300 Sentinel-1 slices in 12 datatakes, FSC products on a few hundred tiles, assembled
// over the 1,054 EEA39 tiles and turned into job candidates, with the tiles of each slice found
// by the STRtree and, on the same slices in the same run, one tile at a time (no index).
// Usage: hrsi-bench-sws-wds TILE_DATA_DIR FSC_COUNT
// Prints "<search> <milliseconds> <assemblies> <jobs> <slices>" for tree and brute_plain, after
// one unmeasured run of each; fails (exit 1) when the two do not make the same jobs.
#include <hrsi/geometry/parse.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_candidates.hpp>
#include <hrsi/sentinel1/assembly.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <map>
#include <random>
#include <vector>

namespace {

using hrsi::sentinel1::Pass;
using hrsi::sentinel1::Slice;
using std::chrono::seconds;

constexpr int datatakes = 12;
constexpr int slices_per_datatake = 25;
auto const day = hrsi::util::parse_time("2024-01-05T00:00:00Z");

std::string compact(hrsi::util::TimePoint time) {
    auto const midnight = std::chrono::floor<std::chrono::days>(time);
    std::chrono::hh_mm_ss const clock(std::chrono::floor<seconds>(time - midnight));
    return fmt::format("20240105T{:02}{:02}{:02}", clock.hours().count(), clock.minutes().count(),
                       clock.seconds().count());
}

// Slice k of a datatake starting at (lon, lat): 25 s, ~172 km along track (1.55° of latitude,
// 0.4° of longitude westwards), 250 km across to the right of the track.
Slice slice_of(int take, int k, Pass pass, double lon, double lat, hrsi::util::TimePoint start) {
    double const sign = pass == Pass::ascending ? 1 : -1;
    double const x = lon - 0.4 * k;
    double const y = lat + sign * 1.55 * k;
    double const across = 250 / (111.32 * std::cos((y + sign * 0.8) * M_PI / 180));
    Slice slice;
    slice.platform = "S1A";
    slice.mission_take_id = fmt::format("{:06X}", 0x064700 + take);
    slice.slice_number = k + 1;
    slice.total_slices = slices_per_datatake;
    slice.start = start + seconds(25 * k);
    slice.stop = slice.start + seconds(25);
    slice.published = slice.stop + std::chrono::minutes(90 + k);
    slice.pass = pass;
    slice.product_id = fmt::format("S1A_IW_GRDH_1SDV_{}_{}_051887_{}_{:04X}", compact(slice.start),
                                   compact(slice.stop), slice.mission_take_id, take * 100 + k);
    slice.path = "/eodata/Sentinel-1/SAR/GRD/2024/01/05/" + slice.product_id + ".SAFE";
    // Ascending: south-west corner first, looking east; descending: north-east, looking west.
    double const cx = sign * across;
    double const cy = 0.4;
    double const ax = -0.4;
    double const ay = sign * 1.55;
    slice.footprint = fmt::format("POLYGON (({} {}, {} {}, {} {}, {} {}, {} {}))", x, y, x + cx,
                                  y + cy, x + cx + ax, y + cy + ay, x + ax, y + ay, x, y);
    return slice;
}

std::vector<Slice> one_day() {
    std::vector<Slice> slices;
    for (int take = 0; take < datatakes; ++take) {
        bool const ascending = take % 2 == 0;
        double const lon = -22 + 5 * take;
        auto const start = day + std::chrono::hours(ascending ? 17 : 5) + std::chrono::minutes(8 * take);
        for (int k = 0; k < slices_per_datatake; ++k) {
            slices.push_back(ascending ? slice_of(take, k, Pass::ascending, lon, 33.0, start)
                                       : slice_of(take, k, Pass::descending, lon + 8, 73.0, start));
        }
    }
    return slices;
}

// Each datatake's track: the one most listed among the tiles its slices cover (set up
// outside the timing, so that the track filter keeps jobs as it does in operations).
void give_tracks(std::vector<Slice>& slices, hrsi::tiles::TileIndex& index) {
    for (int take = 0; take < datatakes; ++take) {
        std::map<int, int> votes;
        for (int k = 0; k < slices_per_datatake; ++k) {
            auto const& slice = slices[static_cast<std::size_t>(take * slices_per_datatake + k)];
            auto const footprint = hrsi::geometry::read_wkt(index.context(), slice.footprint);
            for (auto const* tile : index.intersecting(footprint)) {
                for (int track : tile->tracks) ++votes[track];
            }
        }
        int best = 1;
        for (auto const& [track, count] : votes) {
            if (count > votes[best]) best = track;
        }
        for (int k = 0; k < slices_per_datatake; ++k) {
            slices[static_cast<std::size_t>(take * slices_per_datatake + k)].relative_orbit = best;
        }
    }
}

std::vector<hrsi::jobs::FscInput> fsc_of_the_day(hrsi::tiles::TileGrid const& grid, int count) {
    std::mt19937 random(1717);
    auto const& tiles = grid.tiles();
    std::uniform_int_distribution<std::size_t> pick(0, tiles.size() - 1);
    std::vector<hrsi::jobs::FscInput> fsc;
    for (int i = 0; i < count; ++i) {
        auto const& tile = tiles[pick(random)];
        hrsi::jobs::FscInput product;
        product.tile = tile.id;
        product.measurement = day + std::chrono::hours(10) + std::chrono::minutes(i % 50);
        product.product_id = fmt::format("FSC_{}_S2A_T{}_V102_1", compact(product.measurement), tile.id);
        product.path = "/eodata/HRSI/" + product.product_id;
        product.created = product.measurement + std::chrono::hours(2);
        product.published = product.created + std::chrono::minutes(5);
        std::string ring;
        for (auto const& point : tile.footprint) ring += fmt::format("{}{} {}", ring.empty() ? "" : ", ", point.x, point.y);
        product.footprint = "POLYGON ((" + ring + "))";
        fsc.push_back(std::move(product));
    }
    return fsc;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        fmt::print(stderr, "usage: hrsi-bench-sws-wds TILE_DATA_DIR FSC_COUNT\n");
        return 64;
    }
    try {
        auto const grid = hrsi::tiles::TileGrid::load(argv[1]);
        hrsi::tiles::TileIndex index(grid);
        auto slices = one_day();
        give_tracks(slices, index);
        auto const fsc = fsc_of_the_day(grid, std::atoi(argv[2]));
        // Each way once unmeasured (projections and prepared geometries are made at first
        // use), then measured.
        std::vector<std::string> first_names;
        for (bool const measured : {false, true}) {
            for (auto [search, name] : {std::pair{hrsi::tiles::Search::tree, "tree"},
                                        {hrsi::tiles::Search::brute_plain, "brute_plain"}}) {
                auto const start = std::chrono::steady_clock::now();
                auto const assembled = hrsi::sentinel1::assemble(
                    slices, index, hrsi::jobs::sws_wds_tiles(fsc), search);
                auto const candidates = hrsi::jobs::sws_wds_candidates(
                    assembled.assemblies, fsc, {}, day - std::chrono::days(365), index.context());
                std::chrono::duration<double, std::milli> const took =
                    std::chrono::steady_clock::now() - start;
                std::vector<std::string> names;
                for (auto const& job : candidates.jobs) {
                    names.push_back(fmt::format("{}{}{}", job.name, job.sws ? "+sws" : "",
                                                job.wds ? "+wds" : ""));
                }
                if (first_names.empty()) {
                    first_names = names;
                } else if (names != first_names) {
                    fmt::print(stderr, "hrsi-bench-sws-wds: {} made other jobs than tree\n", name);
                    return 1;
                }
                if (measured) {
                    fmt::print("{} {:.1f} {} {} {}\n", name, took.count(),
                               assembled.assemblies.size(), candidates.jobs.size(), slices.size());
                }
            }
        }
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-sws-wds: {}\n", error.what());
        return 1;
    }
    return 0;
}
