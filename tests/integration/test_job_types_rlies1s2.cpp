// SPDX-License-Identifier: Apache-2.0
// RLIE-S1+S2 creation against a real database (reference §3.7): from the RLIE products that
// fsc_rlie_job and rlies1_job published (their jobs made by the real creation, their products
// recorded by hand as the worker and the publication record them), by the clock
// (create_scheduled_jobs at a given now).
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_inputs.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/tools/create_jobs_command.hpp>
#include <hrsi/util/temp_folder.hpp>
#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <optional>
#include <sstream>

using namespace hrsi;

namespace {

constexpr char const* prefix = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice";
constexpr char const* alps_polygon = "7.019 45.012, 10.318 45.418, 10.004 47.117, 6.612 46.709, 7.019 45.012";

jobs::Registry const& registry() {
    return jobs::builtin_job_types();
}

// An FSC/RLIE job of the L1C of `day` (YYYYMMDD) on a tile, made by the real creation.
void fsc_rlie_job(db::Connection& conn, std::string const& day, std::string const& tile) {
    auto const name = fmt::format("S2A_MSIL1C_{}T104031_N0510_R108_T{}_{}T123456", day, tile, day);
    std::istringstream in(fmt::format(
        R"({{"value":[{{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{0}.SAFE","PublicationDate":"{1}-{2}-{3}T12:00:00Z"}}]}})",
        name, day.substr(0, 4), day.substr(4, 2), day.substr(6, 2)));
    util::Log log("test", -1);
    auto const summary = jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, log);
    REQUIRE(summary.created == 1);
}

// Its RLIE as the worker and the publication record it (the name's time: `time`).
void publish_rlie(db::Connection& conn, std::string const& day, std::string const& tile, std::string const& time,
                  std::string const& product_tile = "") {
    auto const on = product_tile.empty() ? tile : product_tile;
    auto const path = fmt::format("{}/RLIE/{}/{}/{}/RLIE_{}T{}_S2A_T{}_V102_1", prefix, day.substr(0, 4),
                                  day.substr(4, 2), day.substr(6, 2), day, time, on);
    auto const updated = conn.query(
        "update hrsi.fsc_rlie_jobs set rlie_path = $1, rlie_json_publication_date = $2::timestamptz "
        " where tile_id = $3 and date_trunc('day', measurement_date, 'UTC') = $4::timestamptz returning job_id",
        path, fmt::format("{}-{}-{}T14:00:00Z", day.substr(0, 4), day.substr(4, 2), day.substr(6, 2)), tile,
        fmt::format("{}-{}-{}T00:00:00Z", day.substr(0, 4), day.substr(4, 2), day.substr(6, 2)));
    REQUIRE(updated.rows() == 1);
}

// An RLIE-S1 job of a GRD of `mission` at `day`T`time`, made by the real creation.
std::string rlies1_job(db::Connection& conn, std::string const& mission, std::string const& day,
                       std::string const& time) {
    auto const grd = fmt::format("{}_IW_GRDH_1SDV_{}T{}_{}T{}_051958_064712_8B2C", mission, day, time, day, time);
    std::istringstream in(fmt::format(
        R"({{"value":[{{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-1/SAR/IW_GRDH_1S/x/{0}.SAFE",)"
        R"("PublicationDate":"{1}-{2}-{3}T20:00:00Z","Footprint":"geography'SRID=4326;POLYGON (({4}))'"}}]}})",
        grd, day.substr(0, 4), day.substr(4, 2), day.substr(6, 2), alps_polygon));
    util::Log log("test", -1);
    tiles::TileSource tiles(std::string(HRSI_SOURCE_DIR) + "/data/eea39", {});
    jobs::CreationOptions options;
    options.tiles = &tiles;
    auto const summary = jobs::create_jobs(conn, jobs::builtin_job_types().find("rlies1_job"), in, options, log);
    REQUIRE(summary.created == 1);
    return grd;
}

// Its products on `product_tiles`, published 5 hours after its measurement, or at `published`.
void publish_rlies1(db::Connection& conn, std::string const& grd, std::vector<std::string> const& product_tiles,
                    std::string const& published = "") {
    auto const mission = grd.substr(0, 3);
    auto const when = grd.substr(17, 15);  // YYYYMMDDTHHMMSS
    std::string paths = "{";
    for (auto const& tile : product_tiles) {
        auto const name = fmt::format("RLIE_{}_{}_T{}_V100_1", when, mission, tile);
        paths += fmt::format(R"({}"{}":"{}/RLIE_S1/{}/{}/{}/{}")", paths.size() > 1 ? "," : "", name, prefix,
                             when.substr(0, 4), when.substr(4, 2), when.substr(6, 2), name);
    }
    paths += "}";
    auto const updated = conn.query(
        "update hrsi.rlies1_jobs set rlies1_product_paths_json = $2::jsonb, "
        "       rlies1_products_publication_date = coalesce($3::timestamptz, measurement_date_start + interval '5 hours') "
        " where s1grd_id = $1 returning job_id",
        grd, paths, published.empty() ? std::optional<std::string>() : std::optional<std::string>(published));
    REQUIRE(updated.rows() == 1);
}

jobs::CreationSummary create(db::Connection& conn, std::string const& now) {
    util::Log log("test", -1);
    return jobs::create_scheduled_jobs(conn, registry().find("rlies1s2_job"), util::parse_time(now), {}, log);
}

// "<day> <tile> <S1 paths> <S2 paths>" of every job, by id (the order of creation).
std::vector<std::string> jobs_made(db::Connection& conn) {
    auto const rows = conn.query(
        "select to_char(process_date at time zone 'UTC', 'YYYY-MM-DD') || ' ' || tile_id_dup || ' ' || tile_id "
        "       || ' ' || jsonb_array_length(rlies1_product_paths_json) "
        "       || ' ' || jsonb_array_length(rlies2_product_paths_json) || ' ' || last_status_name "
        "  from hrsi.rlies1s2_jobs_view order by id");
    std::vector<std::string> made;
    for (int row = 0; row < rows.rows(); ++row) made.emplace_back(rows.get(row, 0));
    return made;
}

std::string s1_paths(db::Connection& conn, std::string const& tile) {
    auto const rows = conn.query("select rlies1_product_paths_json::text from hrsi.rlies1s2_jobs where tile_id_dup = $1",
                                 tile);
    return rows.rows() == 0 ? "(no job)" : std::string(rows.get(0, 0));
}

}  // namespace

TEST_CASE("rlies1s2: one job per tile and day with both products, the satellite closest in time",
          "[jobs][rlies1s2]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // 2024-01-05: S2 on 32TLR (10:40), 32TMR (its RLIE at 16:00), 32TNR (no RLIE-S1) and on a
    // no-RLIE tile (26SLJ, its RLIE there); S1A at 05:43, S1B at 17:20.
    for (auto const* tile : {"32TLR", "32TMR", "32TNR", "32TPR"}) fsc_rlie_job(conn, "20240105", tile);
    publish_rlie(conn, "20240105", "32TLR", "104031");
    publish_rlie(conn, "20240105", "32TMR", "160000");
    publish_rlie(conn, "20240105", "32TNR", "104031");
    publish_rlie(conn, "20240105", "32TPR", "104031", "26SLJ");
    auto const s1a = rlies1_job(conn, "S1A", "20240105", "054321");
    auto const s1b = rlies1_job(conn, "S1B", "20240105", "172000");
    publish_rlies1(conn, s1a, {"32TLR", "32TMR", "26SLJ"});
    publish_rlies1(conn, s1b, {"32TLR", "32TMR"});

    // Two days later, past the end-of-day delay: yesterday (01-06) has no input jobs, so the
    // search starts on 01-05.
    auto const summary = create(conn, "2024-01-07T12:00:00Z");
    CHECK(summary.created == 2);
    auto const made = jobs_made(conn);
    REQUIRE(made == std::vector<std::string>{"2024-01-05 32TLR 32TLR 1 1 ready", "2024-01-05 32TMR 32TMR 1 1 ready"});
    CHECK(s1_paths(conn, "32TLR").find("_S1A_T32TLR_") != std::string::npos);  // 05:43 is closer to 10:40
    CHECK(s1_paths(conn, "32TMR").find("_S1B_T32TMR_") != std::string::npos);  // 17:20 is closer to 16:00
    auto const row = conn.query(
        "select process_date = '2024-01-05T00:00:00Z', rlies2_product_paths_json->>0, "
        "       rlies1_publication_latest_date = '2024-01-05T10:43:21Z', "
        "       rlies2_publication_latest_date = '2024-01-05T14:00:00Z', reprocessing_context, name "
        "  from hrsi.rlies1s2_jobs_view where tile_id_dup = '32TLR'");
    CHECK(std::string(row.get(0, 0)) == "t");
    CHECK(std::string(row.get(0, 1)) ==
          std::string(prefix) + "/RLIE/2024/01/05/RLIE_20240105T104031_S2A_T32TLR_V102_1");
    CHECK(std::string(row.get(0, 2)) == "t");
    CHECK(std::string(row.get(0, 3)) == "t");
    CHECK(std::string(row.get(0, 4)) == "nrt");
    CHECK(std::string(row.get(0, 5)) == "rlies1s2_T32TLR_20240105");

    // A rerun creates nothing; the unique key holds.
    auto const again = create(conn, "2024-01-07T13:00:00Z");
    CHECK(again.created == 0);
    CHECK(again.duplicates == 2);
    CHECK(jobs_made(conn).size() == 2);
    CHECK_THROWS(conn.query(
        "update hrsi.rlies1s2_jobs set tile_id_dup = '32TLR' where tile_id_dup = '32TMR'"));
}

TEST_CASE("rlies1s2: a day already done, a later day's jobs come with a later run, --now replays",
          "[jobs][rlies1s2]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    fsc_rlie_job(conn, "20240105", "32TLR");
    publish_rlie(conn, "20240105", "32TLR", "104031");
    publish_rlies1(conn, rlies1_job(conn, "S1A", "20240105", "054321"), {"32TLR"});
    // Replayed before the products' day ended: nothing.
    CHECK(create(conn, "2024-01-05T20:00:00Z").created == 0);
    // Before 08:00 the day after, 01-05 is not searched yet (rlies1s2_min_delay_from_end_of_day_hours).
    CHECK(create(conn, "2024-01-06T07:00:00Z").created == 0);
    CHECK(create(conn, "2024-01-06T09:00:00Z").created == 1);

    fsc_rlie_job(conn, "20240106", "32TLR");
    fsc_rlie_job(conn, "20240106", "32TMR");
    publish_rlie(conn, "20240106", "32TLR", "104031");
    publish_rlie(conn, "20240106", "32TMR", "104031");
    publish_rlies1(conn, rlies1_job(conn, "S1A", "20240106", "054321"), {"32TLR", "32TMR"});
    auto const later = create(conn, "2024-01-07T09:00:00Z");
    CHECK(later.created == 2);
    CHECK(later.duplicates == 1);
    CHECK(jobs_made(conn) == std::vector<std::string>{"2024-01-05 32TLR 32TLR 1 1 ready",
                                                      "2024-01-06 32TLR 32TLR 1 1 ready",
                                                      "2024-01-06 32TMR 32TMR 1 1 ready"});
    CHECK(create(conn, "2024-01-08T09:00:00Z").created == 0);
}

// Three days of inputs, in the order the live system would see them: stage 1 before the run of
// 01-06 09:00, stage 2 before 01-07 09:00, stage 3 before 01-08 09:00. The S1B products of
// 01-05 (closer in time to the S2 one than S1A's) come late, at 01-07 12:00.
void three_days_of_inputs(db::Connection& conn, int stage, std::string& late_s1b) {
    if (stage == 1) {
        fsc_rlie_job(conn, "20240105", "32TLR");
        publish_rlie(conn, "20240105", "32TLR", "160000");
        publish_rlies1(conn, rlies1_job(conn, "S1A", "20240105", "054321"), {"32TLR"});
        late_s1b = rlies1_job(conn, "S1B", "20240105", "172000");
    } else if (stage == 2) {
        for (auto const* tile : {"32TLR", "32TMR"}) {
            fsc_rlie_job(conn, "20240106", tile);
            publish_rlie(conn, "20240106", tile, "104031");
        }
        publish_rlies1(conn, rlies1_job(conn, "S1A", "20240106", "054321"), {"32TLR", "32TMR"});
    } else {
        publish_rlies1(conn, late_s1b, {"32TLR"}, "2024-01-07T12:00:00Z");
        fsc_rlie_job(conn, "20240107", "32TMR");
        publish_rlie(conn, "20240107", "32TMR", "104031");
        publish_rlies1(conn, rlies1_job(conn, "S1B", "20240107", "054321"), {"32TMR"});
    }
}

// Every job with its RLIE-S1 inputs, in the order of creation.
std::vector<std::string> jobs_with_inputs(db::Connection& conn) {
    auto made = jobs_made(conn);
    auto const rows = conn.query("select rlies1_product_paths_json::text from hrsi.rlies1s2_jobs order by job_id");
    for (int row = 0; row < rows.rows(); ++row) made[static_cast<std::size_t>(row)] += " " + std::string(rows.get(row, 0));
    return made;
}

TEST_CASE("rlies1s2: --now replayed over three past days after an outage creates what three live runs did",
          "[jobs][rlies1s2]") {
    std::array<char const*, 3> const runs{"2024-01-06T09:00:00Z", "2024-01-07T09:00:00Z", "2024-01-08T09:00:00Z"};
    testing::TempDatabase live_database;
    auto live = live_database.connect();
    std::string late_s1b;
    std::vector<int> live_created;
    for (int stage = 1; stage <= 3; ++stage) {
        three_days_of_inputs(live, stage, late_s1b);
        live_created.push_back(create(live, runs[static_cast<std::size_t>(stage - 1)]).created);
    }
    // 01-05 waits while S1B is on its way (run 1), then takes S1A alone (run 2): S1B came later.
    CHECK(live_created == std::vector<int>{0, 3, 1});
    auto const live_jobs = jobs_with_inputs(live);
    REQUIRE(live_jobs.size() == 4);
    CHECK_THAT(live_jobs[0], Catch::StartsWith("2024-01-05 32TLR") && Catch::Contains("_S1A_"));

    testing::TempDatabase replay_database;
    auto replay = replay_database.connect();
    for (int stage = 1; stage <= 3; ++stage) three_days_of_inputs(replay, stage, late_s1b);
    std::vector<int> replay_created;
    for (auto const* now : runs) replay_created.push_back(create(replay, now).created);
    CHECK(replay_created == live_created);
    CHECK(jobs_with_inputs(replay) == live_jobs);
    // Each day once: the replay again creates nothing.
    for (auto const* now : runs) CHECK(create(replay, now).created == 0);
}

TEST_CASE("rlies1s2: RLIE-S1 jobs of the day on their way hold the day back until its end is 24 h old",
          "[jobs][rlies1s2]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    fsc_rlie_job(conn, "20240105", "32TLR");
    publish_rlie(conn, "20240105", "32TLR", "104031");
    publish_rlies1(conn, rlies1_job(conn, "S1A", "20240105", "054321"), {"32TLR"});
    rlies1_job(conn, "S1B", "20240105", "172000");  // ready, not processed yet
    CHECK(create(conn, "2024-01-06T12:00:00Z").created == 0);
    CHECK(create(conn, "2024-01-07T00:00:00Z").created == 0);  // 24 h: still waiting
    CHECK(create(conn, "2024-01-07T01:00:00Z").created == 1);
}

TEST_CASE("rlies1s2: the search windows and the earliest date", "[jobs][rlies1s2]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // Inputs on 01-20 (the search's first day) and 10 days before, none between.
    for (auto const* day : {"20240120", "20240110"}) {
        fsc_rlie_job(conn, day, "32TLR");
        publish_rlie(conn, day, "32TLR", "104031");
        publish_rlies1(conn, rlies1_job(conn, "S1A", day, "054321"), {"32TLR"});
    }
    auto const now = "2024-01-21T12:00:00Z";
    SECTION("beyond the minimum window, the search stops at the first day without jobs") {
        CHECK(create(conn, now).created == 1);
        CHECK(jobs_made(conn) == std::vector<std::string>{"2024-01-20 32TLR 32TLR 1 1 ready"});
    }
    SECTION("a minimum window of 12 days reaches 01-10; the jobs oldest first") {
        db::set_system_parameter(conn, "rlies1s2_min_search_window_days", "12");
        CHECK(create(conn, now).created == 2);
        CHECK(jobs_made(conn) == std::vector<std::string>{"2024-01-10 32TLR 32TLR 1 1 ready",
                                                          "2024-01-20 32TLR 32TLR 1 1 ready"});
    }
    SECTION("the maximum window bounds it") {
        db::set_system_parameter(conn, "rlies1s2_min_search_window_days", "12");
        db::set_system_parameter(conn, "rlies1s2_max_search_window_days", "9");
        CHECK(create(conn, now).created == 1);
    }
    SECTION("and the earliest date") {
        db::set_system_parameter(conn, "rlies1s2_min_search_window_days", "12");
        db::set_system_parameter(conn, "rlies1s2_earliest_date", "2024-01-11");
        CHECK(create(conn, now).created == 1);
        db::set_system_parameter(conn, "rlies1s2_earliest_date", "2024-01-21");
        CHECK(create(conn, "2024-01-22T12:00:00Z").created == 0);
    }
    SECTION("after a downtime the search starts on the latest day with inputs, if not too far back") {
        db::set_system_parameter(conn, "rlies1s2_max_search_window_days_absolute", "10");
        CHECK(create(conn, "2024-02-15T12:00:00Z").created == 0);
        db::change_system_parameter(conn, "rlies1s2_max_search_window_days_absolute", db::ParameterChange::to_null, "");
        CHECK(create(conn, "2024-02-15T12:00:00Z").created == 1);
        CHECK(jobs_made(conn) == std::vector<std::string>{"2024-01-20 32TLR 32TLR 1 1 ready"});
    }
}

TEST_CASE("rlies1s2: RLIE products made elsewhere, from a resto answer (--other-input) instead of the database",
          "[jobs][rlies1s2]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // hrsi's own products of 32TMR, which the answer replaces: not read.
    fsc_rlie_job(conn, "20240105", "32TMR");
    publish_rlie(conn, "20240105", "32TMR", "104031");
    publish_rlies1(conn, rlies1_job(conn, "S1A", "20240105", "054321"), {"32TMR"});

    auto const feature = [](std::string const& name, std::string const& published) {
        auto const properties = fmt::format(R"("productIdentifier":"{}/x/{}","title":"{}")", prefix, name, name);
        return fmt::format(R"({{"type":"Feature","geometry":null,"properties":{{{}{}}}}})", properties,
                           published.empty() ? "" : fmt::format(R"(,"published":"{}")", published));
    };
    auto const answer = fmt::format(
        R"({{"type":"FeatureCollection","features":[{},{},{},{},{}]}})",
        feature("RLIE_20240105T160000_S2A_T32TLR_V102_1", "2024-01-05T18:00:00Z"),
        feature("RLIE_20240105T054321_S1A_T32TLR_V100_1", "2024-01-05T11:00:00Z"),
        // Published after the run's now: not there yet.
        feature("RLIE_20240105T172000_S1B_T32TLR_V100_1", "2024-01-07T12:00:00Z"),
        feature("FSC_20240105T160000_S2A_T32TLR_V102_1", "2024-01-05T18:00:00Z"),
        feature("RLIE_20240105T104031_S2B_T32TNR_V102_1", ""));
    util::TempFolder folder("hrsi-rlies1s2-resto");
    auto const file = folder.path() / "rlie.json";
    std::ofstream(file) << answer;

    tools::CreateJobsOptions options;
    options.common.db = database.conninfo();
    options.common.quiet = true;
    options.type = "rlies1s2_job";
    options.scheduled = true;
    options.now = "2024-01-07T09:00:00Z";
    options.other_input = file.string();
    std::istringstream no_input;
    std::ostringstream printed;
    CHECK(tools::run_create_jobs(options, registry(), no_input, printed) == 0);
    CHECK(jobs_made(conn) == std::vector<std::string>{"2024-01-05 32TLR 32TLR 1 1 ready"});
    CHECK_THAT(s1_paths(conn, "32TLR"), Catch::Contains(prefix + std::string("/x/RLIE_20240105T054321_S1A_T32TLR_V100_1")));

    SECTION("the refusals, with their reasons") {
        std::vector<jobs::JobsToCreate::Refusal> refused;
        std::vector<catalogue::CatalogueProduct> products;
        std::istringstream in(answer);
        catalogue::read_catalogue(in, catalogue::Format::automatic,
                                  [&](catalogue::CatalogueProduct&& product) { products.push_back(std::move(product)); });
        auto const found = jobs::rlie_products_from_catalogue(products, util::parse_time("2024-01-07T09:00:00Z"), refused);
        CHECK(found.s2.size() == 1);
        CHECK(found.s1.size() == 1);
        REQUIRE(refused.size() == 2);
        CHECK_THAT(refused[0].reason, Catch::Contains("a FSC product of S2A"));
        CHECK_THAT(refused[1].reason, Catch::Contains("no publication date"));
    }
    SECTION("a rerun creates nothing; --other-input with --next-window is a usage error") {
        CHECK(tools::run_create_jobs(options, registry(), no_input, printed) == 0);
        CHECK(jobs_made(conn).size() == 1);
        options.scheduled = false;
        options.now.clear();
        options.next_window = true;
        CHECK_THROWS_AS(tools::run_create_jobs(options, registry(), no_input, printed), UsageError);
    }
}
