// SPDX-License-Identifier: Apache-2.0
// hrsi-create-jobs' library call: transactions, reruns, concurrency, malformed input.
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>
#include <thread>

using namespace hrsi;

namespace {

jobs::CreationSummary create(db::Connection& conn, std::string const& type, std::string const& text,
                             jobs::CreationOptions options = {}) {
    std::istringstream in(text);
    util::Log log("test", -1);
    return jobs::create_jobs(conn, jobs::find_job_type(type), in, options, log);
}

std::int64_t count(db::Connection& conn, std::string const& sql) {
    return conn.query(sql).get_int(0, 0);
}

}  // namespace

TEST_CASE("creation: test jobs, one per distinct product, ready, reruns create nothing", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::string list = "# products\nalpha\n/some/path/beta.SAFE\nalpha\nwith space\n";
    auto summary = create(conn, "test_job", list);
    CHECK(summary.products == 4);
    CHECK(summary.created == 3);
    CHECK(summary.duplicates == 1);
    CHECK(summary.configuration.ready == 3);
    CHECK(count(conn, "select count(*) from hrsi.jobs where last_status = 3") == 3);
    CHECK(count(conn, "select count(*) from hrsi.jobs where name = 'with_space'") == 1);
    CHECK(count(conn, "select count(*) from hrsi.jobs where product_id = 'beta' and input_path = '/some/path/beta.SAFE'") == 1);
    auto again = create(conn, "test_job", list);
    CHECK(again.created == 0);
    CHECK(again.duplicates == 4);
    CHECK(count(conn, "select count(*) from hrsi.job_status_changes") == 9);
}

TEST_CASE("creation: chunks share one transaction and see each other", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::string list;
    for (int i = 0; i < 25; ++i) list += fmt::format("p{}\np{}\n", i, i % 5);
    jobs::CreationOptions options;
    options.chunk_size = 7;
    auto summary = create(conn, "test_job", list, options);
    CHECK(summary.created == 25);
    CHECK(summary.duplicates == 25);
}

TEST_CASE("creation: a dry run writes nothing", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    jobs::CreationOptions options;
    options.dry_run = true;
    auto summary = create(conn, "test_job", "a\nb\n", options);
    CHECK(summary.created == 2);
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
}

TEST_CASE("creation: malformed input writes nothing, even after good products", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::string good;
    for (int i = 0; i < 30; ++i) {
        good += fmt::format(R"({}{{"Name":"S2A_MSIL1C_202401{:02}T104031_N0510_R108_T31TGL_202401{:02}T123456.SAFE","PublicationDate":"2024-01-{:02}T12:00:00Z"}})",
                            i == 0 ? "" : ",", i + 1, i + 1, i + 1);
    }
    jobs::CreationOptions options;
    options.chunk_size = 10;  // the first chunks are written before the error
    CHECK_THROWS_AS(create(conn, "fsc_rlie_job", R"({"value":[)" + good + R"(,{"Name": "S2A_MSIL1C_2)", options),
                    InputError);
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
    CHECK_THROWS_AS(create(conn, "fsc_rlie_job", R"({"hello": "world"})"), InputError);
    CHECK(count(conn, "select count(*) from hrsi.jobs") == 0);
    auto summary = create(conn, "fsc_rlie_job", R"({"value":[)" + good + "]}", options);
    CHECK(summary.created == 30);
}

TEST_CASE("creation: concurrent creators on the same input create each job once", "[jobs][concurrency]") {
    testing::TempDatabase database;
    std::string list;
    for (int i = 0; i < 300; ++i) {
        list += fmt::format("S2A_MSIL1C_2024{:02}{:02}T104031_N0510_R108_T{}_2024{:02}{:02}T123456\n",
                            1 + i / 28 % 12, 1 + i % 28, i % 3 == 0 ? "31TGL" : (i % 3 == 1 ? "32TLR" : "33UUP"),
                            1 + i / 28 % 12, 1 + i % 28);
        list += fmt::format("test-product-{}\n", i);
    }
    std::vector<std::int64_t> created(4);
    std::vector<std::string> errors(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < created.size(); ++t) {
        threads.emplace_back([&, t] {
            try {
                auto conn = database.connect();
                auto type = t % 2 == 0 ? "fsc_rlie_job" : "test_job";
                jobs::CreationOptions options;
                options.chunk_size = 50;
                created[t] = create(conn, type, list, options).created;
            } catch (std::exception const& e) {
                errors[t] = e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (auto const& error : errors) CHECK(error.empty());
    auto conn = database.connect();
    auto fsc = count(conn, "select count(*) from hrsi.jobs where job_type = 'fsc_rlie_job'");
    auto test = count(conn, "select count(*) from hrsi.jobs where job_type = 'test_job'");
    CHECK(test == 600);  // every line is a test job
    CHECK(created[1] + created[3] == 600);
    CHECK(created[0] + created[2] == fsc);
    CHECK(fsc > 250);  // the list repeats some tile and date: those are re-publications
    CHECK(count(conn, "select count(*) from (select l1c_id from hrsi.fsc_rlie_jobs group by 1 having count(*) > 1) d") == 0);
    CHECK(count(conn, "select count(*) from hrsi.jobs_with_stale_status_cache()") == 0);
}

TEST_CASE("creation: the next window starts one second before the newest input publication", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const& type = jobs::find_job_type("fsc_rlie_job");
    auto now = util::parse_time("2024-03-01T00:00:00Z");
    auto empty = jobs::next_window(conn, type, now);
    CHECK(util::format_rfc3339(empty.start) == "2024-02-23T00:00:00Z");  // 7 days
    CHECK(util::format_rfc3339(empty.end) == "2024-03-01T00:00:00Z");
    create(conn, "fsc_rlie_job",
           R"({"value":[{"Name":"S2A_MSIL1C_20240105T104031_N0510_R108_T31TGL_20240105T123456.SAFE","PublicationDate":"2024-01-05T12:00:00.250Z"},
                        {"Name":"S2A_MSIL1C_20240104T104031_N0510_R108_T31TGL_20240104T123456.SAFE","PublicationDate":"2024-01-04T12:00:00Z"}]})");
    auto window = jobs::next_window(conn, type, now);
    CHECK(util::format_rfc3339(window.start) == "2024-01-05T11:59:59.250000Z");
}

TEST_CASE("creation: each type's last inserted job is its own, read whole, and drives its window", "[jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const& fsc = jobs::find_job_type("fsc_rlie_job");
    auto const& test = jobs::find_job_type("test_job");
    auto const now = util::parse_time("2024-03-01T00:00:00Z");
    auto const parameters = db::load_system_parameters(conn);
    util::Log const silent{"test", -1};
    jobs::JobContext context{conn, parameters, silent, now, {}, false, {}};
    CHECK(fsc.get_last_inserted_job(*fsc.info, context) == nullptr);

    create(conn, "fsc_rlie_job",
           R"({"value":[{"Name":"S2A_MSIL1C_20240105T104031_N0510_R108_T31TGL_20240105T123456.SAFE","PublicationDate":"2024-01-05T12:00:00Z"},
                        {"Name":"S2B_MSIL1C_20240106T104031_N0510_R108_T32TLR_20240106T123456.SAFE","PublicationDate":"2024-01-06T12:00:00Z"},
                        {"Name":"S2A_MSIL1C_20240104T104031_N0510_R108_T31TGL_20240104T123456.SAFE","PublicationDate":"2024-01-04T12:00:00Z"}]})");
    // Another type's later job does not move this type's window.
    create(conn, "test_job", R"({"value":[{"Name":"later","PublicationDate":"2024-02-20T00:00:00Z"}]})");
    // Nor does a publication after now (recorded before creation refused them).
    create(conn, "fsc_rlie_job",
           R"({"value":[{"Name":"S2A_MSIL1C_20240107T104031_N0510_R108_T31TGM_20240107T123456.SAFE","PublicationDate":"2024-01-07T12:00:00Z"}]})");
    conn.query("update hrsi.jobs set input_published_at = '2099-01-01T00:00:00Z' where tile_id = '31TGM'");
    REQUIRE(conn.query("select count(*) from hrsi.jobs where input_published_at > $1", util::format_rfc3339(now))
                .get_int(0, 0) == 1);

    auto const last = fsc.get_last_inserted_job(*fsc.info, context);
    REQUIRE(last != nullptr);
    CHECK(last->info().type_name == "fsc_rlie_job");
    CHECK(last->common.tile_id == "32TLR");
    CHECK(last->common.product_id == "S2B_MSIL1C_20240106T104031_N0510_R108_T32TLR_20240106T123456");
    // Read whole: the type's own columns too.
    CHECK(last->to_database_value().size() > 5);
    auto const window = fsc.next_search_window(*fsc.info, last.get(), context);
    CHECK(util::format_rfc3339(window.start) == "2024-01-06T11:59:59Z");
    CHECK(window.end == now);
    CHECK(util::format_rfc3339(jobs::next_window(conn, fsc, now).start) == "2024-01-06T11:59:59Z");

    auto const last_test = test.get_last_inserted_job(*test.info, context);
    REQUIRE(last_test != nullptr);
    CHECK(last_test->common.name == "later");
    CHECK(util::format_rfc3339(jobs::next_window(conn, test, now).start) == "2024-02-19T23:59:59Z");
    // Without a last job: the type's default search duration.
    db::set_system_parameter(conn, "s2_search_default_duration_in_days", "3");
    auto const reloaded = db::load_system_parameters(conn);
    jobs::JobContext fresh{conn, reloaded, silent, now, {}, false, {}};
    CHECK(util::format_rfc3339(fsc.next_search_window(*fsc.info, nullptr, fresh).start) == "2024-02-27T00:00:00Z");
}

TEST_CASE("creation: traversal, root names and far-future publications are refused with the reason",
          "[jobs][security]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const l1c = std::string("S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T124512");
    auto const answer = std::string(R"({"value":[)") +
                        R"({"Name":")" + l1c + R"(.SAFE","S3Path":"/eodata/../secret/)" + l1c + R"(.SAFE",)"
                        R"("PublicationDate":"2025-01-05T13:00:00Z"},)"
                        R"({"Name":"future","S3Path":"/eodata/future","PublicationDate":"9999-12-31T00:00:00Z"},)"
                        R"({"Name":"fine","S3Path":"/eodata/fine","PublicationDate":"2025-01-05T13:00:00Z"}]})";
    auto summary = create(conn, "test_job", answer);
    CHECK(summary.created == 1);
    REQUIRE(summary.refused.size() == 2);
    CHECK_THAT(summary.refused[0].reason, Catch::Contains("'..'") && Catch::Contains("value[0]"));
    CHECK_THAT(summary.refused[1].reason, Catch::Contains("in the future"));
    CHECK(count(conn, "select count(*) from hrsi.jobs where input_path like '%..%'") == 0);
    // A test job named "/": the list reader already refuses it; through JSON, creation does.
    auto root = create(conn, "test_job", R"({"value":[{"Name":"/","S3Path":"/"}]})");
    CHECK(root.created == 0);
    REQUIRE(root.refused.size() == 1);
    CHECK_THAT(root.refused[0].reason, Catch::Contains("names no product"));
    jobs::CreationOptions strict;
    strict.strict = true;
    CHECK_THROWS_AS(create(conn, "test_job", answer, strict), InputError);
    // The tolerance is a system parameter.
    db::set_system_parameter(conn, "publication_date_tolerance_minutes", "0");
    auto const soon = util::format_rfc3339(util::now() + std::chrono::minutes(5));
    CHECK(create(conn, "test_job", R"({"value":[{"Name":"soon","PublicationDate":")" + soon + R"("}]})").refused.size() == 1);
}

TEST_CASE("creation: --next-window never starts after now", "[jobs][security]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const& type = jobs::find_job_type("test_job");
    create(conn, "test_job", R"({"value":[{"Name":"past","PublicationDate":"2025-01-05T13:00:00Z"}]})");
    // A far-future publication recorded before creation refused them.
    conn.query("update hrsi.jobs set input_published_at = '9999-12-31T00:00:00Z' where name = 'past'");
    create(conn, "test_job", R"({"value":[{"Name":"recent","PublicationDate":"2025-02-01T00:00:00Z"}]})");
    auto const now = util::parse_time("2026-01-01T00:00:00Z");
    auto const window = jobs::next_window(conn, type, now);
    CHECK(window.start <= now);
    CHECK(window.start == util::parse_time("2025-01-31T23:59:59Z"));
}
