// SPDX-License-Identifier: Apache-2.0
// GFSC creation and configuration against a real database (reference §3.9): from the FSC that
// fsc_rlie_job published (its jobs made by the real creation, the FSC recorded as the worker
// and the publication record them), the WDS and SWS of sws_wds_job jobs and the GFSC of
// earlier gfsc_job jobs (written as the producing jobs record them), by the clock
// (create_scheduled_jobs at a given now), promoted by the dispatcher's promotion at a given now.
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <sstream>

using namespace hrsi;

namespace {

constexpr char const* snow = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow";

jobs::Registry const& registry() {
    return jobs::builtin_job_types();
}

// "20240105T104031" of an RFC 3339 time.
std::string compact(std::string const& time) {
    auto text = time.substr(0, 19);
    std::erase(text, '-');
    std::erase(text, ':');
    return text;
}

// An FSC/RLIE job of the L1C sensed at `sensed` on a tile, made by the real creation, its FSC
// (quality flag `mode`) published at `published`; `discriminator`: the L1C name's second date
// (another L1C of the same datatake). Returns the FSC's id.
std::string publish_fsc(db::Connection& conn, std::string const& tile, std::string const& sensed,
                        std::string const& published, char const* mode = "1", std::string discriminator = {}) {
    auto const when = compact(sensed);
    if (discriminator.empty()) discriminator = when;
    auto const l1c = fmt::format("S2A_MSIL1C_{}_N0510_R108_T{}_{}", when, tile, discriminator);
    std::istringstream in(fmt::format(
        R"({{"value":[{{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{0}.SAFE","PublicationDate":"{1}"}}]}})",
        l1c, sensed));
    util::Log log("test", -1);
    auto const summary = jobs::create_jobs(conn, registry().find("fsc_rlie_job"), in, {}, log);
    REQUIRE(summary.created == 1);
    auto const id = fmt::format("FSC_{}_S2A_T{}_V102_{}", when, tile, mode);
    auto const updated = conn.query(
        "update hrsi.fsc_rlie_jobs set fsc_path = $1, fsc_json_publication_date = $2::timestamptz "
        " where l1c_id = $3 returning job_id",
        fmt::format("{}/FSC/{}/{}/{}/{}", snow, when.substr(0, 4), when.substr(4, 2), when.substr(6, 2), id),
        published, l1c);
    REQUIRE(updated.rows() == 1);
    return id;
}

// An SWS/WDS job of a tile whose `kind` ("WDS" or "SWS") product, sensed at `sensed`, was
// published at `published`. Returns the product's id.
std::string publish_sws_wds(db::Connection& conn, std::string const& kind, std::string const& tile,
                            std::string const& sensed, std::string const& published) {
    auto const when = compact(sensed);
    auto job = std::make_unique<jobs::SwsWdsJob>();
    auto const id = fmt::format("{}_{}_S1A_T{}_V101_1", kind, when, tile);
    job->common.name = "sws-wds-" + id;
    job->common.tile_id = tile;
    job->measurement_date = util::parse_time(sensed);
    job->s1_id_list = "S1A_IW_GRDH_1SDV_" + id;
    job->s1_path_list = "/eodata/x/S1A_IW_GRDH_1SDV_" + id;
    job->assembly_id = "assembly-" + id;
    auto const path = fmt::format("{}/{}/{}/{}/{}/{}", snow, kind, when.substr(0, 4), when.substr(4, 2),
                                  when.substr(6, 2), id);
    if (kind == "WDS") {
        job->wds_path = path;
        job->wds_json_publication_date = util::parse_time(published);
    } else {
        job->sws_path = path;
        job->sws_json_publication_date = util::parse_time(published);
    }
    std::vector<std::unique_ptr<jobs::JobTemplate>> made;
    made.push_back(std::move(job));
    jobs::assign_new_job_ids(conn, made);
    std::array const rows{jobs::NewJob{made.front().get(), {JobStatus::initialized}, {}, {}}};
    jobs::insert_new_jobs(conn, rows);
    return id;
}

// A GFSC of a tile and day (YYYY-MM-DD) made by an earlier job and published at `published`.
std::string publish_gfsc(db::Connection& conn, std::string const& tile, std::string const& day,
                         std::string const& published) {
    auto job = std::make_unique<jobs::GfscJob>();
    auto const curation = util::parse_time(published) - std::chrono::hours(1);
    auto const seconds = std::chrono::duration_cast<std::chrono::seconds>(curation.time_since_epoch()).count();
    auto const id = fmt::format("GFSC_{}{}{}-007_S1-S2_T{}_V101_{}", day.substr(0, 4), day.substr(5, 2),
                                day.substr(8, 2), tile, seconds);
    job->common.name = "gfsc-" + id;
    job->common.tile_id = tile;
    // Its trigger published the day before its day.
    auto const triggered = util::parse_time(day + "T00:00:00Z") - std::chrono::days(1);
    job->common.input_published_at = triggered;
    job->triggering_product_id = "FSC_earlier";
    job->triggering_product_publication_date = triggered;
    job->product_date = util::parse_time(day + "T00:00:00Z");
    job->curation_timestamp = curation;
    job->gfsc_id = id;
    job->gfsc_path = fmt::format("{}/GFSC/{}/{}/{}/{}", snow, day.substr(0, 4), day.substr(5, 2), day.substr(8, 2), id);
    job->gfsc_json_publication_date = util::parse_time(published);
    std::vector<std::unique_ptr<jobs::JobTemplate>> made;
    made.push_back(std::move(job));
    jobs::assign_new_job_ids(conn, made);
    std::array const rows{jobs::NewJob{made.front().get(), {JobStatus::initialized}, {}, {}}};
    jobs::insert_new_jobs(conn, rows);
    return id;
}

jobs::CreationSummary create(db::Connection& conn, std::string const& now) {
    util::Log log("test", -1);
    return jobs::create_scheduled_jobs(conn, registry().find("gfsc_job"), util::parse_time(now), {}, log);
}

// One row per GFSC job made by creation (not the earlier products), by id:
// "<tile> <day> <trigger> <status> fsc=<n> wds=<n> sws=<n> gfsc=<ids>".
std::vector<std::string> jobs_made(db::Connection& conn) {
    auto const rows = conn.query(
        "select tile_id || ' ' || to_char(product_date at time zone 'UTC', 'YYYY-MM-DD') || ' ' "
        "       || triggering_product_id || ' ' || last_status_name "
        "       || ' fsc=' || jsonb_array_length(fsc_id_list) || ' wds=' || jsonb_array_length(wds_id_list) "
        "       || ' sws=' || jsonb_array_length(sws_id_list) || ' gfsc=' || gfsc_id_list::text "
        "  from hrsi.gfsc_jobs_view where gfsc_path is null order by id");
    std::vector<std::string> made;
    for (int row = 0; row < rows.rows(); ++row) made.emplace_back(rows.get(row, 0));
    return made;
}

std::string status_of(db::Connection& conn, std::string const& trigger) {
    auto const rows = conn.query("select last_status_name from hrsi.gfsc_jobs_view where triggering_product_id = $1",
                                 trigger);
    REQUIRE(rows.rows() == 1);
    return std::string(rows.get(0, 0));
}

}  // namespace

TEST_CASE("gfsc: one job per tile and day, a WDS trigger preferred over the FSC, with the tile's inputs",
          "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const earlier = publish_gfsc(conn, "32TLR", "2024-01-03", "2024-01-03T23:00:00Z");
    auto const fsc = publish_fsc(conn, "32TLR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");
    auto const wds = publish_sws_wds(conn, "WDS", "32TLR", "2024-01-05T17:20:00Z", "2024-01-05T19:00:00Z");
    auto const fsc_only = publish_fsc(conn, "32TMR", "2024-01-05T10:40:31Z", "2024-01-05T18:00:00Z");
    auto const outside = publish_sws_wds(conn, "SWS", "54PXA", "2024-01-05T05:00:00Z", "2024-01-05T09:00:00Z");

    auto const summary = create(conn, "2024-01-05T20:00:00Z");
    CHECK(summary.created == 2);
    CHECK(summary.refused.size() == 1);
    auto const made = jobs_made(conn);
    // By trigger publication; the FSC-triggered job waits (published 2 h before).
    REQUIRE(made == std::vector<std::string>{
                        fmt::format("32TMR 2024-01-05 {} configured fsc=1 wds=0 sws=0 gfsc=[]", fsc_only),
                        fmt::format("32TLR 2024-01-05 {} ready fsc=1 wds=1 sws=0 gfsc=[\"{}\"]", wds, earlier)});
    auto const rows = conn.query(
        "select name, gfsc_id, curation_timestamp = '2024-01-05T20:00:00Z', fsc_id_list->>0, "
        "       fsc_publication_date_list->>0, input_published_at = '2024-01-05T19:00:00Z' "
        "  from hrsi.gfsc_jobs_view where triggering_product_id = $1",
        wds);
    REQUIRE(rows.rows() == 1);
    CHECK(std::string(rows.get(0, 0)) == "T32TLR-2024-01-05-20240105T200000-" + wds);
    CHECK(std::string(rows.get(0, 1)) == "GFSC_20240105-007_missions_T32TLR_processingBaseline_1704484800");
    CHECK(std::string(rows.get(0, 2)) == "t");
    CHECK(std::string(rows.get(0, 3)) == fsc);
    CHECK(util::parse_time(rows.get(0, 4)) == util::parse_time("2024-01-05T14:00:00Z"));
    CHECK(std::string(rows.get(0, 5)) == "t");
    (void)outside;

    // A rerun, at once or later, makes nothing: the FSC is among the WDS job's inputs.
    CHECK(create(conn, "2024-01-05T20:00:00Z").created == 0);
    CHECK(create(conn, "2024-01-05T20:30:00Z").created == 0);
    CHECK(jobs_made(conn).size() == 2);
}

TEST_CASE("gfsc: an FSC-triggered job waits 3 h after the FSC's publication, then the dispatcher makes it ready",
          "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const fsc = publish_fsc(conn, "32TMR", "2024-01-05T10:40:31Z", "2024-01-05T14:30:00Z");
    REQUIRE(create(conn, "2024-01-05T15:00:00Z").created == 1);
    CHECK(status_of(conn, fsc) == "configured");
    util::Log log("test", -1);
    auto promote = [&](char const* now) {
        return dispatch::promote_configured_jobs(conn, registry(), {"gfsc_job"}, log, util::parse_time(now));
    };
    CHECK(promote("2024-01-05T17:29:59Z").ready == 0);
    CHECK(status_of(conn, fsc) == "configured");
    CHECK(promote("2024-01-05T17:30:00Z").ready == 1);
    CHECK(status_of(conn, fsc) == "ready");
}

TEST_CASE("gfsc: a later job of the tile and day overrides the waiting one, a nominal twin is cancelled",
          "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // 14:30: the provisional FSC (mode 0): its job waits.
    auto const provisional = publish_fsc(conn, "32TMR", "2024-01-05T10:40:31Z", "2024-01-05T14:30:00Z", "0");
    REQUIRE(create(conn, "2024-01-05T15:00:00Z").created == 1);
    CHECK(status_of(conn, provisional) == "configured");
    // 16:00: an SWS of the tile and day: its job is ready and overrides the waiting one.
    auto const sws = publish_sws_wds(conn, "SWS", "32TMR", "2024-01-05T05:20:00Z", "2024-01-05T16:00:00Z");
    REQUIRE(create(conn, "2024-01-05T16:30:00Z").created == 1);
    CHECK(status_of(conn, sws) == "ready");
    CHECK(status_of(conn, provisional) == "cancelled");
    auto const overriding = conn.query(
        "select o.overriding_job_id = n.id from hrsi.gfsc_jobs_view o, hrsi.gfsc_jobs_view n "
        " where o.triggering_product_id = $1 and n.triggering_product_id = $2",
        provisional, sws);
    REQUIRE(overriding.rows() == 1);
    CHECK(std::string(overriding.get(0, 0)) == "t");

    // 18:00: the nominal FSC of the same L1C, whose provisional twin is an input of its job:
    // created cancelled, the SWS job untouched (a cancelled job overrides nothing).
    auto const nominal = publish_fsc(conn, "32TMR", "2024-01-05T10:40:31Z", "2024-01-05T18:00:00Z", "1",
                                     "20240106T120000");
    REQUIRE(nominal == provisional.substr(0, provisional.size() - 1) + "1");
    auto const summary = create(conn, "2024-01-05T18:30:00Z");
    CHECK(summary.created == 1);
    CHECK(summary.cancelled == 1);
    CHECK(status_of(conn, nominal) == "cancelled");
    CHECK(status_of(conn, sws) == "ready");
}

TEST_CASE("gfsc: daily jobs at night for the tiles without input, none after a likely outage, each day once",
          "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // 2024-01-05: an FSC on 32TLR only. Earlier GFSC: 32TMR of 01-03 (recent), 32TNR of
    // 12-29 (7 days old on 01-05), 32TLR of 01-04, 32TPR of 01-05 (already that day).
    auto const recent = publish_gfsc(conn, "32TMR", "2024-01-03", "2024-01-03T23:00:00Z");
    publish_gfsc(conn, "32TNR", "2023-12-29", "2023-12-29T23:00:00Z");
    publish_gfsc(conn, "32TLR", "2024-01-04", "2024-01-04T23:00:00Z");
    publish_gfsc(conn, "32TPR", "2024-01-05", "2024-01-05T21:00:00Z");
    auto const fsc = publish_fsc(conn, "32TLR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");

    // 20:00 is not a night hour: the FSC's job only.
    CHECK(create(conn, "2024-01-05T20:00:00Z").created == 1);
    // 00:30: the daily jobs of 01-05: 32TMR only.
    auto const night = create(conn, "2024-01-06T00:30:00Z");
    CHECK(night.created == 1);
    auto const made = jobs_made(conn);
    REQUIRE(made.size() == 2);
    CHECK(made[1] == fmt::format("32TMR 2024-01-05 {} ready fsc=0 wds=0 sws=0 gfsc=[\"{}\"]", recent, recent));
    // The daily job keeps the trigger window where it was (the FSC's publication).
    auto const window = conn.query(
        "select input_published_at = '2024-01-05T14:00:00Z' from hrsi.gfsc_jobs_view where triggering_product_id = $1",
        recent);
    REQUIRE(window.rows() == 1);
    CHECK(std::string(window.get(0, 0)) == "t");
    // Again that night, or the next evening: 01-05 was decided.
    CHECK(create(conn, "2024-01-06T01:30:00Z").created == 0);
    CHECK(create(conn, "2024-01-06T22:30:00Z").created == 0);
    // The next night: nothing sensed on 01-06 at all: an outage, no daily job, the day decided.
    CHECK(create(conn, "2024-01-07T00:30:00Z").created == 0);
    auto const days = conn.query("select day::text || ' ' || outage || ' ' || jobs from hrsi.gfsc_daily_days order by day");
    REQUIRE(days.rows() == 2);
    CHECK(std::string(days.get(0, 0)) == "2024-01-05 false 1");
    CHECK(std::string(days.get(1, 0)) == "2024-01-06 true 0");
    (void)fsc;
}

TEST_CASE("gfsc: the daily days start at gfsc_daily_jobs_creation_start_date and catch up to yesterday",
          "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.query("update hrsi.system_parameters set gfsc_daily_jobs_creation_start_date = '2024-01-03'");
    publish_gfsc(conn, "32TMR", "2024-01-02", "2024-01-02T23:00:00Z");
    for (auto const* day : {"2024-01-03", "2024-01-04", "2024-01-05"}) {
        publish_fsc(conn, "32TLR", std::string(day) + "T10:40:31Z", std::string(day) + "T14:00:00Z");
    }
    auto const summary = create(conn, "2024-01-06T01:00:00Z");
    // The jobs of the three FSC (the window starts from the earlier GFSC's trigger) and
    // 32TMR's daily jobs of 01-03..01-05.
    auto const daily = conn.query(
        "select to_char(product_date at time zone 'UTC', 'YYYY-MM-DD') from hrsi.gfsc_jobs "
        " where triggering_product_id like 'GFSC%' and gfsc_path is null order by product_date");
    REQUIRE(daily.rows() == 3);
    CHECK(std::string(daily.get(0, 0)) == "2024-01-03");
    CHECK(std::string(daily.get(2, 0)) == "2024-01-05");
    CHECK(summary.created == 6);
}

TEST_CASE("gfsc: a product day before 2020-05-01 is created cancelled", "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const old = publish_fsc(conn, "32TLR", "2020-04-30T10:40:31Z", "2020-05-02T10:00:00Z");
    auto const summary = create(conn, "2020-05-02T12:00:00Z");
    CHECK(summary.created == 1);
    CHECK(summary.cancelled == 1);
    CHECK(status_of(conn, old) == "cancelled");
    auto const rows = conn.query("select nrt from hrsi.gfsc_jobs_view where triggering_product_id = $1", old);
    CHECK(std::string(rows.get(0, 0)) == "f");
    CHECK(create(conn, "2020-05-02T12:00:00Z").created == 0);
}

TEST_CASE("gfsc: one replay with --now after three nights creates what the live runs of those days did",
          "[jobs][gfsc]") {
    // The same products in two databases: the FSC of 32TLR on 01-03..01-05, the GFSC of 32TMR
    // of 01-02 and of 32TNR of 01-03; the daily jobs from 01-03 on.
    auto prepare = [](db::Connection& conn) {
        conn.query("update hrsi.system_parameters set gfsc_daily_jobs_creation_start_date = '2024-01-03'");
        publish_gfsc(conn, "32TMR", "2024-01-02", "2024-01-02T23:00:00Z");
        publish_gfsc(conn, "32TNR", "2024-01-03", "2024-01-03T23:00:00Z");
        for (auto const* day : {"2024-01-03", "2024-01-04", "2024-01-05"}) {
            publish_fsc(conn, "32TLR", std::string(day) + "T10:40:31Z", std::string(day) + "T14:00:00Z");
        }
    };
    // "<tile> <day> <trigger> <status> <gfsc inputs>" of the jobs creation made, sorted.
    auto made = [](db::Connection& conn) {
        auto const rows = conn.query(
            "select tile_id || ' ' || to_char(product_date at time zone 'UTC', 'YYYY-MM-DD') || ' ' "
            "       || triggering_product_id || ' ' || last_status_name || ' ' || gfsc_id_list::text "
            "  from hrsi.gfsc_jobs_view where gfsc_path is null order by 1");
        std::vector<std::string> jobs;
        for (int row = 0; row < rows.rows(); ++row) jobs.emplace_back(rows.get(row, 0));
        return jobs;
    };
    testing::TempDatabase live_database;
    auto live = live_database.connect();
    prepare(live);
    for (auto const* now : {"2024-01-03T20:00:00Z", "2024-01-04T00:30:00Z", "2024-01-04T20:00:00Z",
                            "2024-01-05T00:30:00Z", "2024-01-05T20:00:00Z", "2024-01-06T00:30:00Z"}) {
        create(live, now);
    }
    testing::TempDatabase replay_database;
    auto replay = replay_database.connect();
    prepare(replay);
    CHECK(create(replay, "2024-01-06T00:30:00Z").created == 8);

    auto const expected = made(live);
    CHECK(expected.size() == 8);  // 3 FSC-triggered on 32TLR, 3 daily on 32TMR, 2 on 32TNR
    CHECK(made(replay) == expected);
    auto const days = "select string_agg(day::text || ' ' || outage, ', ' order by day) from hrsi.gfsc_daily_days";
    CHECK(std::string(replay.query(days).get(0, 0)) == std::string(live.query(days).get(0, 0)));
    // Each run again: nothing.
    CHECK(create(replay, "2024-01-06T00:30:00Z").created == 0);
    CHECK(create(live, "2024-01-05T00:30:00Z").created == 0);
}

TEST_CASE("gfsc: the products of a catalogue answer (--other-input) instead of the database's", "[jobs][gfsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto product = [](std::string const& name, std::optional<std::string> const& published) {
        catalogue::CatalogueProduct made;
        made.name = name;
        made.path = std::string(snow) + "/x/" + name;
        if (published) made.published = util::parse_time(*published);
        return made;
    };
    auto const gfsc = "GFSC_20240103-007_S1-S2_T32TLR_V101_1704319200";
    jobs::CreationOptions options;
    options.other_input = std::vector<catalogue::CatalogueProduct>{
        product("FSC_20240105T104031_S2A_T32TLR_V102_1", "2024-01-05T14:00:00Z"),
        product("WDS_20240105T172000_S1A_T32TLR_V101_1", "2024-01-05T19:00:00Z"),
        product(gfsc, "2024-01-03T23:00:00Z"),
        product("SWS_20240105T050000_S1A_T32TMR_V101_1", std::nullopt),  // no publication: left out
        product("S2A_MSIL1C_20240105T104031_N0510_R108_T32TLR_20240105T104031", "2024-01-05T12:00:00Z"),
    };
    util::Log log("test", -1);
    auto const summary = jobs::create_scheduled_jobs(conn, registry().find("gfsc_job"),
                                                     util::parse_time("2024-01-05T20:00:00Z"), options, log);
    CHECK(summary.created == 1);
    CHECK(jobs_made(conn) == std::vector<std::string>{fmt::format(
                                 "32TLR 2024-01-05 WDS_20240105T172000_S1A_T32TLR_V101_1 ready fsc=1 wds=1 sws=0 "
                                 "gfsc=[\"{}\"]",
                                 gfsc)});
    // The same answer again: its products are the job's trigger and inputs.
    CHECK(jobs::create_scheduled_jobs(conn, registry().find("gfsc_job"), util::parse_time("2024-01-05T20:10:00Z"),
                                      options, log)
              .created == 0);
}
