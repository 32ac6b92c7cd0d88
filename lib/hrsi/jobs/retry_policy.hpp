// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_worker.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hrsi::jobs {

// Failures that are not the job's fault, not counted toward the retry limit: an interruption
// by SIGTERM/SIGINT (a stopped allocation, a drained node), a Nomad or Slurm that did not answer
// in time or could not be reached.
inline constexpr char const* interrupted_subtype = "Worker interrupted";
inline constexpr char const* nomad_timeout_subtype = "Nomad Command Timeout Error";
inline constexpr char const* nomad_unreachable_subtype = "Nomad Unreachable";
inline constexpr char const* slurm_timeout_subtype = "Slurm Command Timeout Error";
inline constexpr char const* slurm_unreachable_subtype = "Slurm Unreachable";
// Slurm refused a submission (unknown partition, resources no node has): the job is left in
// internal_error for an operator, as with Nomad's "Nomad Command Error".
inline constexpr char const* slurm_command_error_subtype = "Slurm Command Error";

// The subtype of an operator's error_checked that gives a job its full retry budget again
// (hrsi-status relaunch writes it): failures before it are not counted.
inline constexpr char const* relaunch_subtype = "Operator relaunch";

// How many attempts of the job have failed so far, from its status history (so the count
// survives crashes and restarts): error statuses (internal_error, external_error) written
// right after a worker step or queued (queued ... post_processing), since the last operator
// relaunch; the subtypes above excepted.
// Unlike the reference, which counted only errors right after processing, failures of every
// step count, so that no failure loops forever.
[[nodiscard]] int failed_attempts(db::Connection& conn, std::int64_t job_id);

// What a failure leads to.
struct FailureDecision {
    bool run_again = false;  // write internal_error → error_checked, or external_error; exit 2
    int attempt_number = 0;  // this failure's number, 1-based
};

// Retried while the failure is worth retrying and fewer than `max_attempts` attempts have
// failed, counting this one.
[[nodiscard]] FailureDecision decide_after_failure(bool retry, int previous_failures,
                                                   int max_attempts) noexcept;

// The message recorded with a failure: "<message> (failed attempt 2 of 3, the job runs again)",
// "..., no attempt left" or, for a failure not worth retrying, "..., not worth retrying".
[[nodiscard]] std::string failure_note(std::string const& message, FailureDecision const& decision,
                                       int max_attempts, bool retry);

// What the monitor (a worker that is gone or overdue) and the dispatcher (a failed hand-over)
// write for a job whose attempt failed outside the worker.
struct Recovery {
    std::string subtype;          // of the internal_error
    std::string message;          // of the internal_error
    std::string checked_message;  // of the error_checked that sends the job back to ready
    // Take a new attempt at once, so that a worker given up for dead that is in fact alive
    // cannot write anything more (fencing).
    bool fence = true;
    // Counted toward max_attempts (the subtype must then not be one of those above). A failure
    // that is not counted always sends the job back to ready.
    bool counted = true;
    // What the caller saw: the recovery happens only if the job is still so (an operator may
    // have cancelled it, its worker may have finished meanwhile); nothing: whatever it is.
    std::optional<JobStatus> expected_status;
    std::optional<int> expected_attempt;
};

// Writes internal_error; then, while the retry limit allows, error_checked and ready, in one
// transaction; the job's heartbeat row goes. Returns true when the job is ready again, false
// when it stays in internal_error (no attempt left). Throws InvalidTransition when the job is
// no longer in the expected status or attempt (nothing written).
bool recover_job(db::Connection& conn, std::int64_t job_id, Recovery const& recovery, int max_attempts);

// Whether recover_job would send the job back to ready now.
[[nodiscard]] bool recovery_runs_again(db::Connection& conn, std::int64_t job_id, Recovery const& recovery,
                                       int max_attempts);

// A job whose failed attempt asked to run again (external_error, or error_checked written by
// its worker) but that no worker took up (a stopped dispatcher, a Nomad dispatch out of
// restarts): a new attempt, then error_checked (from external_error) and ready. Not counted: the
// failure was counted when it was written.
void requeue_job(db::Connection& conn, std::int64_t job_id, std::string const& message,
                 std::optional<int> expected_attempt = std::nullopt);

}  // namespace hrsi::jobs
