// SPDX-License-Identifier: Apache-2.0
#pragma once

// The monitor's rules (reference §4.5, with heartbeats): whether the worker of a job in
// queued ... post_processing is alive, and whether the job overstays its step. Pure: what was
// observed goes in, the verdict comes out.

#include <hrsi/nomad/nomad_cli.hpp>
#include <hrsi/slurm/slurm_cli.hpp>
#include <hrsi/status.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::monitor {

struct Heartbeat {
    std::string host;
    int pid = 0;
    int attempt = 0;
    std::chrono::seconds age{0};
};

// One job as the monitor sees it: in queued ... post_processing, or in external_error /
// error_checked as written by its worker asking to run again.
struct JobState {
    std::int64_t id = 0;
    JobStatus status = JobStatus::queued;
    std::chrono::seconds status_age{0};  // since the job entered its status
    int attempt = 0;
    std::string executor_handle;         // Nomad dispatch id, "slurm:<id>", "local:<host>:<pid>", "print", or ""
    std::optional<Heartbeat> heartbeat;
    std::string job_type;                // for the logs (its JOB_NAME)
};

// What could be looked at besides the database.
struct Observations {
    std::string this_host;
    // Whether the heartbeat's process (same host only) is alive.
    std::optional<bool> worker_process_alive;
    // Whether the dispatcher that queued the job (local executor, same host only) is alive.
    std::optional<bool> dispatcher_process_alive;
    // The Nomad dispatch's allocations; nothing when not asked; `dispatch_missing` when Nomad
    // no longer knows the dispatch.
    std::optional<std::vector<nomad::Allocation>> allocations;
    bool dispatch_missing = false;
    // The Slurm job's state; nothing when not asked; `slurm_job_missing` when the controller no
    // longer knows the job (purged MinJobAge after its end, or never known).
    std::optional<slurm::JobState> slurm_job;
    bool slurm_job_missing = false;
};

struct Limits {
    // Per status, minutes; nothing: no limit (system parameters *_timeout_minutes).
    std::optional<std::chrono::minutes> queued, started, pre_processing, processing, post_processing;
    std::chrono::seconds heartbeat_timeout{180};
};

enum class Cause {
    overdue,
    worker_lost,
    nomad_inconsistency,
    // The Slurm job of a job in queued ... post_processing has ended (failed, timed out,
    // cancelled, its node failed, or completed without the worker recording an outcome) or is
    // gone.
    slurm_inconsistency,
    // A failed attempt asked to run again (external_error, or error_checked by its worker) and no
    // worker took the job up: it is handed back to ready (requeue, not a new failure).
    rerun_lost,
};

struct Verdict {
    Cause cause;
    std::string subtype;          // "Step time limit exceeded", "Worker lost", "Job inconsistency with Nomad" or "... Slurm"
    std::string message;
    std::string checked_message;  // of the error_checked that sends the job back to ready
};

// Where the executor handle says the job runs.
[[nodiscard]] bool handled_by_nomad(std::string const& handle) noexcept;
[[nodiscard]] bool handled_by_slurm(std::string const& handle) noexcept;
// "local:<host>:<pid>" → host and pid.
[[nodiscard]] std::optional<std::pair<std::string, int>> local_dispatcher(std::string const& handle);

// The heartbeat of the job's current attempt, if any.
[[nodiscard]] std::optional<Heartbeat> current_heartbeat(JobState const& job);

// Nothing: the worker is (as far as can be told) alive and within its limits.
[[nodiscard]] std::optional<Verdict> assess(JobState const& job, Observations const& seen, Limits const& limits);

}  // namespace hrsi::monitor
