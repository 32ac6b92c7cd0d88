// SPDX-License-Identifier: Apache-2.0
#include <hrsi/worker/retry_policy.hpp>

namespace hrsi::worker {

int failed_attempts(db::Connection& conn, std::int64_t job_id) {
    auto const result = conn.query(R"sql(
select count(*) from (
    select id, status, error_subtype, lag(status) over (order by id) as previous
      from hrsi.job_status_changes where job_id = $1
) h
 where h.status in (13, 14) and h.previous between 4 and 8
   and h.error_subtype is distinct from $2
   and h.id > coalesce((select max(r.id) from hrsi.job_status_changes r
                         where r.job_id = $1 and r.status = 15 and r.error_subtype = $3), 0))sql",
                                   job_id, interrupted_subtype, relaunch_subtype);
    return static_cast<int>(result.get_int(0, 0));
}

FailureDecision decide_after_failure(bool retry, int previous_failures, int max_attempts) noexcept {
    FailureDecision decision;
    decision.attempt_number = previous_failures + 1;
    decision.run_again = retry && decision.attempt_number < max_attempts;
    return decision;
}

}  // namespace hrsi::worker
