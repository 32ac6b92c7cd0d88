// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/claims.hpp>

#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {
namespace {

// Locks the chosen ready jobs (skipping those another claimer holds), takes a new attempt for
// each, and returns them in claiming order. $1 types (null: all), $2 one job (null: any),
// $3 limit.
std::string const& claim_sql() {
    static std::string const sql = fmt::format(R"sql(
with chosen as (
    select id from hrsi.jobs
     where last_status = 3
       and ($1::text[] is null or job_type = any ($1::text[]))
       and ($2::bigint is null or id = $2::bigint)
     order by {0}
     limit $3
       for update skip locked
), claimed as (
    update hrsi.jobs j set attempt = j.attempt + 1 from chosen where j.id = chosen.id
    returning j.id, j.attempt, j.job_type, j.priority
)
select id, attempt, job_type from claimed order by {0})sql",
                                               claim_order_sql);
    return sql;
}

std::vector<Claim> claim(db::Connection& conn, std::optional<std::vector<std::string>> const& types,
                         std::optional<std::int64_t> job_id, std::int64_t limit) {
    db::Transaction transaction(conn);
    auto const rows = conn.query_prepared("hrsi_claim_ready_jobs", claim_sql(),
                                          types ? db::to_param(*types) : db::Param{}, job_id, limit);
    std::vector<Claim> claims;
    std::vector<StatusWrite> writes;
    claims.reserve(static_cast<std::size_t>(rows.rows()));
    for (int r = 0; r < rows.rows(); ++r) {
        claims.push_back({rows.get_int(r, 0), static_cast<int>(rows.get_int(r, 1)), std::string(rows.get(r, 2))});
        writes.push_back({claims.back().job_id, JobStatus::queued, std::nullopt, std::nullopt});
    }
    // The gate checks the history (the truth) again: a stale cache cannot claim a job twice.
    if (!writes.empty()) append_status_changes(conn, writes);
    transaction.commit();
    return claims;
}

}  // namespace

std::vector<Claim> claim_ready_jobs(db::Connection& conn, std::vector<std::string> const& types,
                                    std::int64_t limit) {
    return claim(conn, types, std::nullopt, limit);
}

std::optional<int> claim_ready_job(db::Connection& conn, std::int64_t job_id) {
    auto const claims = claim(conn, std::nullopt, job_id, 1);
    if (claims.empty()) return std::nullopt;
    return claims.front().attempt;
}

}  // namespace hrsi::jobs
