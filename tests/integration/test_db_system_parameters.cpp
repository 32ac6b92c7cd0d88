// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("db system parameters: defaults of the reference", "[db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto get = [&](char const* name) { return db::get_system_parameter(conn, name).value; };
    CHECK(get("max_attempts") == "3");
    CHECK(get("s2_processing_start_date") == "2020-05-01");
    CHECK(get("s1_processing_start_date") == "2021-06-24");
    CHECK(get("maja_consecutive_jobs_threshold_value") == "60");
    CHECK(get("maja_backward_required_job_number") == "8");
    CHECK(get("activate_backward_reprocessing") == "true");
    CHECK(get("processing_timeout_minutes") == "270");
    CHECK(get("queued_timeout_minutes") == "60");
    CHECK(get("started_timeout_minutes") == "30");
    CHECK(get("pre_processing_timeout_minutes") == "30");
    CHECK(get("post_processing_timeout_minutes") == std::nullopt);
    CHECK(get("job_types_list") == R"(["test_job", "fsc_rlie_job", "rlies1_job", "sws_wds_job", "rlies1s2_job", "gfsc_job"])");
    auto all = db::list_system_parameters(conn);
    CHECK(all.size() > 20);
    CHECK(std::none_of(all.begin(), all.end(), [](auto const& p) { return p.name == "id"; }));
}

TEST_CASE("db system parameters: set validates, records history, reset restores", "[db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    CHECK(db::set_system_parameter(conn, "max_attempts", "5").value == "5");
    CHECK(db::set_system_parameter(conn, "s2_processing_start_date", "2021-01-02").value == "2021-01-02");
    CHECK(db::set_system_parameter(conn, "activate_backward_reprocessing", "no").value == "false");
    CHECK(db::set_system_parameter(conn, "results_storage_url", "img:1 'quoted'; --").value == "img:1 'quoted'; --");
    // Values that reach a container runtime's command line are checked when set.
    CHECK(db::set_system_parameter(conn, "docker_image_for_test_job_processing", "localhost/img:1").value ==
          "localhost/img:1");
    CHECK_THROWS_WITH(db::set_system_parameter(conn, "docker_image_for_test_job_processing", "--privileged"),
                      Catch::Contains("is_a_reference"));

    CHECK_THROWS_AS(db::set_system_parameter(conn, "max_attempts", "three"), InputError);
    CHECK_THROWS_AS(db::set_system_parameter(conn, "max_attempts", "0"), InputError);
    CHECK_THROWS_AS(db::set_system_parameter(conn, "s2_processing_start_date", "2021-02-30"), InputError);
    CHECK_THROWS_AS(db::set_system_parameter(conn, "job_types_list", "not json"), InputError);
    CHECK_THROWS_AS(db::set_system_parameter(conn, "job_types_list", "{\"a\": 1}"), InputError);
    CHECK_THROWS_WITH(db::set_system_parameter(conn, "job_types_list", R"(["test_job", "warp_job"])"),
                      Catch::Contains("unknown job types") && Catch::Contains("warp_job"));
    CHECK_THROWS_WITH(db::set_system_parameter(conn, "no_such", "1"), Catch::Contains("unknown system parameter"));
    CHECK_THROWS_AS(db::set_system_parameter(conn, "id", "2"), InputError);
    CHECK(db::get_system_parameter(conn, "max_attempts").value == "5");

    // A dry run checks and changes nothing.
    CHECK(db::set_system_parameter(conn, "max_attempts", "9", true).value == "9");
    CHECK(db::get_system_parameter(conn, "max_attempts").value == "5");

    CHECK(db::set_system_parameter(conn, "max_attempts", std::nullopt).value == "3");
    auto history = db::system_parameter_history(conn, "max_attempts");
    REQUIRE(history.rows() == 3);
    CHECK(history.get(0, 2) == "3");
    CHECK(history.get(1, 2) == "5");
    CHECK(history.get(2, 2) == "3");
}
