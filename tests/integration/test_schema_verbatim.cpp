// SPDX-License-Identifier: Apache-2.0
// Values travel as parameters: whatever their content, they are stored as given.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("schema: names and messages with quotes, semicolons, unicode and SQL are verbatim", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::string> names = {
        "O'Brien-\"quoted\"",  "a;drop_table_hrsi.jobs;--", "Robert');DROP/**/TABLE/**/jobs;--",
        "é-ñ-日本語-🛰", "back\\slash", "$1$2", "%s%n{}", "x'||pg_sleep(1)||'",
    };
    for (auto const& name : names) {
        auto job = testing::insert_test_job(conn, name);
        auto message = "message for " + name + "\n; select 1; -- ' \" \\ \t end";
        jobs::set_job_status(conn, job, JobStatus::internal_error, {name + " subtype", message, {}});
        auto stored = conn.query(
            "select j.name, c.error_subtype, c.error_message from hrsi.jobs j "
            "join hrsi.job_status_changes c on c.job_id = j.id where j.id = $1",
            job);
        REQUIRE(stored.rows() == 1);
        CHECK(stored.get(0, 0) == name);
        CHECK(stored.get(0, 1) == name + " subtype");
        CHECK(stored.get(0, 2) == message);
    }
    CHECK(conn.query("select count(*) from hrsi.jobs").get_int(0, 0) == static_cast<std::int64_t>(names.size()));
}

TEST_CASE("schema: a job name with whitespace of any kind, or empty, is refused", "[schema]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    for (std::string bad : {"a b", "a\tb", "a\nb", "a\rb", "a\vb", "a\bb", "a\fb", "a\u00a0b",
                            "a\u2003b", "a\u3000b", " lead", "trail ", ""}) {
        INFO("name: [" << bad << "]");
        CHECK_THROWS_AS(testing::insert_test_job(conn, bad), InputError);
    }
    CHECK(conn.query("select count(*) from hrsi.jobs").get_int(0, 0) == 0);
    CHECK_NOTHROW(testing::insert_test_job(conn, "32TLR-2026-11-27"));
}
