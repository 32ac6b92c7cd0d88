// SPDX-License-Identifier: Apache-2.0
// RLIE-S1 creation against a real database, from real-form Sentinel-1 catalogue answers
// (OData with Attributes, resto, STAC: tests/data/catalogue/): the jobs and their tile lists,
// the products refused with their reason, reruns, concurrent creators, priorities and the
// next search window.
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace hrsi;

namespace {

// The GRD of the repository's answers: over the western Alps.
constexpr char const* alps_grd = "S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C";
// The tiles of the area its footprint (7.019 45.012, 10.318 45.418, 10.004 47.117, 6.612 46.709)
// intersects, as hrsi-tiles intersect and every tile compared one by one give them (checked below).
constexpr char const* alps_tiles =
    R"(["31TGL", "31TGM", "32TLQ", "32TLR", "32TLS", "32TMQ", "32TMR", "32TMS", "32TMT", "32TNR", "32TNS", "32TNT", "32TPR"])";

std::string read_file(std::string const& name) {
    std::ifstream in(std::string(HRSI_SOURCE_DIR) + "/tests/data/catalogue/" + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

jobs::CreationSummary create(db::Connection& conn, std::string const& text,
                             tiles::Search search = tiles::Search::tree) {
    std::istringstream in(text);
    util::Log log("test", -1);
    tiles::TileSource tiles(std::string(HRSI_SOURCE_DIR) + "/data/eea39", {}, search);
    jobs::CreationOptions options;
    options.tiles = &tiles;
    return jobs::create_jobs(conn, jobs::builtin_job_types().find("rlies1_job"), in, options, log);
}

std::string column(db::Connection& conn, std::string const& grd, std::string const& name) {
    auto result = conn.query(fmt::format("select {}::text from hrsi.rlies1_jobs_view where s1grd_id = $1", name), grd);
    if (result.rows() == 0) return "(no job)";
    return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
}

std::string reason_for(jobs::CreationSummary const& summary, std::string const& product) {
    for (auto const& refusal : summary.refused) {
        if (refusal.product.find(product) != std::string::npos) return refusal.reason;
    }
    return "(not refused)";
}

// One OData product with a footprint (lon lat pairs), as the Copernicus Data Space gives it.
std::string odata_product(std::string const& name, std::string const& published, std::string const& polygon) {
    return fmt::format(
        R"({{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-1/SAR/IW_GRDH_1S/2024/01/05/{0}.SAFE",)"
        R"("PublicationDate":"{1}","Footprint":"geography'SRID=4326;POLYGON (({2}))'"}})",
        name, published, polygon);
}

std::string odata(std::vector<std::string> const& products) {
    return fmt::format(R"({{"value":[{}]}})", fmt::join(products, ","));
}

constexpr char const* alps_polygon = "7.019 45.012, 10.318 45.418, 10.004 47.117, 6.612 46.709, 7.019 45.012";

}  // namespace

TEST_CASE("rlies1: an OData answer with Attributes gives one job per IW GRDH with its tiles", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const summary = create(conn, read_file("odata_s1_grd.json"));
    CHECK(summary.products == 3);
    CHECK(summary.created == 1);
    CHECK(summary.configuration.ready == 1);
    REQUIRE(summary.refused.size() == 2);
    CHECK(reason_for(summary, "S1A_EW_GRDM") ==
          "S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7: an EW GRD, rlies1_job takes IW GRDH VV+VH");
    CHECK(reason_for(summary, "S1A_IW_GRDH_1SDV_20240105T172230") ==
          "S1A_IW_GRDH_1SDV_20240105T172230_20240105T172255_051965_064758_C3E1: the catalogue gives no footprint "
          "(rlies1_job needs it to find the tiles)");

    CHECK(column(conn, alps_grd, "s2tile_ids_json") == alps_tiles);
    CHECK(column(conn, alps_grd, "name") == alps_grd);
    CHECK(column(conn, alps_grd, "product_id") == alps_grd);
    CHECK(column(conn, alps_grd, "tile_id") == "");
    CHECK(column(conn, alps_grd, "product_path") ==
          fmt::format("/eodata/Sentinel-1/SAR/IW_GRDH_1S/2024/01/05/{}.SAFE", alps_grd));
    CHECK(column(conn, alps_grd, "input_path") == column(conn, alps_grd, "product_path"));
    CHECK(column(conn, alps_grd, "measurement_date_start") == "2024-01-05 05:43:21+00");
    CHECK(column(conn, alps_grd, "measurement_date_end") == "2024-01-05 05:43:46+00");
    CHECK(column(conn, alps_grd, "s1grd_dias_publication_date") == "2024-01-05 07:12:45.511+00");
    CHECK(column(conn, alps_grd, "s1grd_esa_publication_date") == "2024-01-05 07:12:45.511+00");
    CHECK(column(conn, alps_grd, "input_published_at") == "2024-01-05 07:12:45.511+00");
    CHECK(column(conn, alps_grd, "reprocessing_context") == "nrt");
    // Published 1 h 29 min after sensing: NRT.
    CHECK(column(conn, alps_grd, "priority") == "nrt");
    CHECK(column(conn, alps_grd, "last_status_name") == "ready");
    CHECK(column(conn, alps_grd, "rlies1_product_paths_json") == "NULL");

    // The view's function gives the job by its status.
    auto ready = conn.query("select s1grd_id from hrsi.rlies1_jobs_with_last_status('{3}'::smallint[])");
    REQUIRE(ready.rows() == 1);
    CHECK(ready.get(0, 0) == alps_grd);
}

TEST_CASE("rlies1: resto and STAC answers give the same job, SLC refused", "[jobs][rlies1]") {
    for (auto const* file : {"resto_s1_grd.json", "stac_s1_grd.json"}) {
        INFO(file);
        testing::TempDatabase database;
        auto conn = database.connect();
        auto const summary = create(conn, read_file(file));
        CHECK(summary.created == 1);
        CHECK(column(conn, alps_grd, "s2tile_ids_json") == alps_tiles);
        CHECK(column(conn, alps_grd, "measurement_date_start") == "2024-01-05 05:43:21+00");
        if (std::string(file) == "resto_s1_grd.json") {
            CHECK(summary.refused.size() == 1);
            CHECK(reason_for(summary, "S1B_IW_SLC") ==
                  "S1B_IW_SLC__1SDV_20210105T054321_20210105T054348_025028_02FA7B_77A1: an SLC product, "
                  "rlies1_job takes IW GRDH VV+VH");
        }
    }
}

TEST_CASE("rlies1: the tree finds the tiles that every tile compared one by one finds", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    CHECK(create(conn, read_file("odata_s1_grd.json"), tiles::Search::brute_plain).created == 1);
    CHECK(column(conn, alps_grd, "s2tile_ids_json") == alps_tiles);
}

TEST_CASE("rlies1: products refused with their reason", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const pacific = "-150 10, -148 10, -148 12, -150 12, -150 10";
    auto const answer = odata({
        odata_product("S1A_IW_GRDH_1SDV_20240105T101010_20240105T101035_051960_064720_AAAA", "2024-01-05T11:00:00Z", pacific),
        odata_product("S1A_IW_GRDH_1SSV_20240105T054321_20240105T054346_051958_064712_BBBB", "2024-01-05T07:00:00Z", alps_polygon),
        odata_product("S1A_IW_GRDM_1SDV_20240105T054321_20240105T054346_051958_064712_CCCC", "2024-01-05T07:00:00Z", alps_polygon),
        odata_product("S1A_IW_OCN__2SDV_20240105T054321_20240105T054346_051958_064712_DDDD", "2024-01-05T07:00:00Z", alps_polygon),
        odata_product("S1A_OPER_AUX_POEORB_OPOD_20240125T070656_V20240104T225942_20240106T005942", "2024-01-05T07:00:00Z", alps_polygon),
        odata_product("S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_EEEE", "2024-01-05T07:00:00Z",
                      "7 45, 8 46"),
    });
    auto const summary = create(conn, answer);
    CHECK(summary.created == 0);
    REQUIRE(summary.refused.size() == 6);
    CHECK(reason_for(summary, "_AAAA") ==
          "S1A_IW_GRDH_1SDV_20240105T101010_20240105T101035_051960_064720_AAAA: its footprint meets no tile of the "
          "area of interest (EEA39)");
    CHECK(reason_for(summary, "_BBBB").find("polarisation SV (not VV+VH)") != std::string::npos);
    CHECK(reason_for(summary, "_CCCC").find("GRDM is not high resolution") != std::string::npos);
    CHECK(reason_for(summary, "_DDDD").find("an OCN product") != std::string::npos);
    CHECK(reason_for(summary, "AUX_POEORB") != "(not refused)");
    CHECK(reason_for(summary, "_EEEE").find("footprint:") != std::string::npos);
    CHECK(conn.query("select count(*) from hrsi.rlies1_jobs").get_int(0, 0) == 0);
}

TEST_CASE("rlies1: the type's area of interest chooses the tiles", "[jobs][rlies1]") {
    // A GRD over Apulia, where 33TXG makes no RLIE (no_rlie_tiles.txt).
    auto const apulia = "14.5 40.0, 17.5 40.4, 17.2 42.1, 14.1 41.7, 14.5 40.0";
    auto const grd = "S1A_IW_GRDH_1SDV_20240105T165002_20240105T165027_051965_064758_A1B2";
    auto const answer = odata({odata_product(grd, "2024-01-05T17:30:00Z", apulia)});
    auto const eea39 = R"(["33TVE", "33TVF", "33TVG", "33TWE", "33TWF", "33TWG", "33TXE", "33TXF", "33TXG", "33TYE", "33TYF", "34TBK", "34TBL"])";
    {
        testing::TempDatabase database;
        auto conn = database.connect();
        CHECK(create(conn, answer).created == 1);
        CHECK(column(conn, grd, "s2tile_ids_json") == eea39);
    }
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.query(R"(update hrsi.system_parameters set area_of_interest = '{"default": "EEA39", "rlies1_job": "EEA39_RLIE"}')");
    CHECK(create(conn, answer).created == 1);
    CHECK(column(conn, grd, "s2tile_ids_json") ==
          R"(["33TVE", "33TVF", "33TVG", "33TWE", "33TWF", "33TWG", "33TXE", "33TXF", "33TYE", "33TYF", "34TBK", "34TBL"])");
}

TEST_CASE("rlies1: reruns create nothing, a late GRD is delayed", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const late = "S1A_IW_GRDH_1SDV_20240101T054321_20240101T054346_051900_064700_1234";
    auto const answer = odata({odata_product(alps_grd, "2024-01-05T07:12:45.511Z", alps_polygon),
                               odata_product(late, "2024-01-05T08:00:00Z", alps_polygon)});
    auto first = create(conn, answer);
    CHECK(first.created == 2);
    CHECK(column(conn, late, "priority") == "delayed");
    CHECK(column(conn, alps_grd, "priority") == "nrt");
    // Again, and in another format, and re-published later: nothing new.
    auto again = create(conn, answer);
    CHECK(again.created == 0);
    CHECK(again.duplicates == 2);
    auto republished = odata({odata_product(alps_grd, "2024-01-06T07:00:00Z", alps_polygon)});
    CHECK(create(conn, republished).duplicates == 1);
    CHECK(create(conn, read_file("stac_s1_grd.json")).duplicates == 1);
    CHECK(conn.query("select count(*) from hrsi.rlies1_jobs").get_int(0, 0) == 2);
}

TEST_CASE("rlies1: concurrent creators create each job once", "[jobs][rlies1]") {
    testing::TempDatabase database;
    std::vector<std::string> products;
    for (int i = 0; i < 40; ++i) {
        products.push_back(odata_product(
            fmt::format("S1A_IW_GRDH_1SDV_20240105T0543{:02}_20240105T054346_051958_064712_{:04X}", i % 60, i),
            fmt::format("2024-01-05T07:{:02}:00Z", i % 60), alps_polygon));
    }
    auto const answer = odata(products);
    std::vector<std::int64_t> created(2);
    std::vector<std::thread> creators;
    for (std::size_t c = 0; c < 2; ++c) {
        creators.emplace_back([&, c] {
            auto conn = database.connect();
            created[c] = create(conn, answer).created;
        });
    }
    for (auto& creator : creators) creator.join();
    CHECK(created[0] + created[1] == 40);
    auto conn = database.connect();
    CHECK(conn.query("select count(*), count(distinct s1grd_id) from hrsi.rlies1_jobs").get(0, 0) == "40");
}

TEST_CASE("rlies1: the next window starts at the last DIAS publication itself", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const& type = jobs::builtin_job_types().find("rlies1_job");
    auto const now = util::parse_time("2024-01-07T13:14:15Z");
    // None yet: from yesterday 00:00 UTC.
    auto window = jobs::next_window(conn, type, now);
    CHECK(util::format_rfc3339(window.start) == "2024-01-06T00:00:00Z");
    CHECK(window.end == now);
    create(conn, read_file("odata_s1_grd.json"));
    window = jobs::next_window(conn, type, now);
    CHECK(util::format_rfc3339(window.start) == "2024-01-05T07:12:45.511000Z");
}

TEST_CASE("rlies1: creation without the tile grid is a usage error", "[jobs][rlies1]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::istringstream in(read_file("odata_s1_grd.json"));
    util::Log log("test", -1);
    CHECK_THROWS_AS(jobs::create_jobs(conn, jobs::builtin_job_types().find("rlies1_job"), in, {}, log), UsageError);
    CHECK(conn.query("select count(*) from hrsi.jobs").get_int(0, 0) == 0);
}
