// SPDX-License-Identifier: Apache-2.0
// sql/007: the statement-level checks that replaced the foreign keys of hrsi.jobs and of the
// child tables (known job types, child rows of an existing job of their type, identities that
// do not change, types in use that stay), the deletion of child rows and history with their
// jobs, and new jobs that carry their status cache only when their writer writes the cache.
#include "temp_database.hpp"

#include <hrsi/db/copy_stream.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/job_types/test/test_job.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>

using namespace hrsi;

namespace {

std::int64_t count(db::Connection& conn, std::string const& sql) {
    return conn.query(sql).get_int(0, 0);
}

std::int64_t insert_fsc_rlie_job(db::Connection& conn, std::string const& l1c_id) {
    return conn
        .query("with j as (insert into hrsi.jobs (job_type, name, tile_id) values ('fsc_rlie_job', $1, '31TGL') "
               "returning id) "
               "insert into hrsi.fsc_rlie_jobs (job_id, tile_id, l1c_id, l1c_path, measurement_date, "
               "l1c_esa_creation_date) select id, '31TGL', $1, '/eodata/' || $1, '2024-01-05T10:40:31Z', "
               "'2024-01-05T12:00:00Z' from j returning job_id",
               l1c_id)
        .get_int(0, 0);
}

// Every row of the jobs, the child tables and the history, for "nothing was written".
std::int64_t all_rows(db::Connection& conn) {
    return count(conn,
                 "select (select count(*) from hrsi.jobs) + (select count(*) from hrsi.test_jobs) + "
                 "(select count(*) from hrsi.fsc_rlie_jobs) + (select count(*) from hrsi.job_status_changes)");
}

}  // namespace

TEST_CASE("schema: a job of a type that is not in hrsi.job_types is refused", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    CHECK_THROWS_AS(conn.exec("insert into hrsi.jobs (job_type, name) values ('no_such_job', 'x')"), InputError);
    CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name) values ('no_such_job', 'x')"),
                      Catch::Contains("job type \"no_such_job\" is not in hrsi.job_types") &&
                          Catch::Contains("known types: fsc_rlie_job, gfsc_job, rlies1_job, rlies1s2_job, sws_wds_job, test_job"));
    // One unknown type among known ones: the whole statement is refused.
    CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name) values ('test_job', 'a'), "
                                "('Test_Job', 'b'), ('test_job', 'c')"),
                      Catch::Contains("\"Test_Job\" is not in hrsi.job_types"));
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
    // COPY, the path of bulk creation, is checked the same way.
    {
        db::Transaction tx(conn);
        CHECK_THROWS_WITH(
            [&] {
                db::CopyStream rows(conn, "copy hrsi.jobs (job_type, name) from stdin");
                rows.text("test_job").text("a").end_row();
                rows.text("gone_job").text("b").end_row();
                rows.finish();
            }(),
            Catch::Contains("\"gone_job\" is not in hrsi.job_types"));
    }
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
    // Known types are taken.
    CHECK_NOTHROW(conn.exec("insert into hrsi.jobs (job_type, name) values ('test_job', 'a'), ('fsc_rlie_job', 'b')"));
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 2);
}

TEST_CASE("schema: a child row needs an existing job of its table's type", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto test_job = testing::insert_test_job(conn, "test");
    auto fsc_job = insert_fsc_rlie_job(conn, "S2A_MSIL1C_20240105T104031_N0510_R108_T31TGL_20240105T120000");
    auto const missing = test_job + fsc_job + 1000;
    auto const before = all_rows(conn);

    // No such job.
    CHECK_THROWS_AS(conn.query("insert into hrsi.test_jobs (job_id) values ($1)", missing), InputError);
    CHECK_THROWS_WITH(conn.query("insert into hrsi.test_jobs (job_id) values ($1)", missing),
                      Catch::Contains(fmt::format("insert into hrsi.test_jobs: job {} does not exist or is not a "
                                                  "test_job job",
                                                  missing)));
    CHECK_THROWS_WITH(conn.query("insert into hrsi.fsc_rlie_jobs (job_id, tile_id, l1c_id, l1c_path, measurement_date, "
                                 "l1c_esa_creation_date) values ($1, 't', 'l', 'p', now(), now())",
                                 missing),
                      Catch::Contains(fmt::format("job {} does not exist or is not a fsc_rlie_job job", missing)));
    // A job of the other type (which has no child row of this table yet).
    auto other_test_job = testing::insert_test_job(conn, "other");
    conn.query("delete from hrsi.test_jobs where job_id = $1", other_test_job);
    CHECK_THROWS_WITH(conn.query("insert into hrsi.fsc_rlie_jobs (job_id, tile_id, l1c_id, l1c_path, measurement_date, "
                                 "l1c_esa_creation_date) values ($1, 't', 'l', 'p', now(), now())",
                                 other_test_job),
                      Catch::Contains(fmt::format("job {} does not exist or is not a fsc_rlie_job job",
                                                  other_test_job)));
    auto bare_fsc_job = conn.query("insert into hrsi.jobs (job_type, name) values ('fsc_rlie_job', 'bare') returning id")
                            .get_int(0, 0);
    CHECK_THROWS_WITH(conn.query("insert into hrsi.test_jobs (job_id) values ($1)", bare_fsc_job),
                      Catch::Contains(fmt::format("job {} does not exist or is not a test_job job", bare_fsc_job)));
    // One orphan among good rows: the whole statement is refused.
    CHECK_THROWS_AS(conn.query("insert into hrsi.test_jobs (job_id) values ($1), ($2)", other_test_job, missing),
                    InputError);
    CHECK(count(conn, "select count(*) from hrsi.test_jobs") == 1);
    // A row of the right type is taken.
    CHECK_NOTHROW(conn.query("insert into hrsi.test_jobs (job_id) values ($1)", other_test_job));
    CHECK(count(conn, "select count(*) from hrsi.test_jobs") == 2);
    CHECK(all_rows(conn) == before + 3);  // two job rows and one child row
}

TEST_CASE("schema: a job keeps its id and its type, a child row its job", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto job = testing::insert_test_job(conn, "a");
    auto other = testing::insert_test_job(conn, "b");
    auto fsc_job = insert_fsc_rlie_job(conn, "S2A_MSIL1C_20240105T104031_N0510_R108_T31TGL_20240105T120000");
    auto fsc_other = insert_fsc_rlie_job(conn, "S2A_MSIL1C_20240110T104031_N0510_R108_T31TGL_20240110T120000");
    jobs::set_job_status(conn, job, JobStatus::initialized);

    CHECK_THROWS_AS(conn.query("update hrsi.jobs set id = id + 1000 where id = $1", job), InputError);
    CHECK_THROWS_WITH(conn.query("update hrsi.jobs set id = id + 1000 where id = $1", job),
                      Catch::Contains(fmt::format("the id and the type of job {} cannot change", job)));
    CHECK_THROWS_WITH(conn.query("update hrsi.jobs set job_type = 'fsc_rlie_job' where id = $1", job),
                      Catch::Contains("cannot change"));
    CHECK_THROWS_WITH(conn.query("update hrsi.jobs set job_type = 'test_job' where id = $1", fsc_job),
                      Catch::Contains("cannot change"));
    CHECK(count(conn, "select count(*) from hrsi.jobs where job_type = 'test_job'") == 2);
    CHECK(conn.query("select id from hrsi.jobs where name = 'a'").get_int(0, 0) == job);
    // Writing the same values, and any other column, is fine.
    CHECK_NOTHROW(conn.query("update hrsi.jobs set id = id, job_type = job_type, name = 'renamed', "
                             "priority = 'nrt' where id = $1",
                             job));
    CHECK(conn.query("select name from hrsi.jobs where id = $1", job).get(0, 0) == "renamed");

    // Child rows: neither to another job of the type, nor to a job that does not exist.
    CHECK_THROWS_AS(conn.query("update hrsi.test_jobs set job_id = $2 where job_id = $1", job, other), InputError);
    CHECK_THROWS_WITH(conn.query("update hrsi.test_jobs set job_id = $2 where job_id = $1", job, other + 1000),
                      Catch::Contains(fmt::format("hrsi.test_jobs: a row cannot move from job {} to another job", job)));
    CHECK_THROWS_WITH(conn.query("update hrsi.fsc_rlie_jobs set job_id = $2 where job_id = $1", fsc_job, fsc_other),
                      Catch::Contains(fmt::format("hrsi.fsc_rlie_jobs: a row cannot move from job {}", fsc_job)));
    CHECK(conn.query("select count(*) from hrsi.test_jobs where job_id = $1", job).get_int(0, 0) == 1);
    CHECK_NOTHROW(conn.query("update hrsi.test_jobs set job_id = job_id, measurement_date = now() where job_id = $1", job));
    CHECK_NOTHROW(conn.query("update hrsi.fsc_rlie_jobs set l2a_status = 'generated' where job_id = $1", fsc_job));
}

TEST_CASE("schema: a job type with jobs can be neither deleted nor renamed", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    testing::insert_test_job(conn, "a");
    CHECK_THROWS_AS(conn.exec("delete from hrsi.job_types where name = 'test_job'"), InputError);
    CHECK_THROWS_WITH(conn.exec("delete from hrsi.job_types where name = 'test_job'"),
                      Catch::Contains("job type test_job has jobs; it cannot be removed, renamed or given another table"));
    CHECK_THROWS_WITH(conn.exec("update hrsi.job_types set name = 'test_job_2' where name = 'test_job'"),
                      Catch::Contains("job type test_job has jobs"));
    CHECK_THROWS_WITH(conn.exec("delete from hrsi.job_types"), Catch::Contains("job type test_job has jobs"));
    CHECK(count(conn, "select count(*) from hrsi.job_types where name in ('test_job', 'fsc_rlie_job')") == 2);
    // Its other columns may change; a type without jobs may go (rolled back here).
    CHECK_NOTHROW(conn.exec("update hrsi.job_types set jobs_view = jobs_view where name = 'test_job'"));
    {
        db::Transaction tx(conn);
        CHECK_NOTHROW(conn.exec("update hrsi.job_types set name = 'fsc_rlie_job_2' where name = 'fsc_rlie_job'"));
        CHECK_NOTHROW(conn.exec("delete from hrsi.job_types where name = 'fsc_rlie_job_2'"));
    }
    CHECK(count(conn, "select count(*) from hrsi.job_types where name = 'fsc_rlie_job'") == 1);
    // Once its jobs are gone, the type may go too.
    conn.exec("delete from hrsi.jobs");
    db::Transaction tx(conn);
    CHECK_NOTHROW(conn.exec("delete from hrsi.job_types where name = 'test_job'"));
}

TEST_CASE("schema: deleting jobs deletes their child rows and their history, several jobs at once", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::int64_t> test_jobs, fsc_jobs;
    for (int i = 0; i < 4; ++i) {
        test_jobs.push_back(testing::insert_test_job(conn, fmt::format("test-{}", i)));
        fsc_jobs.push_back(insert_fsc_rlie_job(conn, fmt::format("S2A_MSIL1C_2024010{}T104031_N0510_R108_T31TGL_x", i)));
    }
    for (auto job : test_jobs) {
        jobs::set_job_status(conn, job, JobStatus::initialized);
        jobs::set_job_status(conn, job, JobStatus::configured);
    }
    for (auto job : fsc_jobs) {
        jobs::set_job_status(conn, job, JobStatus::cancelled);
    }
    // Two test jobs and two FSC/RLIE jobs in one statement.
    std::vector<std::int64_t> deleted{test_jobs[0], test_jobs[2], fsc_jobs[1], fsc_jobs[3]};
    auto result = conn.query("delete from hrsi.jobs where id = any ($1::bigint[])", deleted);
    CHECK(result.affected_rows() == 4);
    CHECK(conn.query("select count(*) from hrsi.test_jobs where job_id = any ($1::bigint[])", deleted).get_int(0, 0) == 0);
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where job_id = any ($1::bigint[])", deleted).get_int(0, 0) ==
          0);
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = any ($1::bigint[])", deleted)
              .get_int(0, 0) == 0);
    // The others keep theirs.
    CHECK(count(conn, "select count(*) from hrsi.test_jobs") == 2);
    CHECK(count(conn, "select count(*) from hrsi.fsc_rlie_jobs") == 2);
    CHECK(count(conn, "select count(*) from hrsi.job_status_changes") == 2 * 2 + 2 * 1);
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
    // Deleting every job leaves no child row and no history.
    conn.exec("delete from hrsi.jobs");
    CHECK(all_rows(conn) == 0);
}

TEST_CASE("schema: a new job with a status cache is refused unless its writer writes the cache", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    for (std::string columns : {"last_status) values ('test_job', 'x', 1)",
                                "last_status_change_id) values ('test_job', 'x', 7)",
                                "last_status_at) values ('test_job', 'x', now())",
                                "last_error_subtype) values ('test_job', 'x', 'e')",
                                "error_raised) values ('test_job', 'x', true)"}) {
        INFO(columns);
        CHECK_THROWS_AS(conn.exec("insert into hrsi.jobs (job_type, name, " + columns), InputError);
        CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name, " + columns),
                          Catch::Contains("a new job starts without status"));
    }
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
    // The setting is on in this transaction only.
    {
        db::Transaction tx(conn);
        conn.exec("select set_config('hrsi.writing_status_cache', 'on', true)");
        CHECK_NOTHROW(conn.exec("insert into hrsi.jobs (job_type, name, last_status, error_raised) "
                                "values ('test_job', 'with-cache', 13, true)"));
        tx.commit();
    }
    CHECK(count(conn, "select count(*) from hrsi.jobs where last_status = 13 and error_raised") == 1);
    // (A cache without history is what hrsi-db check reports: why the gate exists.)
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 1);
    CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name, last_status) values ('test_job', 'y', 1)"),
                      Catch::Contains("a new job starts without status"));
    // Off, or any other value, is no permission.
    db::Transaction tx(conn);
    conn.exec("select set_config('hrsi.writing_status_cache', 'yes', true)");
    CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name, last_status) values ('test_job', 'z', 1)"),
                      Catch::Contains("a new job starts without status"));
}

TEST_CASE("schema: after insert_new_jobs every status cache equals the last history row", "[schema][jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::vector<JobStatus>> const paths = {
        {JobStatus::initialized},
        {JobStatus::initialized, JobStatus::configured, JobStatus::ready},
        {JobStatus::initialized, JobStatus::internal_error},
        {JobStatus::cancelled},
        {JobStatus::internal_error, JobStatus::error_checked, JobStatus::initialized},
        {JobStatus::initialized, JobStatus::external_error, JobStatus::error_checked},
        {JobStatus::started},
    };
    jobs::JobList made;
    for (std::size_t i = 0; i < paths.size() * 3; ++i) {
        auto job = std::make_unique<jobs::TestJob>();
        job->common.name = fmt::format("job-{}", i);
        made.push_back(std::move(job));
    }
    jobs::assign_new_job_ids(conn, made);
    std::vector<jobs::NewJob> writes;
    for (std::size_t i = 0; i < made.size(); ++i) {
        auto const& path = paths[i % paths.size()];
        bool const error = is_error_status(path.back());
        writes.push_back({made[i].get(), path, error ? std::optional<std::string>("subtype") : std::nullopt,
                          error ? std::optional<std::string>("message") : std::nullopt});
    }
    jobs::insert_new_jobs(conn, writes);
    CHECK(count(conn, "select count(*) from hrsi.jobs") == static_cast<std::int64_t>(made.size()));
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
    // All of the cache, not only what hrsi-db check compares: what resync would write.
    CHECK(count(conn,
                "select count(*) from hrsi.jobs j "
                "join lateral (select c.id, c.status, c.changed_at, c.error_subtype from hrsi.job_status_changes c "
                "              where c.job_id = j.id order by c.id desc limit 1) h on true "
                "where (j.last_status, j.last_status_change_id, j.last_status_at, j.last_error_subtype, j.error_raised) "
                "      is not distinct from (h.status, h.id, h.changed_at, h.error_subtype, "
                "      exists (select 1 from hrsi.job_status_changes e where e.job_id = j.id "
                "              and e.status in (13, 14, 15)))") == static_cast<std::int64_t>(made.size()));
    CHECK(conn.query("select count(*) from hrsi.resync_status_cache()").get_int(0, 0) == 0);
    // The jobs go on through the status gate from there.
    CHECK_NOTHROW(jobs::set_job_status(conn, made[1]->common.id, JobStatus::queued));
    CHECK_THROWS_AS(jobs::set_job_status(conn, made[0]->common.id, JobStatus::ready), InvalidTransition);
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
}

TEST_CASE("schema: a job type keeps its table while it has jobs, job_types cannot be emptied under jobs, "
          "a type without jobs may be renamed and its table still checks",
          "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    testing::insert_test_job(conn, "a");
    CHECK_THROWS_WITH(conn.exec("update hrsi.job_types set child_table = 'other_jobs' where name = 'test_job'"),
                      Catch::Contains("job type test_job has jobs"));
    CHECK_THROWS_WITH(conn.exec("truncate hrsi.job_types"),
                      Catch::Contains("hrsi.job_types cannot be emptied while jobs exist"));
    CHECK(count(conn, "select count(*) from hrsi.job_types") == 6);  // their tables since sql/021
    {
        // fsc_rlie_job has no job: renamed, its child table still checks its rows.
        db::Transaction tx(conn);
        conn.exec("update hrsi.job_types set name = 'fsc_rlie_job_renamed' where name = 'fsc_rlie_job'");
        auto job = conn.query("insert into hrsi.jobs (job_type, name, tile_id) values "
                              "('fsc_rlie_job_renamed', 'x', '31TGL') returning id")
                       .get_int(0, 0);
        CHECK_NOTHROW(conn.query("insert into hrsi.fsc_rlie_jobs (job_id, tile_id, l1c_id, l1c_path, "
                                 "measurement_date, l1c_esa_creation_date) values ($1, '31TGL', 'l1c', '/l1c', "
                                 "now(), now())",
                                 job));
        CHECK(count(conn, "select count(*) from hrsi.fsc_rlie_jobs") == 1);
    }
    // A registered type whose table does not exist yet does not stop deletions of jobs.
    db::Transaction tx(conn);
    conn.exec("insert into hrsi.job_types (name, child_table, jobs_view) values ('y_job', 'y_jobs', 'y_jobs_view')");
    CHECK_NOTHROW(conn.exec("delete from hrsi.jobs"));
    CHECK(count(conn, "select count(*) from hrsi.test_jobs") == 0);
}

namespace {

// Waits until a session of the database waits for a lock (at most 10 s); false if none did.
bool someone_waits_for_a_lock(db::Connection& observer) {
    for (int i = 0; i < 1000; ++i) {
        if (observer.query("select count(*) from pg_stat_activity where datname = current_database() "
                           "and wait_event_type = 'Lock'")
                .get_int(0, 0) > 0) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("schema: a child row and the deletion of its job in concurrent transactions leave no orphan",
          "[schema][concurrency]") {
    testing::TempDatabase database;
    auto deleter = database.connect();
    auto inserter = database.connect();
    auto observer = database.connect();
    auto insert_child = [](db::Connection& conn, std::int64_t job) {
        conn.query("insert into hrsi.test_jobs (job_id) values ($1)", job);
    };
    SECTION("the deletion first: the insertion waits for it, then finds no job") {
        auto job = deleter.query("insert into hrsi.jobs (job_type, name) values ('test_job', 'a') returning id")
                       .get_int(0, 0);
        db::Transaction deletion(deleter);
        deleter.query("delete from hrsi.jobs where id = $1", job);
        auto insertion = std::async(std::launch::async, [&] { insert_child(inserter, job); });
        REQUIRE(someone_waits_for_a_lock(observer));
        deletion.commit();
        CHECK_THROWS_WITH(insertion.get(), Catch::Contains(fmt::format("job {} does not exist", job)));
    }
    SECTION("the insertion first: the deletion waits for it, then takes the child row too") {
        auto job = deleter.query("insert into hrsi.jobs (job_type, name) values ('test_job', 'b') returning id")
                       .get_int(0, 0);
        db::Transaction insertion(inserter);
        insert_child(inserter, job);
        auto deletion = std::async(std::launch::async,
                                   [&] { deleter.query("delete from hrsi.jobs where id = $1", job); });
        REQUIRE(someone_waits_for_a_lock(observer));
        insertion.commit();
        CHECK_NOTHROW(deletion.get());
        CHECK(count(observer, "select count(*) from hrsi.test_jobs") == 0);
    }
    SECTION("a new job and the deletion of its type: the deletion waits, then is refused") {
        db::Transaction insertion(inserter);
        inserter.exec("insert into hrsi.jobs (job_type, name) values ('fsc_rlie_job', 'c')");
        auto deletion = std::async(std::launch::async,
                                   [&] { deleter.exec("delete from hrsi.job_types where name = 'fsc_rlie_job'"); });
        REQUIRE(someone_waits_for_a_lock(observer));
        insertion.commit();
        CHECK_THROWS_WITH(deletion.get(), Catch::Contains("job type fsc_rlie_job has jobs"));
        CHECK(count(observer, "select count(*) from hrsi.job_types where name = 'fsc_rlie_job'") == 1);
    }
    CHECK(count(observer, "select count(*) from hrsi.test_jobs c where not exists "
                          "(select 1 from hrsi.jobs j where j.id = c.job_id)") == 0);
}
