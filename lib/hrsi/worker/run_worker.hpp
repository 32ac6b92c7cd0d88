// SPDX-License-Identifier: Apache-2.0
#pragma once

// hrsi-run-worker's logic: processes one job through started → pre_processing → processing →
// post_processing → processed, or records why it could not (DESIGN.md, "The worker").

#include <hrsi/containers/container.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>

namespace hrsi::worker {

// The worker's exit contract (the seed's "processing exitcode").
enum WorkerExit : int {
    exit_do_not_run_again = 0,  // success, a final error recorded, or a job that is not ours
    exit_run_again = 2,         // a retryable failure was recorded: run the job again
};

struct WorkerOptions {
    std::int64_t job_id = 0;
    // The dispatch's attempt (fencing). Nothing: the job's current attempt; a ready job is
    // then claimed as a new attempt (running one job by hand).
    std::optional<int> attempt;
    // The conninfo of the database, for the heartbeat's own connection.
    std::string conninfo;
    // Work folders are <work_root>/jobs/<unique_id>/.
    std::filesystem::path work_root = "/var/tmp/hrsi-work";
    // The host's auxiliary-data cache (lib/hrsi/aux/aux_cache.hpp), shared by the workers of
    // the host; empty: <work_root>/aux-cache.
    std::filesystem::path aux_cache;
    std::uintmax_t aux_cache_max_bytes = std::uintmax_t{50} << 30;
    containers::Runtime runtime = containers::Runtime::docker;
    std::filesystem::path runtime_program;  // empty: docker/podman on PATH
    // Overrides the type's time limit of the program.
    std::optional<std::chrono::seconds> time_limit;
    std::chrono::milliseconds heartbeat_interval{30'000};
    // How long a job still `ready` is waited for to become queued (the dispatcher writes
    // queued right after handing the job over).
    std::chrono::milliseconds wait_for_queued{10'000};
    bool keep_work_folder = false;  // debugging: leave the folder in place
    bool dry_run = false;           // print the plan, change nothing

    [[nodiscard]] std::filesystem::path aux_cache_root() const {
        return aux_cache.empty() ? work_root / "aux-cache" : aux_cache;
    }
};

// Why the worker was asked to stop, for the record ("SIGTERM"); empty when it was not.
using StopReason = std::function<std::string()>;

// Runs the job. Returns exit_do_not_run_again or exit_run_again once the outcome is recorded
// in the database; throws (NotFound, ServiceUnavailable, ...) when it cannot even do that.
// `plan` receives the --dry-run description.
int run_worker(db::Connection& conn, WorkerOptions const& options, util::Log const& log,
               std::stop_token stop = {}, StopReason const& stop_reason = {},
               std::ostream* plan = nullptr);

}  // namespace hrsi::worker
