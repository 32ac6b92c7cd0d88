// SPDX-License-Identifier: Apache-2.0
// FSC/RLIE creation and configuration against a real database: duplicates and
// re-publications, reprocessing-campaign inputs, priorities, the time-series dependency and
// the MAJA modes (init, nominal, gap, backward).
#include "temp_database.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_configuration.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <chrono>
#include <sstream>

using namespace hrsi;

namespace {

struct Input {
    std::string name;       // L1C name without .SAFE
    std::string published;  // RFC 3339
};

std::string odata(std::vector<Input> const& inputs) {
    std::string out = R"({"@odata.context":"$metadata#Products","value":[)";
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        out += fmt::format(
            R"({}{{"Name":"{}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{}.SAFE","PublicationDate":"{}"}})",
            i == 0 ? "" : ",", inputs[i].name, inputs[i].name, inputs[i].published);
    }
    return out + "]}";
}

// An L1C name on `tile` sensed on `date` (YYYYMMDD) at 10:40:31, created by ESA at `created`.
std::string l1c(std::string const& tile, std::string const& date, std::string const& created = "123456",
                std::string const& mission = "S2A") {
    return fmt::format("{}_MSIL1C_{}T104031_N0510_R108_T{}_{}T{}", mission, date, tile, date, created);
}

jobs::CreationSummary create(db::Connection& conn, std::string const& text) {
    std::istringstream in(text);
    util::Log log("test", -1);
    return jobs::create_jobs(conn, jobs::find_job_type("fsc_rlie_job"), in, {}, log);
}

std::string status_of(db::Connection& conn, std::string const& l1c_id, std::string const& context = "None") {
    auto result = conn.query(
        "select coalesce(s.name, '-') from hrsi.fsc_rlie_jobs f join hrsi.jobs j on j.id = f.job_id "
        "left join hrsi.job_status s on s.id = j.last_status where f.l1c_id = $1 and f.reprocessing_context = $2",
        l1c_id, context);
    return result.rows() == 0 ? "(none)" : std::string(result.get(0, 0));
}

std::int64_t job_of(db::Connection& conn, std::string const& l1c_id, std::string const& context = "None") {
    return conn
        .query("select job_id from hrsi.fsc_rlie_jobs where l1c_id = $1 and reprocessing_context = $2",
               l1c_id, context)
        .get_int(0, 0);
}

std::string column(db::Connection& conn, std::int64_t job, std::string const& name) {
    auto result = conn.query(fmt::format("select {}::text from hrsi.fsc_rlie_jobs_view where id = $1", name), job);
    return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
}

// The worker's part, done by hand: the job ran and produced its L2A (and FSC).
void process(db::Connection& conn, std::int64_t job, long long l2a_produced, std::string const& fsc_suffix = "_0") {
    for (auto s : {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                   JobStatus::post_processing, JobStatus::processed}) {
        jobs::set_job_status(conn, job, s);
    }
    conn.query(
        "update hrsi.fsc_rlie_jobs set l2a_status = 'generated', n_l2a_produced_since_last_init = $2, "
        "fsc_path = '/eodata/HRSI/CLMS/FSC_x' || $3 where job_id = $1",
        job, l2a_produced, fsc_suffix);
}

// The dispatcher's part: configure the jobs waiting in configured (or initialized) again.
jobs::ConfigurationCounts reconfigure(db::Connection& conn) {
    auto const& type = jobs::find_job_type("fsc_rlie_job");
    auto waiting = jobs::jobs_with_last_status(conn, type, {JobStatus::initialized, JobStatus::configured});
    auto parameters = db::load_system_parameters(conn);
    util::Log log("test", -1);
    jobs::JobContext context{conn, parameters, log, util::now(), {}, false, {}};
    return jobs::configure_jobs(type, waiting, context);
}

}  // namespace

TEST_CASE("fsc_rlie: the time series waits for the previous L2A, then runs nominal", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = l1c("31TGL", "20240105"), b = l1c("31TGL", "20240110"), c = l1c("31TGL", "20240115");
    auto other = l1c("32TLR", "20240110");
    auto summary = create(conn, odata({{a, "2024-01-05T12:00:00Z"}, {b, "2024-01-10T12:00:00Z"},
                                       {c, "2024-01-15T12:00:00Z"}, {other, "2024-01-10T12:30:00Z"}}));
    CHECK(summary.created == 4);
    CHECK(summary.configuration.ready == 2);
    CHECK(summary.configuration.configured == 2);
    CHECK(status_of(conn, a) == "ready");
    CHECK(status_of(conn, b) == "configured");
    CHECK(status_of(conn, c) == "configured");
    CHECK(status_of(conn, other) == "ready");
    auto first = job_of(conn, a);
    CHECK(column(conn, first, "name") == "31TGL-2024-01-05");
    CHECK(column(conn, first, "maja_mode") == "init");
    CHECK(column(conn, first, "n_l2a_produced_since_last_init") == "0");
    CHECK(column(conn, first, "l2a_path_out") == "/hrsi-sip-data/31TGL/L2A/reference/" + a + "/init");
    CHECK(column(conn, first, "l2a_status") == "pending");
    CHECK(column(conn, job_of(conn, b), "maja_mode") == "NULL");
    // The history of a ready job: initialized, configured, ready.
    auto history = conn.query("select string_agg(status::text, ',' order by id) from hrsi.job_status_changes where job_id = $1", first);
    CHECK(history.get(0, 0) == "1,2,3");

    // Nothing changes while the first job has not produced its L2A.
    auto counts = reconfigure(conn);
    CHECK(counts.ready == 0);
    CHECK(counts.configured == 2);
    CHECK(status_of(conn, b) == "configured");

    process(conn, first, 1);
    counts = reconfigure(conn);
    CHECK(counts.ready == 1);
    CHECK(status_of(conn, b) == "ready");
    CHECK(status_of(conn, c) == "configured");
    auto second = job_of(conn, b);
    CHECK(column(conn, second, "maja_mode") == "nominal");
    CHECK(column(conn, second, "l2a_path_in") == "/hrsi-sip-data/31TGL/L2A/reference/" + a + "/init");
    CHECK(column(conn, second, "job_id_for_last_valid_l2a") == std::to_string(first));
    CHECK(column(conn, second, "n_jobs_run_since_last_init") == "1");
    CHECK(column(conn, second, "n_l2a_produced_since_last_init") == "1");
    // configured was written once: 1, 2, 3.
    history = conn.query("select string_agg(status::text, ',' order by id) from hrsi.job_status_changes where job_id = $1", second);
    CHECK(history.get(0, 0) == "1,2,3");
}

TEST_CASE("fsc_rlie: a gap over 60 days starts again in init mode", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = l1c("31TGL", "20240105"), b = l1c("31TGL", "20240310");  // 65 days later
    create(conn, odata({{a, "2024-01-05T12:00:00Z"}, {b, "2024-03-10T12:00:00Z"}}));
    CHECK(status_of(conn, b) == "configured");
    process(conn, job_of(conn, a), 1);
    reconfigure(conn);
    CHECK(status_of(conn, b) == "ready");
    CHECK(column(conn, job_of(conn, b), "maja_mode") == "init");
    CHECK(column(conn, job_of(conn, b), "l2a_path_in") == "NULL");
    CHECK(column(conn, job_of(conn, b), "n_jobs_run_since_last_init") == "0");
}

TEST_CASE("fsc_rlie: a previous job whose L2A was not generated keeps its follower waiting",
          "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = l1c("31TGL", "20240105"), b = l1c("31TGL", "20240110");
    create(conn, odata({{a, "2024-01-05T12:00:00Z"}, {b, "2024-01-10T12:00:00Z"}}));
    auto first = job_of(conn, a);
    process(conn, first, 0);
    // Too cloudy: processed without product, no L2A; the follower looks further back (none).
    conn.query("update hrsi.fsc_rlie_jobs set l2a_status = 'generation_aborted' where job_id = $1", first);
    reconfigure(conn);
    CHECK(status_of(conn, b) == "ready");
    CHECK(column(conn, job_of(conn, b), "maja_mode") == "init");
}

TEST_CASE("fsc_rlie: duplicates, re-publications within 24 h, later ones dropped", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto original = l1c("31TGL", "20240105", "110000");
    auto republished = l1c("31TGL", "20240105", "130000");  // same tile and sensing, new version
    auto late = l1c("31TGL", "20240105", "150000");
    auto summary = create(conn, odata({{original, "2024-01-05T11:30:00Z"}, {original, "2024-01-05T11:30:00Z"}}));
    CHECK(summary.created == 1);
    CHECK(summary.duplicates == 1);
    summary = create(conn, odata({{republished, "2024-01-05T16:00:00Z"}}));
    CHECK(summary.created == 1);
    CHECK(column(conn, job_of(conn, original), "l1c_reference_job") == "false");
    CHECK(column(conn, job_of(conn, republished), "l1c_reference_job") == "true");
    // Published more than 24 h after sensing: dropped.
    summary = create(conn, odata({{late, "2024-01-07T16:00:00Z"}}));
    CHECK(summary.created == 0);
    CHECK(summary.duplicates == 1);
    CHECK(status_of(conn, late) == "(none)");
    // Rerunning everything creates nothing.
    summary = create(conn, odata({{original, "2024-01-05T11:30:00Z"}, {republished, "2024-01-05T16:00:00Z"}}));
    CHECK(summary.created == 0);
    CHECK(summary.duplicates == 2);
}

TEST_CASE("fsc_rlie: an older version arriving after a newer one does not replace it as reference",
          "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto original = l1c("31TGL", "20240105", "110000");
    auto republished = l1c("31TGL", "20240105", "130000");
    // The newer version first (another run, or another chunk of an input out of order).
    CHECK(create(conn, odata({{republished, "2024-01-05T16:00:00Z"}})).created == 1);
    CHECK(create(conn, odata({{original, "2024-01-05T11:30:00Z"}})).created == 1);
    CHECK(column(conn, job_of(conn, original), "l1c_reference_job") == "false");
    CHECK(column(conn, job_of(conn, republished), "l1c_reference_job") == "true");
    // Within one input, whatever the order: the same.
    testing::TempDatabase other;
    auto conn2 = other.connect();
    CHECK(create(conn2, odata({{republished, "2024-01-05T16:00:00Z"}, {original, "2024-01-05T11:30:00Z"}})).created == 2);
    CHECK(column(conn2, job_of(conn2, original), "l1c_reference_job") == "false");
    CHECK(column(conn2, job_of(conn2, republished), "l1c_reference_job") == "true");
}

TEST_CASE("fsc_rlie: inputs before s2_processing_start_date are created cancelled", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto old = l1c("31TGL", "20200430");
    auto summary = create(conn, odata({{old, "2024-01-05T12:00:00Z"}}));
    CHECK(summary.created == 1);
    CHECK(summary.cancelled == 1);
    CHECK(status_of(conn, old) == "cancelled");
    auto job = job_of(conn, old);
    auto history = conn.query("select status, error_message from hrsi.job_status_changes where job_id = $1", job);
    REQUIRE(history.rows() == 1);
    CHECK(history.get(0, 1) == "Unprocessed job as it's part of a reprocessing campaign.");
    CHECK(column(conn, job, "nrt") == "false");
    CHECK(column(conn, job, "priority") == "reprocessing");
    // The start date is a live parameter.
    db::set_system_parameter(conn, "s2_processing_start_date", "2020-01-01");
    auto newer = l1c("31TGL", "20200301");
    create(conn, odata({{newer, "2024-01-05T12:00:00Z"}}));
    CHECK(status_of(conn, newer) == "ready");
}

TEST_CASE("fsc_rlie: priority nrt within 24 h of sensing, delayed after", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto fast = l1c("31TGL", "20240105"), slow = l1c("32TLR", "20240105");
    create(conn, odata({{fast, "2024-01-05T13:00:00Z"}, {slow, "2024-01-07T13:00:00Z"}}));
    CHECK(column(conn, job_of(conn, fast), "priority") == "nrt");
    CHECK(column(conn, job_of(conn, slow), "priority") == "delayed");
    CHECK(column(conn, job_of(conn, fast), "input_published_at") == "2024-01-05 13:00:00+00");
}

TEST_CASE("fsc_rlie: after 8 L2As since init, the init job and its 7 followers are reprocessed backward",
          "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::string> names;
    std::vector<Input> inputs;
    for (int i = 0; i < 10; ++i) {
        auto date = fmt::format("202401{:02}", 1 + 3 * i);
        names.push_back(l1c("31TGL", date));
        inputs.push_back({names.back(), fmt::format("2024-01-{:02}T12:00:00Z", 1 + 3 * i)});
    }
    create(conn, odata({inputs.begin(), inputs.begin() + 9}));
    auto backward_jobs = [&] {
        return conn.query("select count(*) from hrsi.fsc_rlie_jobs where reprocessing_context = 'backward'").get_int(0, 0);
    };
    // Run the series: each job processed in turn, its follower becomes ready as nominal; the
    // job after the 8th L2A since init (the 9th) triggers the backward reprocessing.
    for (int i = 0; i < 8; ++i) {
        auto job = job_of(conn, names[i]);
        REQUIRE(status_of(conn, names[i]) == "ready");
        CHECK(backward_jobs() == 0);
        process(conn, job, i + 1);
        reconfigure(conn);
    }
    CHECK(column(conn, job_of(conn, names[0]), "maja_mode") == "init");
    CHECK(status_of(conn, names[8]) == "ready");
    CHECK(column(conn, job_of(conn, names[8]), "maja_mode") == "nominal");
    CHECK(column(conn, job_of(conn, names[8]), "n_l2a_produced_since_last_init") == "8");
    CHECK(backward_jobs() == 8);

    auto backward = job_of(conn, names[0], "backward");
    CHECK(column(conn, backward, "maja_mode") == "backward");
    CHECK(column(conn, backward, "nrt") == "false");
    CHECK(column(conn, backward, "priority") == "reprocessing");
    CHECK(column(conn, backward, "l2a_status") == "pending");
    std::string expected_list = names[0];
    for (int i = 1; i < 8; ++i) expected_list += ";" + names[i];
    CHECK(column(conn, backward, "l1c_id_list") == expected_list);
    CHECK(column(conn, backward, "n_l2a_produced_since_last_init") == "8");
    CHECK(status_of(conn, names[0], "backward") == "ready");
    for (int i = 1; i < 8; ++i) {
        INFO(names[i]);
        CHECK(status_of(conn, names[i], "backward") == "configured");  // wait for the backward L2A
        CHECK(column(conn, job_of(conn, names[i]), "backward_reprocessing_run") == "true");
        CHECK(column(conn, job_of(conn, names[i]), "l1c_reference_job") == "false");
    }
    CHECK(column(conn, job_of(conn, names[0]), "backward_reprocessing_run") == "true");
    CHECK(status_of(conn, names[8], "backward") == "(none)");
    // It happens once: the series goes on without another backward run.
    process(conn, job_of(conn, names[8]), 9);
    create(conn, odata({inputs[9]}));
    CHECK(status_of(conn, names[9]) == "ready");
    CHECK(backward_jobs() == 8);
}

TEST_CASE("fsc_rlie: without activate_backward_reprocessing nothing is reprocessed", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    db::set_system_parameter(conn, "activate_backward_reprocessing", "false");
    std::vector<std::string> names;
    std::vector<Input> inputs;
    for (int i = 0; i < 10; ++i) {
        names.push_back(l1c("31TGL", fmt::format("202401{:02}", 1 + 3 * i)));
        inputs.push_back({names.back(), fmt::format("2024-01-{:02}T12:00:00Z", 1 + 3 * i)});
    }
    create(conn, odata(inputs));
    for (int i = 0; i < 10; ++i) {
        process(conn, job_of(conn, names[i]), i + 1);
        reconfigure(conn);
    }
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where reprocessing_context = 'backward'").get_int(0, 0) == 0);
    CHECK(column(conn, job_of(conn, names[9]), "maja_mode") == "nominal");
}

TEST_CASE("fsc_rlie: a late job before 7 degraded followers runs backward", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::string> names;
    std::vector<Input> inputs;
    for (int i = 1; i <= 7; ++i) {
        names.push_back(l1c("31TGL", fmt::format("202402{:02}", 3 * i)));
        inputs.push_back({names.back(), fmt::format("2024-02-{:02}T12:00:00Z", 3 * i)});
    }
    create(conn, odata(inputs));
    for (int i = 0; i < 7; ++i) {
        process(conn, job_of(conn, names[i]), i + 1, "_0");
        reconfigure(conn);
    }
    // An older product arrives with nothing usable before it.
    auto late = l1c("31TGL", "20240201");
    create(conn, odata({{late, "2024-02-25T12:00:00Z"}}));
    CHECK(status_of(conn, late) == "ready");
    auto job = job_of(conn, late);
    CHECK(column(conn, job, "maja_mode") == "backward");
    std::string expected = late;
    for (auto const& name : names) expected += ";" + name;
    CHECK(column(conn, job, "l1c_id_list") == expected);
    CHECK(column(conn, job, "n_jobs_run_since_last_init") == "8");
}

TEST_CASE("fsc_rlie: products the type does not take are refused with the reason", "[jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto summary = create(conn, "S2B_MSIL2A_20240112T103431_N0510_R108_T32TLR_20240112T123456.SAFE\n"
                                "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE\n" +
                                    l1c("31TGL", "20240105") + "\n");
    CHECK(summary.created == 1);
    REQUIRE(summary.refused.size() == 2);
    CHECK_THAT(summary.refused[0].reason, Catch::Contains("L2A"));
    CHECK_THAT(summary.refused[1].reason, Catch::Contains("Sentinel-1"));
    std::istringstream in("S2B_MSIL2A_20240112T103431_N0510_R108_T32TLR_20240112T123456.SAFE\n" +
                          l1c("31TGL", "20240106") + "\n");
    util::Log log("test", -1);
    jobs::CreationOptions strict;
    strict.strict = true;
    CHECK_THROWS_AS(jobs::create_jobs(conn, jobs::find_job_type("fsc_rlie_job"), in, strict, log), InputError);
    CHECK(status_of(conn, l1c("31TGL", "20240106")) == "(none)");
}

TEST_CASE("fsc_rlie: configuration does not depend on how the input is chunked", "[jobs][fsc]") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{5000}}) {
        INFO("chunk size " << chunk);
        testing::TempDatabase database;
        auto conn = database.connect();
        // Day 5 is published first, day 3 later: day 5 waits behind day 3 all the same.
        auto day5 = l1c("31TGL", "20240105"), day3 = l1c("31TGL", "20240103"), other = l1c("32TLR", "20240104");
        std::istringstream in(odata({{day5, "2024-01-05T12:00:00Z"}, {other, "2024-01-05T12:10:00Z"},
                                     {day3, "2024-01-05T13:00:00Z"}}));
        util::Log log("test", -1);
        jobs::CreationOptions options;
        options.chunk_size = chunk;
        auto summary = jobs::create_jobs(conn, jobs::find_job_type("fsc_rlie_job"), in, options, log);
        CHECK(summary.created == 3);
        CHECK(status_of(conn, day3) == "ready");
        CHECK(status_of(conn, day5) == "configured");
        CHECK(status_of(conn, other) == "ready");
    }
}

namespace {

// A tile whose 8 jobs (2024-01-11 to 2024-02-15, every 5 days) ran one after the other: an
// init job and 7 nominal ones, all degraded (fsc path ending in _0), 8 L2As since the init.
std::vector<std::string> processed_series(db::Connection& conn) {
    std::vector<std::string> names;
    std::vector<Input> inputs;
    for (int i = 0; i < 8; ++i) {
        auto const day = std::chrono::sys_days(std::chrono::year{2024} / 1 / 11) + std::chrono::days(5 * i);
        auto const date = util::format_rfc3339(day).substr(0, 10);
        names.push_back(l1c("31TGL", date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2)));
        inputs.push_back({names.back(), date + "T12:00:00Z"});
    }
    create(conn, odata(inputs));
    for (int i = 0; i < 8; ++i) {
        REQUIRE(status_of(conn, names[static_cast<std::size_t>(i)]) == "ready");
        process(conn, job_of(conn, names[static_cast<std::size_t>(i)]), i + 1, "_0");
        reconfigure(conn);
    }
    return names;
}

jobs::CreationSummary create_in_chunks(db::Connection& conn, std::string const& text, std::size_t chunk) {
    std::istringstream in(text);
    util::Log log("test", -1);
    jobs::CreationOptions options;
    options.chunk_size = chunk;
    return jobs::create_jobs(conn, jobs::find_job_type("fsc_rlie_job"), in, options, log);
}

std::int64_t backward_job_count(db::Connection& conn) {
    return conn.query("select count(*) from hrsi.fsc_rlie_jobs where reprocessing_context = 'backward'").get_int(0, 0);
}

}  // namespace

TEST_CASE("fsc_rlie: with backward reprocessing, an input's jobs are configured in publication order, "
          "whatever the chunk size", "[jobs][fsc]") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5000}}) {
        INFO("chunk size " << chunk);
        testing::TempDatabase database;
        auto conn = database.connect();
        auto const history = processed_series(conn);
        // Published first: a job before the series, which its 7 degraded followers let run
        // backward. Then one after it, whose 8th L2A since the init reprocesses the series
        // backward (marking those followers). In that order, the first job still runs backward.
        auto const before = l1c("31TGL", "20240106"), after = l1c("31TGL", "20240220");
        create_in_chunks(conn, odata({{before, "2024-01-06T12:00:00Z"}, {after, "2024-02-20T12:00:00Z"}}), chunk);
        CHECK(status_of(conn, before) == "ready");
        CHECK(column(conn, job_of(conn, before), "maja_mode") == "backward");
        CHECK(status_of(conn, after) == "ready");
        CHECK(column(conn, job_of(conn, after), "maja_mode") == "nominal");
        CHECK(backward_job_count(conn) == 8);
        // The backward copy of the series' init job waits for the new job before it.
        CHECK(status_of(conn, history[0], "backward") == "configured");
    }
}

TEST_CASE("fsc_rlie: a job configured after a backward reprocessing of its tile waits for the backward jobs",
          "[jobs][fsc]") {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5000}}) {
        INFO("chunk size " << chunk);
        testing::TempDatabase database;
        auto conn = database.connect();
        auto const history = processed_series(conn);
        // The 9th job starts the backward reprocessing of the 8 before it. Its re-publication
        // (2 h later, within 24 h) comes next in the same input: its previous job is now the
        // backward copy of 2024-02-15, not yet run, so it waits, as does the job after it.
        auto const first = l1c("31TGL", "20240220"), second = l1c("31TGL", "20240220", "143000"),
                   next = l1c("31TGL", "20240225");
        create_in_chunks(conn,
                         odata({{first, "2024-02-20T12:00:00Z"}, {second, "2024-02-20T14:00:00Z"},
                                {next, "2024-02-25T12:00:00Z"}}),
                         chunk);
        CHECK(status_of(conn, first) == "ready");
        CHECK(column(conn, job_of(conn, first), "maja_mode") == "nominal");
        CHECK(column(conn, job_of(conn, first), "l1c_reference_job") == "false");
        CHECK(backward_job_count(conn) == 8);
        CHECK(status_of(conn, second) == "configured");
        CHECK(column(conn, job_of(conn, second), "l1c_reference_job") == "true");
        CHECK(status_of(conn, next) == "configured");
        CHECK(status_of(conn, history[7], "backward") == "configured");
    }
}
