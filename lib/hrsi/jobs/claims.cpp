// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/claims.hpp>

#include <hrsi/jobs/status_changes.hpp>

namespace hrsi::jobs {

std::optional<int> claim_ready_job(db::Connection& conn, std::int64_t job_id) {
    db::Transaction transaction(conn);
    auto claimed = conn.query(
        "with target as (select id from hrsi.jobs where id = $1 and last_status = 3 "
        "                for update skip locked) "
        "update hrsi.jobs j set attempt = j.attempt + 1 from target where j.id = target.id "
        "returning j.attempt",
        job_id);
    if (claimed.rows() == 0) return std::nullopt;
    // The gate checks the history (the truth) again: a stale cache cannot claim a job twice.
    set_job_status(conn, job_id, JobStatus::queued);
    transaction.commit();
    return static_cast<int>(claimed.get_int(0, 0));
}

}  // namespace hrsi::jobs
