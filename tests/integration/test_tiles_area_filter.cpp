// SPDX-License-Identifier: Apache-2.0
// The area of interest (system parameter area_of_interest, sql/010) against a real database:
// an FSC/RLIE L1C whose tile is outside the type's area is refused with the reason, one
// inside is taken; the parameter's values are checked by the database.
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace hrsi;

namespace {

jobs::CreationSummary create(db::Connection& conn, std::string const& text) {
    std::istringstream in(text);
    util::Log log("test", -1);
    return jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, log);
}

constexpr char const* inside = "S2A_MSIL1C_20240105T103431_N0510_R108_T32TLR_20240105T123456.SAFE";
constexpr char const* outside = "S2A_MSIL1C_20240105T012345_N0510_R031_T54PXA_20240105T034512.SAFE";

}  // namespace

TEST_CASE("tiles: an FSC/RLIE L1C outside EEA39 is refused, one inside is taken", "[tiles][jobs]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const summary = create(conn, std::string(inside) + "\n" + outside + "\n");
    CHECK(summary.created == 1);
    REQUIRE(summary.refused.size() == 1);
    CHECK(summary.refused[0].product == outside);
    CHECK(summary.refused[0].reason == "tile 54PXA is outside the area of interest (EEA39)");
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where tile_id = '32TLR'").get_int(0, 0) == 1);
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where tile_id = '54PXA'").get_int(0, 0) == 0);

    SECTION("the type's own area wins over the default") {
        db::set_system_parameter(conn, "area_of_interest",
                                 R"({"default": "EEA39", "fsc_rlie_job": "world"})");
        auto const again = create(conn, std::string(outside) + "\n");
        CHECK(again.created == 1);
        CHECK(again.refused.empty());
    }
    SECTION("EEA39_RLIE leaves out the no-RLIE tiles") {
        db::set_system_parameter(conn, "area_of_interest", R"({"default": "EEA39_RLIE"})");
        auto const again = create(
            conn, "S2A_MSIL1C_20240105T113431_N0510_R023_T26SLJ_20240105T133456.SAFE\n");
        CHECK(again.created == 0);
        REQUIRE(again.refused.size() == 1);
        CHECK(again.refused[0].reason == "tile 26SLJ is outside the area of interest (EEA39_RLIE)");
    }
}

TEST_CASE("tiles: the database refuses an unknown area or job type in area_of_interest",
          "[tiles][db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    CHECK(db::get_system_parameter(conn, "area_of_interest").value == R"({"default": "EEA39"})");
    CHECK_THROWS_WITH(db::set_system_parameter(conn, "area_of_interest", R"({"default": "Europe"})"),
                      Catch::Contains("unknown job types or areas"));
    CHECK_THROWS_WITH(db::set_system_parameter(conn, "area_of_interest", R"({"no_such_job": "EEA39"})"),
                      Catch::Contains("unknown job types or areas"));
    CHECK_THROWS_AS(db::set_system_parameter(conn, "area_of_interest", R"(["EEA39"])"), InputError);
    CHECK(db::get_system_parameter(conn, "area_of_interest").value == R"({"default": "EEA39"})");
}
