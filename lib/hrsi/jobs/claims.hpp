// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <cstdint>
#include <optional>

namespace hrsi::jobs {

// Claims one ready job for a new attempt: increments its attempt and writes queued, in one
// transaction, skipping a job another claimer holds. Returns the new attempt, or nothing when
// the job is not ready (or is being claimed by someone else).
[[nodiscard]] std::optional<int> claim_ready_job(db::Connection& conn, std::int64_t job_id);

}  // namespace hrsi::jobs
