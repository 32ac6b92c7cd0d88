// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-create-rlies1: hrsi-create-jobs --type rlies1_job, with the tiles of each
// footprint found one way or another (bench/create_rlies1.sh): the STRtree of the tiles
// (what hrsi-create-jobs does) or every tile one by one (brute_plain: the reference's way;
// brute_prepared). The same library call as the program's, one transaction.
// Usage: hrsi-bench-create-rlies1 DB TILE_DATA_DIR tree|brute_prepared|brute_plain ANSWER
// Prints "<jobs created> <refused> <seconds>".
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_source.hpp>

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <fstream>
#include <string_view>

int main(int argc, char** argv) {
    if (argc != 5) {
        fmt::print(stderr, "usage: hrsi-bench-create-rlies1 DB TILE_DATA_DIR tree|brute_prepared|brute_plain ANSWER\n");
        return 64;
    }
    try {
        std::string_view const mode = argv[3];
        auto const search = mode == "tree"             ? hrsi::tiles::Search::tree
                            : mode == "brute_prepared" ? hrsi::tiles::Search::brute_prepared
                            : mode == "brute_plain"    ? hrsi::tiles::Search::brute_plain
                                                       : throw std::invalid_argument(fmt::format("unknown search '{}'", mode));
        std::ifstream answer(argv[4], std::ios::binary);
        if (!answer) throw std::runtime_error(fmt::format("cannot read {}", argv[4]));
        auto conn = hrsi::db::Connection::open(argv[1], "hrsi-bench-create-rlies1");
        hrsi::util::Log log("hrsi-bench-create-rlies1", -1);
        hrsi::tiles::TileSource tiles(argv[2], {}, search);
        hrsi::jobs::CreationOptions options;
        options.tiles = &tiles;
        auto const start = std::chrono::steady_clock::now();
        auto const summary = hrsi::jobs::create_jobs(conn, hrsi::jobs::find_job_type("rlies1_job"), answer, options, log);
        std::chrono::duration<double> const took = std::chrono::steady_clock::now() - start;
        fmt::print("{} {} {:.3f}\n", summary.created, summary.refused.size(), took.count());
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-create-rlies1: {}\n", error.what());
        return 1;
    }
    return 0;
}
