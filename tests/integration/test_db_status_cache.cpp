// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/db/status_cache.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("db status cache: check finds stale caches and resync repairs them", "[db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto good = testing::insert_test_job(conn, "good");
    auto bad = testing::insert_test_job(conn, "bad");
    auto no_history = testing::insert_test_job(conn, "no-history");
    for (auto job : {good, bad}) {
        jobs::set_job_status(conn, job, JobStatus::initialized);
        jobs::set_job_status(conn, job, JobStatus::external_error, {"sub", "msg", {}});
    }
    CHECK(db::stale_status_cache(conn).rows() == 0);

    // Damage the caches the way a stray writer with the triggers off would.
    conn.exec("set session_replication_role = replica");
    conn.query("update hrsi.jobs set last_status = 1, last_error_subtype = null, error_raised = false where id = $1", bad);
    conn.query("update hrsi.jobs set last_status = 12, last_status_change_id = 1 where id = $1", no_history);
    conn.exec("set session_replication_role = origin");

    auto stale = db::stale_status_cache(conn);
    REQUIRE(stale.rows() == 2);
    CHECK(stale.get_int(0, 0) == bad);
    CHECK(stale.get_int(1, 0) == no_history);

    auto dry = db::resync_status_cache(conn, true);
    CHECK(dry == std::vector<std::int64_t>{bad, no_history});
    CHECK(db::stale_status_cache(conn).rows() == 2);

    auto repaired = db::resync_status_cache(conn);
    CHECK(repaired == std::vector<std::int64_t>{bad, no_history});
    CHECK(db::stale_status_cache(conn).rows() == 0);
    auto row = conn.query("select last_status, last_error_subtype, error_raised from hrsi.jobs where id = $1", bad);
    CHECK(row.get_int(0, 0) == 14);
    CHECK(row.get(0, 1) == "sub");
    CHECK(row.get(0, 2) == "t");
    auto none = conn.query("select last_status, last_status_change_id from hrsi.jobs where id = $1", no_history);
    CHECK(none.is_null(0, 0));
    CHECK(none.is_null(0, 1));
    CHECK(db::resync_status_cache(conn).empty());
}

TEST_CASE("db status history functions agree with the cache", "[db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = testing::insert_test_job(conn, "a");
    auto b = testing::insert_test_job(conn, "b");
    for (auto s : {JobStatus::initialized, JobStatus::configured, JobStatus::ready}) jobs::set_job_status(conn, a, s);
    jobs::set_job_status(conn, b, JobStatus::cancelled);
    auto history = conn.query("select job_id, status_name from hrsi.job_status_history($1::bigint[])",
                              std::vector<std::int64_t>{a});
    REQUIRE(history.rows() == 3);
    CHECK(history.get(2, 1) == "ready");
    auto last = conn.query("select job_id, status_name from hrsi.last_job_status(null, '{3,16}')");
    REQUIRE(last.rows() == 2);
    CHECK(last.get(0, 1) == "ready");
    CHECK(last.get(1, 1) == "cancelled");
    auto ready = conn.query("select id, name, last_status_name from hrsi.test_jobs_with_last_status('{3}')");
    REQUIRE(ready.rows() == 1);
    CHECK(ready.get_int(0, 0) == a);
    CHECK(ready.get(0, 2) == "ready");
}
