// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/status.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hrsi::jobs {

// What an operator does to one job by hand (hrsi-status relaunch, cancel).
struct OperatorAction {
    std::string user;     // who, named in the status message ("relaunched by <user>")
    std::string comment;  // appended to the message after ": " when not empty
    bool dry_run = false; // decide, write nothing
};

// The outcome for one job. Refusals are outcomes, not exceptions: `done` is false and
// `reason` says why ("job 12 is done; only jobs in internal_error, ... can be relaunched").
struct ActionOutcome {
    bool done = false;                 // written (or, dry run, would be written)
    std::optional<JobStatus> previous; // the job's status before (from its history)
    std::string reason;                // of a refusal
};


// Relaunches a job in an error status (internal_error, external_error or error_checked):
// writes error_checked with subtype relaunch_subtype ("Operator relaunch", which gives the job
// its full retry budget again) and the message "relaunched by <user>" (unless its last change
// is already such an error_checked), then ready; in one transaction that holds the job's row
// lock. Refused for a job in any other status. Throws NotFound for an unknown job, and the
// database's errors.
ActionOutcome relaunch_job(db::Connection& conn, std::int64_t job_id, OperatorAction const& action);

// Cancels a job where the transitions allow it (initialized, configured, ready, started ...
// start_publication, error_checked; or no status yet): writes cancelled with the message
// "cancelled by <user>", in one transaction. A worker that holds the job notices at its next
// heartbeat and stops. Refused otherwise (queued, done, published, an error not yet checked,
// already cancelled), with the reason.
ActionOutcome cancel_job(db::Connection& conn, std::int64_t job_id, OperatorAction const& action);

}  // namespace hrsi::jobs
