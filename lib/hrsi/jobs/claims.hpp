// SPDX-License-Identifier: Apache-2.0
#pragma once

// Claiming ready jobs for an attempt (DESIGN.md, "Claiming work"): the attempt is incremented
// and queued written in one transaction, skipping jobs another claimer holds, so that two
// claimers never take the same job.

#include <hrsi/db/connection.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

struct Claim {
    std::int64_t job_id = 0;
    int attempt = 0;
    std::string job_type;
};

// The claiming order, as an SQL `order by` list over hrsi.jobs' `priority` and `id`: nrt,
// delayed, reprocessing, none; then oldest first. Whatever shows the order (a dry run) uses it.
inline constexpr char const* claim_order_sql =
    "case priority when 'nrt' then 0 when 'delayed' then 1 when 'reprocessing' then 2 else 3 end, id";

// Claims up to `limit` ready jobs of the given types, in priority order (nrt, delayed,
// reprocessing, none; then oldest first), and writes them queued. Returns them in that order.
[[nodiscard]] std::vector<Claim> claim_ready_jobs(db::Connection& conn, std::vector<std::string> const& types,
                                                  std::int64_t limit);

// Claims one ready job (running a job by hand). Returns the new attempt, or nothing when the
// job is not ready (or is being claimed by someone else).
[[nodiscard]] std::optional<int> claim_ready_job(db::Connection& conn, std::int64_t job_id);

}  // namespace hrsi::jobs
