// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-aux: one job's staging of an auxiliary object through the host's cache, as
// hrsi-run-worker does it (bench/aux_cache.sh runs it twice: the first job, a miss, then the
// second on the same host, a hit).
// Usage: hrsi-bench-aux CACHE_DIR AUX_STORAGE_URL OBJECT_KEY
// Prints "<milliseconds of stage()> <bytes of the staged file>"; storage settings from the
// environment (HRSI_S3_REMOTE, RCLONE_CONFIG_*), as the worker.
#include <hrsi/aux/auxiliary_data.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/util/log.hpp>

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <filesystem>

int main(int argc, char** argv) {
    if (argc != 4) {
        fmt::print(stderr, "usage: hrsi-bench-aux CACHE_DIR AUX_STORAGE_URL OBJECT_KEY\n");
        return 64;
    }
    try {
        hrsi::util::Log const log("hrsi-bench-aux", -1);
        hrsi::storage::Storage const storage(hrsi::storage::options_from_environment());
        hrsi::aux::AuxCache cache({argv[1]}, log);
        hrsi::aux::AuxiliaryData const auxiliary(cache, hrsi::storage::Location::parse(argv[2]), "1", storage, log);
        auto const started = std::chrono::steady_clock::now();
        auto const path = auxiliary.stage(argv[3]);
        auto const elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
        fmt::print("{:.3f} {}\n", elapsed.count(), std::filesystem::file_size(path));
        return 0;
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-aux: {}\n", error.what());
        return 1;
    }
}
