// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/status.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hrsi::jobs {

// What a status write says besides the status.
struct StatusNote {
    std::optional<std::string> error_subtype;
    std::optional<std::string> error_message;
    // The writer's attempt: a worker names its own so that a stale one is refused.
    std::optional<int> attempt;
};

// Appends a status change (the only way a job's status changes). Returns the change id.
// Throws InvalidTransition, StaleAttempt, or NotFound for an unknown job.
std::int64_t set_job_status(db::Connection& conn, std::int64_t job_id, JobStatus status,
                            StatusNote const& note = {});

// Throws StaleAttempt when `attempt` is given and is not the job's current attempt, NotFound
// when the job does not exist (the check the database makes on every status write).
void check_attempt(db::Connection& conn, std::int64_t job_id, std::optional<int> attempt);

// The job's current status from its history (nullopt: no status yet). Throws NotFound.
[[nodiscard]] std::optional<JobStatus> current_status(db::Connection& conn, std::int64_t job_id);

}  // namespace hrsi::jobs
