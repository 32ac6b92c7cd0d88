// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/operator_actions.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/retry_policy.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <fmt/format.h>


#include <cstdlib>
#include <vector>

namespace hrsi::jobs {
namespace {

// The job's last status change, read under the job's row lock (the lock every status write
// takes), so that the decision and the writes see the same job.
struct LastChange {
    std::optional<JobStatus> status;
    std::optional<std::string> error_subtype;
};

LastChange lock_job(db::Connection& conn, std::int64_t job_id) {
    auto result = conn.query(R"sql(
select c.status, c.error_subtype
  from hrsi.jobs j
  left join lateral (select status, error_subtype from hrsi.job_status_changes
                      where job_id = j.id order by id desc limit 1) c on true
 where j.id = $1
   for update of j)sql",
                             job_id);
    if (result.rows() == 0) {
        throw NotFound(fmt::format("no job with id {}", job_id));
    }
    LastChange last;
    if (!result.is_null(0, 0)) last.status = status_from_id(static_cast<int>(result.get_int(0, 0)));
    last.error_subtype = result.get_optional(0, 1);
    return last;
}

std::string message(char const* verb, OperatorAction const& action) {
    auto text = fmt::format("{} by {}", verb, action.user);
    if (!action.comment.empty()) text += ": " + action.comment;
    return text;
}

std::string status_text(std::optional<JobStatus> status) {
    return status ? std::string(status_name(*status)) : "without status";
}

// The statuses from which `to` is allowed, for refusals.
std::string statuses_allowing(JobStatus to) {
    std::vector<std::string_view> names;
    for (auto s : all_statuses) {
        if (is_allowed_transition(s, to)) names.push_back(status_name(s));
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

// A worker may still run the job (an operator forced its error status, or cancels it while it
// runs): a new attempt makes that worker's later writes stale, so its interruption or result
// cannot overwrite the operator's decision.
void fence_workers(db::Connection& conn, std::int64_t job_id) {
    conn.query("update hrsi.jobs set attempt = attempt + 1 where id = $1", job_id);
}

}  // namespace

ActionOutcome relaunch_job(db::Connection& conn, std::int64_t job_id, OperatorAction const& action) {
    db::Transaction transaction(conn);
    auto last = lock_job(conn, job_id);
    ActionOutcome outcome;
    outcome.previous = last.status;
    bool in_error = last.status && (is_error_status(*last.status) || *last.status == JobStatus::error_checked);
    if (!in_error) {
        outcome.reason = fmt::format(
            "job {} is {}; only jobs in internal_error, external_error or error_checked can be relaunched",
            job_id, status_text(last.status));
        return outcome;
    }
    outcome.done = true;
    if (action.dry_run) return outcome;
    bool already_checked = last.status == JobStatus::error_checked && last.error_subtype == relaunch_subtype;
    if (!already_checked) {
        set_job_status(conn, job_id, JobStatus::error_checked,
                       {std::string(relaunch_subtype), message("relaunched", action), std::nullopt});
    }
    fence_workers(conn, job_id);
    set_job_status(conn, job_id, JobStatus::ready);
    transaction.commit();
    return outcome;
}

ActionOutcome cancel_job(db::Connection& conn, std::int64_t job_id, OperatorAction const& action) {
    db::Transaction transaction(conn);
    auto last = lock_job(conn, job_id);
    ActionOutcome outcome;
    outcome.previous = last.status;
    if (last.status == JobStatus::cancelled) {
        outcome.reason = fmt::format("job {} is already cancelled", job_id);
        return outcome;
    }
    if (!is_allowed_transition(last.status, JobStatus::cancelled)) {
        outcome.reason = fmt::format("job {} is {}; only jobs in {} (or without status) can be cancelled",
                                     job_id, status_text(last.status), statuses_allowing(JobStatus::cancelled));
        return outcome;
    }
    outcome.done = true;
    if (action.dry_run) return outcome;
    fence_workers(conn, job_id);
    set_job_status(conn, job_id, JobStatus::cancelled, {std::nullopt, message("cancelled", action), std::nullopt});
    transaction.commit();
    return outcome;
}

}  // namespace hrsi::jobs
