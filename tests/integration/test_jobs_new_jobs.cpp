// SPDX-License-Identifier: Apache-2.0
// New jobs written once in their final state (lib/hrsi/jobs/job_store.cpp): assign_new_job_ids
// and insert_new_jobs, whose rows bypass the status trigger and must therefore write exactly
// the history asked for, with the cache the trigger would have written, or nothing at all.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/job_types/test/test_job.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <set>

using namespace hrsi;

namespace {

std::int64_t count(db::Connection& conn, std::string const& sql) {
    return conn.query(sql).get_int(0, 0);
}

// Every row of the jobs, the child tables and the history.
std::int64_t all_rows(db::Connection& conn) {
    return count(conn,
                 "select (select count(*) from hrsi.jobs) + (select count(*) from hrsi.test_jobs) + "
                 "(select count(*) from hrsi.fsc_rlie_jobs) + (select count(*) from hrsi.job_status_changes)");
}

jobs::JobList test_jobs(db::Connection& conn, int n, std::string const& prefix = "job") {
    jobs::JobList made;
    for (int i = 0; i < n; ++i) {
        auto job = std::make_unique<jobs::TestJob>();
        job->common.name = fmt::format("{}-{}", prefix, i);
        made.push_back(std::move(job));
    }
    jobs::assign_new_job_ids(conn, made);
    return made;
}

bool is_uuid_v7(std::string const& text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool const dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && std::string_view("0123456789abcdef").find(text[i]) == std::string_view::npos) return false;
    }
    return text[14] == '7' && std::string_view("89ab").find(text[19]) != std::string_view::npos;
}

struct HistoryRow {
    std::int64_t id;
    int status;
    std::string changed_at;
    std::optional<std::string> error_subtype;
    std::optional<std::string> error_message;
};

std::vector<HistoryRow> history(db::Connection& conn, std::int64_t job) {
    auto rows = conn.query(
        "select id, status, changed_at::text, error_subtype, error_message from hrsi.job_status_changes "
        "where job_id = $1 order by id",
        job);
    std::vector<HistoryRow> out;
    for (int r = 0; r < rows.rows(); ++r) {
        out.push_back({rows.get_int(r, 0), static_cast<int>(rows.get_int(r, 1)), std::string(rows.get(r, 2)),
                       rows.get_optional(r, 3), rows.get_optional(r, 4)});
    }
    return out;
}

}  // namespace

TEST_CASE("new jobs: insert_new_jobs writes exactly the given history and the cache of its last row", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    struct Case {
        std::vector<JobStatus> statuses;
        std::optional<std::string> subtype;
        std::optional<std::string> message;
    };
    std::vector<Case> const cases = {
        {{JobStatus::initialized}, std::nullopt, std::nullopt},
        {{JobStatus::initialized, JobStatus::configured, JobStatus::ready}, std::nullopt, std::nullopt},
        {{JobStatus::initialized, JobStatus::configured, JobStatus::internal_error}, "configuration", "no tile"},
        {{JobStatus::cancelled}, std::nullopt, "reprocessing campaign"},
        {{JobStatus::internal_error, JobStatus::error_checked, JobStatus::initialized}, std::nullopt, std::nullopt},
        {{JobStatus::initialized, JobStatus::external_error}, "ESA", "quote ' tab \t newline \n backslash \\ é"},
    };
    auto made = test_jobs(conn, static_cast<int>(cases.size()));
    auto& with_columns = dynamic_cast<jobs::TestJob&>(*made[1]);
    with_columns.measurement_date = util::parse_time("2024-01-05T10:40:31.123456Z");
    with_columns.common.product_id = "product\twith\ttabs\\and\nlines";
    with_columns.common.input_path = "/eodata/é/日本/🛰";
    with_columns.common.input_published_at = util::parse_time("1999-12-31T23:59:59.999999Z");
    with_columns.common.priority = jobs::Priority::delayed;
    with_columns.common.tile_id = "31TGL";
    std::vector<jobs::NewJob> writes;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        writes.push_back({made[i].get(), cases[i].statuses, cases[i].subtype, cases[i].message});
    }
    std::string const before_text(conn.query("select clock_timestamp()::text").get(0, 0));
    jobs::insert_new_jobs(conn, writes);
    std::string const after(conn.query("select clock_timestamp()::text").get(0, 0));

    std::set<std::string> times;
    std::int64_t last_change = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto const& job = made[i]->common;
        INFO("job " << i);
        auto rows = history(conn, job.id);
        REQUIRE(rows.size() == cases[i].statuses.size());
        bool raised = false;
        for (std::size_t s = 0; s < rows.size(); ++s) {
            bool const last = s + 1 == rows.size();
            CHECK(rows[s].status == status_id(cases[i].statuses[s]));
            CHECK(rows[s].error_subtype == (last ? cases[i].subtype : std::nullopt));
            CHECK(rows[s].error_message == (last ? cases[i].message : std::nullopt));
            // History ids grow in the order of the batch, job after job.
            CHECK(rows[s].id > last_change);
            last_change = rows[s].id;
            times.insert(rows[s].changed_at);
            raised = raised || rows[s].status == 13 || rows[s].status == 14 || rows[s].status == 15;
        }
        auto cache = conn.query(
            "select last_status, last_status_change_id, last_status_at::text, last_error_subtype, error_raised, "
            "unique_id::text, job_type, name from hrsi.jobs where id = $1",
            job.id);
        REQUIRE(cache.rows() == 1);
        CHECK(cache.get_int(0, 0) == rows.back().status);
        CHECK(cache.get_int(0, 1) == rows.back().id);
        CHECK(cache.get(0, 2) == rows.back().changed_at);
        CHECK(cache.get_optional(0, 3) == rows.back().error_subtype);
        CHECK(cache.get(0, 4) == (raised ? "t" : "f"));
        CHECK(cache.get(0, 5) == job.unique_id);
        CHECK(cache.get(0, 6) == "test_job");
        CHECK(cache.get(0, 7) == job.name);
        CHECK(conn.query("select count(*) from hrsi.test_jobs where job_id = $1", job.id).get_int(0, 0) == 1);
    }
    // One time for the whole batch, taken while it was written.
    REQUIRE(times.size() == 1);
    CHECK(conn.query("select $1::timestamptz <= $2::timestamptz and $2::timestamptz <= $3::timestamptz", before_text,
                     *times.begin(), after)
              .get(0, 0) == "t");
    // The common and child columns as given (binary and text COPY).
    auto stored = jobs::load_jobs(conn, jobs::find_job_type("test_job"), {with_columns.common.id});
    REQUIRE(stored.size() == 1);
    auto const& back = dynamic_cast<jobs::TestJob const&>(*stored[0]);
    CHECK(back.measurement_date == with_columns.measurement_date);
    CHECK_FALSE(back.completion_date);
    CHECK(back.common.product_id == with_columns.common.product_id);
    CHECK(back.common.input_path == with_columns.common.input_path);
    CHECK(back.common.input_published_at == with_columns.common.input_published_at);
    CHECK(back.common.priority == jobs::Priority::delayed);
    CHECK(back.common.tile_id == "31TGL");
    CHECK(back.common.last_status == JobStatus::ready);
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
}

TEST_CASE("new jobs: an FSC/RLIE job's columns survive insert_new_jobs and load_jobs unchanged", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    jobs::JobList made;
    auto job = std::make_unique<jobs::FscRlieJob>();
    job->common.name = "31TGL-2024-01-05";
    job->common.tile_id = "31TGL";
    job->common.product_id = "S2A_MSIL1C_20240105T104031_N0510_R108_T31TGL_20240105T123456";
    job->common.priority = jobs::Priority::nrt;
    job->nrt = false;
    job->l1c_id = *job->common.product_id;
    job->l1c_id_list = "a;b;c";
    job->l1c_reference_job = false;
    job->l1c_cloud_cover = 12.5;
    job->l1c_snow_cover = 0.125;
    job->l1c_path = "/eodata/with space/tab\there/back\\slash/new\nline/cr\rend/é";
    job->l2a_path_out = "/hrsi-sip-data/31TGL/L2A/reference/x/init";
    job->save_full_l2a = true;
    job->job_id_for_last_valid_l2a = 42;
    job->l2a_status = jobs::L2aStatus::pending;
    job->n_jobs_run_since_last_init = 3;
    job->n_l2a_produced_since_last_init = 2;
    job->fsc_infos = R"({"a": [1, 2], "b": "x\ty"})";
    job->measurement_date = util::parse_time("2024-01-05T10:40:31.000001Z");
    job->l1c_esa_creation_date = util::parse_time("2024-01-05T12:34:56Z");
    job->l1c_esa_publication_date = util::parse_time("1970-01-01T00:00:00Z");
    job->maja_mode = jobs::MajaMode::init;
    job->maja_threads = 4;
    job->maja_return_code = -1;
    job->backward_reprocessing_run = true;
    job->reprocessing_context = jobs::ReprocessingContext::backward;
    made.push_back(std::move(job));
    jobs::assign_new_job_ids(conn, made);
    std::vector<jobs::NewJob> writes{{made[0].get(), {JobStatus::initialized, JobStatus::configured}, {}, {}}};
    jobs::insert_new_jobs(conn, writes);

    auto loaded = jobs::load_jobs(conn, jobs::find_job_type("fsc_rlie_job"), {made[0]->common.id});
    REQUIRE(loaded.size() == 1);
    auto const expected = made[0]->to_database_value();
    auto const actual = loaded[0]->to_database_value();
    REQUIRE(actual.size() == expected.size());
    for (std::size_t c = 0; c < expected.size(); ++c) {
        INFO(expected[c].column);
        CHECK(actual[c].value == expected[c].value);
    }
    CHECK(loaded[0]->common.last_status == JobStatus::configured);
    CHECK(loaded[0]->common.unique_id == made[0]->common.unique_id);
}

TEST_CASE("new jobs: an invalid history is refused with InternalError and writes nothing", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto made = test_jobs(conn, 2);
    auto const before = all_rows(conn);
    using S = JobStatus;
    std::vector<std::vector<S>> const invalid = {
        {S::configured},                 // no first status
        {S::initialized, S::ready},      // configured skipped
        {S::initialized, S::configured, S::configured},
        {S::ready},
        {S::done},
        {S::cancelled, S::ready},
        {},                              // no status at all
    };
    for (auto const& statuses : invalid) {
        INFO("statuses: " << statuses.size());
        // Alone, and after a valid job of the same batch.
        std::vector<jobs::NewJob> alone{{made[0].get(), statuses, {}, {}}};
        CHECK_THROWS_AS(jobs::insert_new_jobs(conn, alone), InternalError);
        std::vector<jobs::NewJob> second{{made[0].get(), {S::initialized}, {}, {}}, {made[1].get(), statuses, {}, {}}};
        CHECK_THROWS_AS(jobs::insert_new_jobs(conn, second), InternalError);
        CHECK(all_rows(conn) == before);
        CHECK_FALSE(conn.in_transaction());
    }
    std::vector<jobs::NewJob> skipped{{made[0].get(), {S::initialized, S::ready}, {}, {}}};
    CHECK_THROWS_WITH(jobs::insert_new_jobs(conn, skipped),
                      Catch::Contains("invalid job status transition") && Catch::Contains("initialized -> ready"));
    // Without ids, or with jobs of two types: refused too.
    jobs::TestJob no_ids;
    no_ids.common.name = "no-ids";
    std::vector<jobs::NewJob> without_ids{{&no_ids, {S::initialized}, {}, {}}};
    CHECK_THROWS_AS(jobs::insert_new_jobs(conn, without_ids), InternalError);
    jobs::JobList fsc;
    fsc.push_back(std::make_unique<jobs::FscRlieJob>());
    jobs::assign_new_job_ids(conn, fsc);
    std::vector<jobs::NewJob> mixed{{made[0].get(), {S::initialized}, {}, {}}, {fsc[0].get(), {S::initialized}, {}, {}}};
    CHECK_THROWS_AS(jobs::insert_new_jobs(conn, mixed), InternalError);
    CHECK(all_rows(conn) == before);
    // Inside a transaction the refusal leaves the transaction usable (nothing was sent).
    db::Transaction tx(conn);
    CHECK_THROWS_AS(jobs::insert_new_jobs(conn, skipped), InternalError);
    std::vector<jobs::NewJob> good{{made[0].get(), {S::initialized}, {}, {}}};
    CHECK_NOTHROW(jobs::insert_new_jobs(conn, good));
    tx.commit();
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 1);
    // Nothing at all to write is no error.
    CHECK_NOTHROW(jobs::insert_new_jobs(conn, {}));
}

TEST_CASE("new jobs: outside a transaction insert_new_jobs writes its three tables together or not at all",
          "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto observer = database.connect();
    auto const before = all_rows(conn);

    SECTION("a failure in the child rows, after the job rows were copied, leaves nothing") {
        jobs::JobList made;
        for (int i = 0; i < 3; ++i) {
            auto job = std::make_unique<jobs::FscRlieJob>();
            job->common.name = fmt::format("fsc-{}", i);
            job->l1c_id = fmt::format("l1c-{}", i);
            job->l1c_path = "/p";
            job->l2a_status = jobs::L2aStatus::pending;
            if (i == 2) job->fsc_infos = "not json";  // refused by the table's jsonb column
            made.push_back(std::move(job));
        }
        jobs::assign_new_job_ids(conn, made);
        std::vector<jobs::NewJob> writes;
        for (auto const& job : made) writes.push_back({job.get(), {JobStatus::initialized}, {}, {}});
        CHECK_THROWS_AS(jobs::insert_new_jobs(conn, writes), InputError);
    }
    SECTION("a failure in the history rows, after the job and child rows were copied, leaves nothing") {
        auto made = test_jobs(conn, 3);
        std::vector<jobs::NewJob> writes;
        for (auto const& job : made) writes.push_back({job.get(), {JobStatus::initialized}, {}, {}});
        // A NUL byte is no text for PostgreSQL; the message is only in the history rows.
        writes[2] = {made[2].get(), {JobStatus::internal_error}, "subtype", std::string("bad\0byte", 8)};
        CHECK_THROWS(jobs::insert_new_jobs(conn, writes));
    }
    CHECK_FALSE(conn.in_transaction());
    CHECK(all_rows(conn) == before);
    CHECK(all_rows(observer) == before);
    // The connection goes on, and the settings of the failed transaction are gone with it.
    CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name, last_status) values ('test_job', 'x', 1)"),
                      Catch::Contains("a new job starts without status"));
    auto made = test_jobs(conn, 2, "good");
    std::vector<jobs::NewJob> writes;
    for (auto const& job : made) writes.push_back({job.get(), {JobStatus::initialized, JobStatus::configured}, {}, {}});
    jobs::insert_new_jobs(conn, writes);
    CHECK_FALSE(conn.in_transaction());
    // Committed: another session sees the three tables.
    CHECK(count(observer, "select count(*) from hrsi.jobs") == 2);
    CHECK(count(observer, "select count(*) from hrsi.test_jobs") == 2);
    CHECK(count(observer, "select count(*) from hrsi.job_status_changes") == 4);
    CHECK(count(observer, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
}

TEST_CASE("new jobs: inside the caller's transaction insert_new_jobs commits or rolls back with it", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto observer = database.connect();
    auto made = test_jobs(conn, 3);
    std::vector<jobs::NewJob> writes;
    for (auto const& job : made) writes.push_back({job.get(), {JobStatus::initialized}, {}, {}});
    {
        db::Transaction tx(conn);
        jobs::insert_new_jobs(conn, writes);
        CHECK(conn.in_transaction());
        CHECK(count(conn, "select count(*) from hrsi.jobs") == 3);
        CHECK(count(observer, "select count(*) from hrsi.jobs") == 0);
        // The cache gate is closed again for the rest of the caller's transaction.
        CHECK_THROWS_WITH(conn.exec("insert into hrsi.jobs (job_type, name, last_status) values ('test_job', 'x', 1)"),
                          Catch::Contains("a new job starts without status"));
    }
    CHECK(all_rows(conn) == 0);
    {
        db::Transaction tx(conn);
        jobs::insert_new_jobs(conn, writes);
        tx.commit();
    }
    CHECK(count(observer, "select count(*) from hrsi.jobs") == 3);
    CHECK(count(observer, "select count(*) from hrsi.job_status_changes") == 3);
}

TEST_CASE("new jobs: assign_new_job_ids gives distinct ids from the sequence and distinct UUIDv7s", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const start = util::now();
    auto first = test_jobs(conn, 3000);
    auto second = test_jobs(conn, 500);
    auto const end = util::now();
    std::set<std::int64_t> ids;
    std::set<std::string> unique_ids;
    auto const start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count();
    auto const end_ms = std::chrono::duration_cast<std::chrono::milliseconds>(end.time_since_epoch()).count();
    for (auto const* list : {&first, &second}) {
        for (auto const& job : *list) {
            CHECK(job->common.id > 0);
            ids.insert(job->common.id);
            unique_ids.insert(job->common.unique_id);
            INFO(job->common.unique_id);
            REQUIRE(is_uuid_v7(job->common.unique_id));
            auto hex = job->common.unique_id.substr(0, 8) + job->common.unique_id.substr(9, 4);
            auto const ms = static_cast<std::int64_t>(std::stoull(hex, nullptr, 16));
            CHECK(ms >= start_ms);
            CHECK(ms <= end_ms);
        }
    }
    CHECK(ids.size() == 3500);
    CHECK(unique_ids.size() == 3500);
    // The sequence moved past them: a job inserted the usual way gets a new id.
    auto later = testing::insert_test_job(conn, "later");
    CHECK(later > *ids.rbegin());
    CHECK_FALSE(ids.contains(later));
    // The database takes them.
    std::vector<jobs::NewJob> writes;
    for (auto const& job : first) writes.push_back({job.get(), {JobStatus::initialized}, {}, {}});
    jobs::insert_new_jobs(conn, writes);
    CHECK(count(conn, "select count(distinct unique_id) from hrsi.jobs") == 3001);
    CHECK(conn.query("select count(*) from hrsi.jobs where unique_id::text = $1", first[17]->common.unique_id)
              .get_int(0, 0) == 1);
    // An empty list takes nothing.
    jobs::JobList none;
    CHECK_NOTHROW(jobs::assign_new_job_ids(conn, none));
}

TEST_CASE("new jobs: load_jobs returns the jobs in the order of the ids it is given, missing ones left out",
          "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto made = test_jobs(conn, 5);
    std::vector<jobs::NewJob> writes;
    for (auto const& job : made) writes.push_back({job.get(), {JobStatus::initialized}, {}, {}});
    jobs::insert_new_jobs(conn, writes);
    auto id = [&](std::size_t i) { return made[i]->common.id; };
    std::vector<std::int64_t> const wanted{id(3), id(0), id(4) + 1000, id(2), id(4)};
    auto loaded = jobs::load_jobs(conn, jobs::find_job_type("test_job"), wanted);
    std::vector<std::string> names;
    for (auto const& job : loaded) names.push_back(job->common.name);
    CHECK(names == std::vector<std::string>{"job-3", "job-0", "job-2", "job-4"});
}
