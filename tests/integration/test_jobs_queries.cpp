// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using Ids = std::vector<std::int64_t>;

TEST_CASE("jobs queries: list filters by type, status, tile and time", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = testing::insert_test_job(conn, "a");
    auto b = testing::insert_test_job(conn, "b");
    auto c = testing::insert_test_job(conn, "c");
    conn.query("update hrsi.jobs set tile_id = '32TLR' where id in ($1, $2)", a, c);
    for (auto s : {JobStatus::initialized, JobStatus::configured, JobStatus::ready}) {
        jobs::set_job_status(conn, a, s);
        jobs::set_job_status(conn, b, s);
    }
    jobs::set_job_status(conn, c, JobStatus::cancelled);

    jobs::JobFilter filter;
    CHECK(jobs::list_job_ids(conn, filter) == Ids{a, b, c});
    filter.statuses = {JobStatus::ready};
    CHECK(jobs::list_job_ids(conn, filter) == Ids{a, b});
    filter.types = {"test_job"};
    filter.tile = "32TLR";
    CHECK(jobs::list_job_ids(conn, filter) == Ids{a});
    filter = {};
    filter.limit = 2;
    CHECK(jobs::list_job_ids(conn, filter) == Ids{a, b});
    filter = {};
    filter.since = util::now() - std::chrono::hours(1);
    CHECK(jobs::list_job_ids(conn, filter).size() == 3);
    filter.until = util::now() - std::chrono::minutes(30);
    CHECK(jobs::list_job_ids(conn, filter).empty());
    filter = {};
    filter.statuses = {JobStatus::cancelled, JobStatus::ready};
    auto listed = jobs::list_jobs(conn, filter);
    REQUIRE(listed.rows() == 3);
    CHECK(listed.get(2, listed.column("status")) == "cancelled");
    CHECK(listed.get(0, listed.column("tile")) == "32TLR");
}

TEST_CASE("jobs queries: show, history, missing ids, summary", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = testing::insert_test_job(conn, "shown");
    jobs::set_job_status(conn, a, JobStatus::initialized);
    jobs::set_job_status(conn, a, JobStatus::external_error, {"ESA SciHub Error", "Products are missing", {}});

    auto shown = jobs::show_job(conn, jobs::builtin_job_types(), a);
    REQUIRE(shown);
    CHECK(shown->get(0, shown->column("name")) == "shown");
    CHECK(shown->get(0, shown->column("last_status_name")) == "external_error");
    CHECK_NOTHROW(shown->column("measurement_date"));  // the type's own column
    CHECK_FALSE(jobs::show_job(conn, jobs::builtin_job_types(), 424242));

    auto history = jobs::job_history(conn, {a});
    REQUIRE(history.rows() == 2);
    CHECK(history.get(1, history.column("error_message")) == "Products are missing");
    CHECK(jobs::missing_job_ids(conn, {a, 424242, 7}) == Ids{424242, 7});

    auto summary = jobs::job_summary(conn, jobs::builtin_job_types());
    REQUIRE(summary.rows() == 1);
    CHECK(summary.get(0, 0) == "test_job");
    CHECK(summary.get(0, 1) == "external_error");
    CHECK(summary.get_int(0, 2) == 1);

    CHECK_THROWS_WITH(jobs::check_job_types(conn, {"test_job", "warp_job"}),
                      Catch::Contains("unknown job type 'warp_job'") && Catch::Contains("test_job"));
}
