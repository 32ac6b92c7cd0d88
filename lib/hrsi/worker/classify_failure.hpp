// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the worker does with an exception that ended a job's steps: record a failure (its
// class, subtype, message, whether to run again), record nothing (the job is no longer this
// worker's), or let it through (the database is gone). Pure: no database, no clock.

#include <hrsi/jobs/job_worker.hpp>

#include <exception>
#include <string>

namespace hrsi::worker {

struct FailureClass {
    enum class Action {
        record_failure,      // write the failure below (internal/external, retry or not)
        stale_attempt,       // another attempt took the job: record nothing
        changed_status,      // the job left the worker's statuses: record nothing
        rethrow,             // the database is unreachable, or not an std::exception
    };
    Action action = Action::record_failure;
    jobs::FailureKind kind = jobs::FailureKind::internal;
    std::string subtype;
    std::string message;
    bool retry = false;
    // A transfer error that a stop request may have caused: an interruption if one is pending.
    bool stop_may_explain = false;
};

// `error` must not be null.
[[nodiscard]] FailureClass classify_failure(std::exception_ptr const& error);

}  // namespace hrsi::worker
