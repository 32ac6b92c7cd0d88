// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/status_changes.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {

std::int64_t set_job_status(db::Connection& conn, std::int64_t job_id, JobStatus status,
                            StatusNote const& note) {
    auto result = conn.query(
        "select hrsi.set_job_status($1::bigint, $2::smallint, $3::text, $4::text, $5::integer)",
        job_id, status, note.error_subtype, note.error_message, note.attempt);
    return result.get_int(0, 0);
}

void check_attempt(db::Connection& conn, std::int64_t job_id, std::optional<int> attempt) {
    auto result = conn.query("select attempt from hrsi.jobs where id = $1", job_id);
    if (result.rows() == 0) {
        throw NotFound(fmt::format("job {} does not exist", job_id));
    }
    auto current = result.get_int(0, 0);
    if (attempt && *attempt != current) {
        throw StaleAttempt(fmt::format(
            "stale attempt: job {} is at attempt {}, the writer has attempt {}", job_id, current,
            *attempt));
    }
}

std::optional<JobStatus> current_status(db::Connection& conn, std::int64_t job_id) {
    auto result = conn.query(
        "select (select c.status from hrsi.job_status_changes c where c.job_id = j.id "
        "order by c.id desc limit 1) from hrsi.jobs j where j.id = $1",
        job_id);
    if (result.rows() == 0) {
        throw NotFound(fmt::format("job {} does not exist", job_id));
    }
    if (result.is_null(0, 0)) {
        return std::nullopt;
    }
    return status_from_id(static_cast<int>(result.get_int(0, 0)));
}

}  // namespace hrsi::jobs
