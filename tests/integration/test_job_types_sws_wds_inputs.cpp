// SPDX-License-Identifier: Apache-2.0
// SWS/WDS's FSC input from hrsi's own database: the FSC products fsc_rlie_job published.
#include "temp_database.hpp"

#include <hrsi/job_types/sws_wds/sws_wds_inputs.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>

using namespace hrsi;

namespace {

// FSC/RLIE jobs from L1C products of 2024-01-05 on each tile (created through the real creation).
void create_fsc_rlie_jobs(db::Connection& conn, std::vector<std::string> const& tiles) {
    std::string answer = R"({"value":[)";
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        auto const name = fmt::format("S2A_MSIL1C_20240105T104031_N0510_R108_T{}_20240105T123456",
                                      tiles[i]);
        answer += fmt::format(
            R"({}{{"Name":"{}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{}.SAFE","PublicationDate":"2024-01-05T12:00:00Z"}})",
            i == 0 ? "" : ",", name, name);
    }
    answer += "]}";
    std::istringstream in(answer);
    util::Log log("test", -1);
    auto const summary = jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, log);
    REQUIRE(summary.created == static_cast<std::int64_t>(tiles.size()));
}

// The worker and the publication, by hand: the job's FSC, its metadata and its publication.
void publish_fsc(db::Connection& conn, std::string const& tile, std::string const& published,
                 std::string const& infos) {
    conn.query(
        "update hrsi.fsc_rlie_jobs set "
        "  fsc_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2024/01/05/"
        "FSC_20240105T104031_S2A_T' || tile_id || '_V102_1', "
        "  fsc_completion_date = '2024-01-05T13:10:00Z', fsc_json_publication_date = $2, "
        "  fsc_infos = $3::jsonb where tile_id = $1",
        tile, published, infos);
}

}  // namespace

TEST_CASE("sws_wds: the FSC products published by fsc_rlie_job, within the window",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    create_fsc_rlie_jobs(conn, {"32TLR", "32TMR", "32TNR", "32TPR"});
    publish_fsc(conn, "32TLR", "2024-01-05T13:20:00Z",
                R"json({"resto":{"geometry":{"wkt":"POLYGON ((7 45, 8 45, 8 46, 7 45))"}}})json");
    publish_fsc(conn, "32TMR", "2024-01-05T13:15:00Z", R"({"resto":{}})");
    publish_fsc(conn, "32TNR", "2024-01-06T09:00:00Z", "{}");  // after the window
    // 32TPR: processed, never published: not an input.

    jobs::TimeWindow const window{util::parse_time("2024-01-05T13:00:00Z"),
                                  util::parse_time("2024-01-05T14:00:00Z")};
    auto const fsc = jobs::published_fsc(conn, window, util::parse_time("2023-12-06T00:00:00Z"));
    REQUIRE(fsc.size() == 2);
    // By publication.
    CHECK(fsc[0].tile == "32TMR");
    CHECK(fsc[0].footprint.empty());
    CHECK(fsc[1].tile == "32TLR");
    CHECK(fsc[1].product_id == "FSC_20240105T104031_S2A_T32TLR_V102_1");
    CHECK(fsc[1].path.rfind("/eodata/HRSI/CLMS/", 0) == 0);
    CHECK(fsc[1].measurement == util::parse_time("2024-01-05T10:40:31Z"));
    CHECK(fsc[1].created == util::parse_time("2024-01-05T13:10:00Z"));
    CHECK(fsc[1].published == util::parse_time("2024-01-05T13:20:00Z"));
    CHECK(fsc[1].footprint == "POLYGON ((7 45, 8 45, 8 46, 7 45))");

    // Bounds included; measured too long before the window: left out.
    CHECK(jobs::published_fsc(conn, {window.start, util::parse_time("2024-01-05T13:15:00Z")},
                              window.start - std::chrono::days(30))
              .size() == 1);
    CHECK(jobs::published_fsc(conn, window, util::parse_time("2024-01-06T00:00:00Z")).empty());
}
