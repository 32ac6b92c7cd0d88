// SPDX-License-Identifier: Apache-2.0
// Every (previous status, next status) pair through the real database trigger.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/status.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace hrsi;

namespace {

// A legal way to reach each status from "no status" (reference §2.3 sequences).
std::vector<int> path_to(int status) {
    switch (status) {
        case 0: return {};
        case 13: return {13};
        case 14: return {1, 14};
        case 15: return {13, 15};
        case 16: return {16};
        default: {
            std::vector<int> path;
            for (int s = 1; s <= status; ++s) path.push_back(s);
            return path;
        }
    }
}

}  // namespace

TEST_CASE("schema: all 17 x 16 transitions are accepted or refused as reference §2.2",
          "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    int accepted = 0;
    int refused = 0;
    for (int from = 0; from <= 16; ++from) {
        auto from_status = from == 0 ? std::optional<JobStatus>{} : status_from_id(from);
        for (int to = 1; to <= 16; ++to) {
            auto job = testing::insert_test_job(conn, "job-" + std::to_string(from) + "-" + std::to_string(to));
            for (int step : path_to(from)) {
                jobs::set_job_status(conn, job, *status_from_id(step));
            }
            REQUIRE(jobs::current_status(conn, job) == from_status);
            auto to_status = *status_from_id(to);
            INFO("from " << from << " to " << to);
            if (is_allowed_transition(from_status, to_status)) {
                CHECK_NOTHROW(jobs::set_job_status(conn, job, to_status));
                CHECK(jobs::current_status(conn, job) == to_status);
                ++accepted;
            } else {
                CHECK_THROWS_AS(jobs::set_job_status(conn, job, to_status), InvalidTransition);
                CHECK_THROWS_WITH(jobs::set_job_status(conn, job, to_status),
                                  Catch::Contains("invalid job status transition"));
                CHECK(jobs::current_status(conn, job) == from_status);
                ++refused;
            }
        }
    }
    CHECK(accepted == 69);
    CHECK(refused == 17 * 16 - 69);
    auto stale = conn.query("select count(*) from hrsi.jobs_with_stale_status_cache()");
    CHECK(stale.get_int(0, 0) == 0);
}

TEST_CASE("schema: the SQL transition and status tables equal the C++ ones", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto rows = conn.query("select coalesce(from_status, 0), to_status from hrsi.job_status_transitions");
    std::set<std::pair<int, int>> in_sql;
    for (int r = 0; r < rows.rows(); ++r) {
        in_sql.emplace(static_cast<int>(rows.get_int(r, 0)), static_cast<int>(rows.get_int(r, 1)));
    }
    std::set<std::pair<int, int>> in_cpp;
    for (int from = 0; from <= 16; ++from) {
        for (int to = 1; to <= 16; ++to) {
            auto from_status = from == 0 ? std::optional<JobStatus>{} : status_from_id(from);
            if (is_allowed_transition(from_status, *status_from_id(to))) in_cpp.emplace(from, to);
        }
    }
    CHECK(in_sql == in_cpp);
    auto names = conn.query("select id, name from hrsi.job_status order by id");
    REQUIRE(names.rows() == 16);
    for (int r = 0; r < names.rows(); ++r) {
        CHECK(names.get(r, 1) == status_name(*status_from_id(static_cast<int>(names.get_int(r, 0)))));
    }
}

TEST_CASE("schema: the cache cannot be written by hand and the history is append-only",
          "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto job = testing::insert_test_job(conn);
    jobs::set_job_status(conn, job, JobStatus::initialized);
    CHECK_THROWS_WITH(conn.query("update hrsi.jobs set last_status = 12 where id = $1", job),
                      Catch::Contains("written by inserting into job_status_changes"));
    CHECK_THROWS_WITH(conn.query("update hrsi.job_status_changes set status = 12 where job_id = $1", job),
                      Catch::Contains("append-only"));
    CHECK_THROWS_AS(conn.query("insert into hrsi.jobs (job_type, name, last_status) values "
                               "('test_job', 'x', 12)"),
                    InputError);
    // Other columns stay writable.
    CHECK_NOTHROW(conn.query("update hrsi.jobs set priority = 'nrt', attempt = 2 where id = $1", job));
    // A direct insert into the history goes through the same gate.
    CHECK_THROWS_AS(conn.query("insert into hrsi.job_status_changes (job_id, status) values ($1, 12)", job),
                    InvalidTransition);
    CHECK_NOTHROW(conn.query("insert into hrsi.job_status_changes (job_id, status) values ($1, 2)", job));
    CHECK(jobs::current_status(conn, job) == JobStatus::configured);
    CHECK_THROWS_AS(jobs::set_job_status(conn, 999999, JobStatus::initialized), NotFound);
}

TEST_CASE("schema: error_raised is set by 13, 14 and 15 and the subtype is cached", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto job = testing::insert_test_job(conn);
    jobs::set_job_status(conn, job, JobStatus::initialized);
    auto flags = [&] {
        return conn.query("select error_raised, last_error_subtype from hrsi.jobs where id = $1", job);
    };
    CHECK(flags().get(0, 0) == "f");
    jobs::set_job_status(conn, job, JobStatus::external_error, {"ESA SciHub Error", "missing", {}});
    CHECK(flags().get(0, 0) == "t");
    CHECK(flags().get(0, 1) == "ESA SciHub Error");
    jobs::set_job_status(conn, job, JobStatus::error_checked);
    jobs::set_job_status(conn, job, JobStatus::initialized);
    CHECK(flags().get(0, 0) == "t");  // stays raised, as the reference
    CHECK(flags().is_null(0, 1));
}

TEST_CASE("schema: a job's history goes with it, history of no job is refused", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto kept = testing::insert_test_job(conn, "kept");
    auto dropped = testing::insert_test_job(conn, "dropped");
    for (auto job : {kept, dropped}) {
        jobs::set_job_status(conn, job, JobStatus::initialized);
        jobs::set_job_status(conn, job, JobStatus::configured);
    }
    conn.query("delete from hrsi.jobs where id = $1", dropped);
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = $1", dropped).get_int(0, 0) == 0);
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = $1", kept).get_int(0, 0) == 2);
    CHECK_THROWS_AS(conn.query("insert into hrsi.job_status_changes (job_id, status) values ($1, 1)", dropped),
                    NotFound);
    CHECK_THROWS_AS(conn.query("select hrsi.append_status_changes(array[$1, $2]::bigint[], '{3,1}'::smallint[])",
                               kept, dropped),
                    NotFound);
    // The bulk path checks transitions too, and writes nothing when one is refused.
    CHECK_THROWS_AS(conn.query("select hrsi.append_status_changes(array[$1, $1]::bigint[], '{3,12}'::smallint[])", kept),
                    InvalidTransition);
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = $1", kept).get_int(0, 0) == 2);
    conn.query("select hrsi.append_status_changes(array[$1, $1]::bigint[], '{3,4}'::smallint[])", kept);
    CHECK(jobs::current_status(conn, kept) == JobStatus::queued);
    CHECK(conn.query("select count(*) from hrsi.jobs_with_stale_status_cache()").get_int(0, 0) == 0);
}
