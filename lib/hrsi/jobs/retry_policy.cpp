// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/retry_policy.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {

int failed_attempts(db::Connection& conn, std::int64_t job_id) {
    auto const result = conn.query(R"sql(
select count(*) from (
    select id, status, error_subtype, lag(status) over (order by id) as previous
      from hrsi.job_status_changes where job_id = $1
) h
 where h.status in (13, 14) and h.previous between 4 and 8
   and (h.error_subtype is null or h.error_subtype <> all ($2::text[]))
   and h.id > coalesce((select max(r.id) from hrsi.job_status_changes r
                         where r.job_id = $1 and r.status = 15 and r.error_subtype = $3), 0))sql",
                                   job_id,
                                   std::vector<std::string>{interrupted_subtype, nomad_timeout_subtype,
                                                            nomad_unreachable_subtype, slurm_timeout_subtype,
                                                            slurm_unreachable_subtype},
                                   relaunch_subtype);
    return static_cast<int>(result.get_int(0, 0));
}

FailureDecision decide_after_failure(bool retry, int previous_failures, int max_attempts) noexcept {
    FailureDecision decision;
    decision.attempt_number = previous_failures + 1;
    decision.run_again = retry && decision.attempt_number < max_attempts;
    return decision;
}

std::string failure_note(std::string const& message, FailureDecision const& decision, int max_attempts,
                         bool retry) {
    return fmt::format("{} (failed attempt {} of {}, {})", message, decision.attempt_number, max_attempts,
                       decision.run_again ? "the job runs again"
                       : retry            ? "no attempt left"
                                          : "not worth retrying");
}

bool recovery_runs_again(db::Connection& conn, std::int64_t job_id, Recovery const& recovery, int max_attempts) {
    return !recovery.counted || decide_after_failure(true, failed_attempts(conn, job_id), max_attempts).run_again;
}

namespace {

// Locks the job; throws InvalidTransition when it is no longer as the caller saw it.
void lock_as_seen(db::Connection& conn, std::int64_t job_id, std::optional<JobStatus> status,
                  std::optional<int> attempt) {
    auto const row = conn.query("select last_status, attempt from hrsi.jobs where id = $1 for update", job_id);
    if (row.rows() == 0) throw NotFound(fmt::format("job {} does not exist", job_id));
    bool const same_status = !status || (!row.is_null(0, 0) && row.get_int(0, 0) == status_id(*status));
    bool const same_attempt = !attempt || row.get_int(0, 1) == *attempt;
    if (!same_status || !same_attempt) {
        throw InvalidTransition(fmt::format("job {} changed since it was looked at (now status {}, attempt {})",
                                            job_id, row.is_null(0, 0) ? "none" : std::string(row.get(0, 0)),
                                            row.get(0, 1)));
    }
}

}  // namespace

bool recover_job(db::Connection& conn, std::int64_t job_id, Recovery const& recovery, int max_attempts) {
    db::Transaction transaction(conn);
    lock_as_seen(conn, job_id, recovery.expected_status, recovery.expected_attempt);
    if (recovery.fence) conn.query("update hrsi.jobs set attempt = attempt + 1 where id = $1", job_id);
    conn.query("delete from hrsi.worker_heartbeats where job_id = $1", job_id);
    std::string message;
    bool run_again = true;
    if (recovery.counted) {
        auto const decision = decide_after_failure(true, failed_attempts(conn, job_id), max_attempts);
        run_again = decision.run_again;
        message = failure_note(recovery.message, decision, max_attempts, true);
    } else {
        message = fmt::format("{} (not counted toward the retry limit; the job runs again)", recovery.message);
    }
    set_job_status(conn, job_id, JobStatus::internal_error, {recovery.subtype, message, std::nullopt});
    if (run_again) {
        set_job_status(conn, job_id, JobStatus::error_checked, {std::nullopt, recovery.checked_message, std::nullopt});
        set_job_status(conn, job_id, JobStatus::ready);
    }
    transaction.commit();
    return run_again;
}

void requeue_job(db::Connection& conn, std::int64_t job_id, std::string const& message,
                 std::optional<int> expected_attempt) {
    db::Transaction transaction(conn);
    lock_as_seen(conn, job_id, std::nullopt, expected_attempt);
    conn.query("update hrsi.jobs set attempt = attempt + 1 where id = $1", job_id);
    conn.query("delete from hrsi.worker_heartbeats where job_id = $1", job_id);
    auto const status = current_status(conn, job_id);
    if (status == JobStatus::external_error) {
        set_job_status(conn, job_id, JobStatus::error_checked, {std::nullopt, message, std::nullopt});
        set_job_status(conn, job_id, JobStatus::ready);
    } else {
        set_job_status(conn, job_id, JobStatus::ready, {std::nullopt, message, std::nullopt});
    }
    transaction.commit();
}

}  // namespace hrsi::jobs
