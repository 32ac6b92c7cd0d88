// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_worker.hpp>

#include <cstdint>

namespace hrsi::worker {

// The subtype of an interruption by SIGTERM/SIGINT (a stopped allocation, a drained node):
// not the job's fault, not counted toward the retry limit.
inline constexpr char const* interrupted_subtype = "Worker interrupted";

// The subtype of an operator's error_checked that gives a job its full retry budget again
// (hrsi-status relaunch writes it): failures before it are not counted.
inline constexpr char const* relaunch_subtype = "Operator relaunch";

// How many attempts of the job have failed so far, from its status history (so the count
// survives crashes and restarts): error statuses (internal_error, external_error) written
// right after a worker step or queued (queued ... post_processing), interruptions excepted,
// since the last operator relaunch.
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

}  // namespace hrsi::worker
