// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <ostream>
#include <string>

namespace hrsi::tools {

// hrsi-run-worker: process one job.
struct RunWorkerOptions {
    cli::CommonOptions common;
    std::string job_id;              // JOB_ID, else $NOMAD_META_job_id
    int attempt = -1;                // --attempt, else $NOMAD_META_attempt; -1: not given
    std::string work_root;           // --work-root, else $HRSI_WORK_ROOT
    std::string aux_cache;           // --aux-cache, else $HRSI_AUX_CACHE, else <work root>/aux-cache
    std::string aux_cache_size;      // --aux-cache-size, else $HRSI_AUX_CACHE_SIZE, else 50G
    std::string runtime;             // --runtime, else $HRSI_RUNTIME, else docker
    std::string runtime_program;     // --runtime-program, else $HRSI_RUNTIME_PROGRAM
    double time_limit = 0;           // --time-limit SECONDS
    bool time_limit_given = false;   // else: the type's limit
    double heartbeat = 30;           // --heartbeat SECONDS
    bool keep_work_folder = false;   // --keep-work-folder
    bool dry_run = false;            // --dry-run
};

// "1000", "500M", "50G", "2T" (binary multiples: K = 1024) as bytes; throws UsageError naming
// `what`.
[[nodiscard]] std::uintmax_t parse_byte_size(std::string const& text, std::string const& what);

void add_run_worker_options(CLI::App& app, RunWorkerOptions& options);

// Resolves the options with the environment (Nomad meta, HRSI_*). Throws UsageError.
[[nodiscard]] worker::WorkerOptions resolve_worker_options(RunWorkerOptions const& options);

// Runs the worker; returns its exit code (0 do not run again, 2 run again).
int run_run_worker(RunWorkerOptions const& options, std::ostream& out);

}  // namespace hrsi::tools
