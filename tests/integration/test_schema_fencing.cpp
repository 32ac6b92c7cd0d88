// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("schema: a stale attempt cannot write a status", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto job = testing::insert_test_job(conn);
    for (auto s : {JobStatus::initialized, JobStatus::configured, JobStatus::ready}) {
        jobs::set_job_status(conn, job, s);
    }
    // Dispatch 1, then the job is given up for dead and dispatched again (attempt 2).
    conn.query("update hrsi.jobs set attempt = 1 where id = $1", job);
    jobs::set_job_status(conn, job, JobStatus::queued);
    jobs::set_job_status(conn, job, JobStatus::started, {{}, {}, 1});
    jobs::set_job_status(conn, job, JobStatus::internal_error, {"Job inconsistency with Nomad", {}, {}});
    jobs::set_job_status(conn, job, JobStatus::error_checked);
    jobs::set_job_status(conn, job, JobStatus::ready);
    conn.query("update hrsi.jobs set attempt = 2 where id = $1", job);
    jobs::set_job_status(conn, job, JobStatus::queued);

    // The old worker wakes up: refused, nothing written.
    auto before = conn.query("select count(*) from hrsi.job_status_changes where job_id = $1", job).get_int(0, 0);
    CHECK_THROWS_AS(jobs::set_job_status(conn, job, JobStatus::started, {{}, {}, 1}), StaleAttempt);
    CHECK_THROWS_WITH(jobs::set_job_status(conn, job, JobStatus::started, {{}, {}, 1}),
                      Catch::Contains("stale attempt") && Catch::Contains("attempt 2"));
    auto after = conn.query("select count(*) from hrsi.job_status_changes where job_id = $1", job).get_int(0, 0);
    CHECK(before == after);
    CHECK(jobs::current_status(conn, job) == JobStatus::queued);
    // The current attempt writes, and the history records which attempt did.
    CHECK_NOTHROW(jobs::set_job_status(conn, job, JobStatus::started, {{}, {}, 2}));
    auto last = conn.query("select attempt from hrsi.job_status_changes where job_id = $1 order by id desc limit 1", job);
    CHECK(last.get_int(0, 0) == 2);
    // Operators and orchestrators write without an attempt.
    CHECK_NOTHROW(jobs::set_job_status(conn, job, JobStatus::internal_error));
}
