// SPDX-License-Identifier: Apache-2.0
// SWS/WDS creation and configuration against a real database: a real-form Sentinel-1 answer
// (OData with Attributes: a datatake of three slices over the western Alps, across UTM zones 31
// and 32) and the FSC products fsc_rlie_job published; the jobs, their columns, WDS only with an
// FSC of the same day, the track filter, reruns, two racing creators, the followers of a master,
// and the next window. The type is not registered yet: the test's registry adds it.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/tools/create_jobs_command.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/document.h>

#include <array>
#include <chrono>
#include <exception>
#include <latch>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace hrsi;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

jobs::Registry const& registry() {
    return jobs::builtin_job_types();  // sws_wds_job is a built-in type
}

// Yesterday: the windows start at most 7 days back and look 30 more days back for FSC.
util::TimePoint const day = std::chrono::floor<days>(util::now()) - days(1);
util::TimePoint const datatake = day + hours(17) + minutes(15) + seconds(30);

std::string compact(util::TimePoint time) {
    return util::format_rfc3339(time).substr(0, 19).erase(13, 1).erase(15, 1).erase(4, 1).erase(6, 1);
}

std::string slice_name(int number) {
    auto const start = datatake + seconds(25 * (number - 1));
    return fmt::format("S1A_IW_GRDH_1SDV_{}_{}_051887_06476F_A1B{}", compact(start), compact(start + seconds(25)),
                       number);
}

// Slice `number` of 3 of an ascending S1A datatake over the western Alps (as the assembly's unit
// tests): ~172 km along track, 250 km across, its western part over zone 31.
std::string odata_slice(int number) {
    double const x = 7.6 - 0.4 * (number - 1);
    double const y = 43.5 + 1.55 * (number - 1);
    auto const start = datatake + seconds(25 * (number - 1));
    auto const polygon = fmt::format("{} {}, {} {}, {} {}, {} {}, {} {}", x, y, x + 3.3, y + 0.4, x + 2.9, y + 1.95,
                                     x - 0.4, y + 1.55, x, y);
    auto attribute = [](char const* name, std::string const& value) {
        return fmt::format(R"({{"Name":"{}","Value":{}}})", name, value);
    };
    std::vector<std::string> const attributes{
        attribute("productType", R"("IW_GRDH_1S")"),   attribute("operationalMode", R"("IW")"),
        attribute("platformShortName", R"("SENTINEL-1")"), attribute("platformSerialIdentifier", R"("A")"),
        attribute("orbitDirection", R"("ASCENDING")"), attribute("orbitNumber", "51887"),
        attribute("relativeOrbitNumber", "15"),        attribute("sliceNumber", std::to_string(number)),
        attribute("totalSlices", "3"),                 attribute("polarisationChannels", R"("VV&VH")"),
    };
    auto const name = slice_name(number);
    return fmt::format(
        R"({{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-1/SAR/IW_GRDH_1S/x/{0}.SAFE","PublicationDate":"{1}",)"
        R"("ContentDate":{{"Start":"{2}","End":"{3}"}},"Footprint":"geography'SRID=4326;POLYGON (({4}))'",)"
        R"("Attributes":[{5}]}})",
        name, util::format_rfc3339(datatake + hours(2) + minutes(number)), util::format_rfc3339(start),
        util::format_rfc3339(start + seconds(25)), polygon, fmt::join(attributes, ","));
}

std::string odata(std::vector<int> const& numbers, std::vector<std::string> const& more = {}) {
    std::vector<std::string> products;
    for (int number : numbers) products.push_back(odata_slice(number));
    products.insert(products.end(), more.begin(), more.end());
    return fmt::format(R"({{"value":[{}]}})", fmt::join(products, ","));
}

jobs::CreationSummary create(db::Connection& conn, std::string const& text,
                             std::optional<std::vector<catalogue::CatalogueProduct>> fsc = {},
                             storage::Storage const* input_storage = nullptr) {
    std::istringstream in(text);
    util::Log log("test", -1);
    tiles::TileSource tiles(std::string(HRSI_SOURCE_DIR) + "/data/eea39", {});
    jobs::CreationOptions options;
    options.tiles = &tiles;
    options.other_input = std::move(fsc);
    options.input_storage = input_storage;
    return jobs::create_jobs(conn, registry().find("sws_wds_job"), in, options, log);
}

// An FSC/RLIE job from an L1C of `tile` sensed `when` (through the real creation), then its FSC
// made and published `published_ago` ago, as the worker and the publication would record them.
void publish_fsc(db::Connection& conn, std::string const& tile, util::TimePoint when, minutes published_ago,
                 std::string const& infos = "{}") {
    auto const name = fmt::format("S2A_MSIL1C_{}_N0510_R108_T{}_{}", compact(when), tile, compact(when + hours(2)));
    std::istringstream in(fmt::format(
        R"({{"value":[{{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{0}.SAFE","PublicationDate":"{1}"}}]}})",
        name, util::format_rfc3339(when + hours(2))));
    util::Log log("test", -1);
    auto const summary = jobs::create_jobs(conn, registry().find("fsc_rlie_job"), in, {}, log);
    REQUIRE(summary.created == 1);
    conn.query(
        "update hrsi.fsc_rlie_jobs set "
        "  fsc_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/x/FSC_' || $2 || '_S2A_T' "
        "             || tile_id || '_V102_1', "
        "  fsc_completion_date = now() - make_interval(mins => $3 + 5), "
        "  fsc_json_publication_date = now() - make_interval(mins => $3), fsc_infos = $4::jsonb "
        "where l1c_id = $1",
        name, compact(when), static_cast<int>(published_ago.count()), infos);
}

struct Job {
    std::int64_t id = 0;
    std::string status;
    std::int64_t master = 0;
    bool sws = false;
    bool wds = false;
    std::optional<std::string> fsc;
    std::string assembly;
};

std::map<std::string, Job> jobs_by_name(db::Connection& conn) {
    auto const rows = conn.query(
        "select name, id, last_status_name, assembly_master_job_id, sws_infos is not null, wds_infos is not null, "
        "       fsc_id_list, assembly_id from hrsi.sws_wds_jobs_view order by id");
    std::map<std::string, Job> found;
    for (int r = 0; r < rows.rows(); ++r) {
        Job job{rows.get_int(r, 1), std::string(rows.get(r, 2)), rows.get_int(r, 3), rows.get(r, 4) == "t",
                rows.get(r, 5) == "t", rows.get_optional(r, 6), std::string(rows.get(r, 7))};
        auto const [it, inserted] = found.emplace(std::string(rows.get(r, 0)), job);
        if (!inserted) it->second = job;  // a later job of the same name (a WDS after an SWS)
    }
    return found;
}

// Every assembly has exactly one master; every other job of it points to that master.
void check_one_master_per_assembly(db::Connection& conn) {
    auto const rows = conn.query(
        "select assembly_id, count(*) filter (where assembly_master_job_id = 0), "
        "       count(*) filter (where assembly_master_job_id > 0 and assembly_master_job_id not in "
        "              (select job_id from hrsi.sws_wds_jobs m where m.assembly_id = w.assembly_id "
        "                                                     and m.assembly_master_job_id = 0)), "
        "       count(*) filter (where assembly_master_job_id = -1) "
        "  from hrsi.sws_wds_jobs w where assembly_status is not null group by assembly_id");
    REQUIRE(rows.rows() > 0);
    for (int r = 0; r < rows.rows(); ++r) {
        INFO(rows.get(r, 0));
        CHECK(rows.get_int(r, 1) == 1);
        CHECK(rows.get_int(r, 2) == 0);
        CHECK(rows.get_int(r, 3) == 0);
    }
}

void process_master(db::Connection& conn, std::int64_t master, std::string const& assembly_status) {
    for (auto status : {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                        JobStatus::post_processing, JobStatus::processed}) {
        jobs::set_job_status(conn, master, status);
    }
    conn.query("update hrsi.sws_wds_jobs set assembly_status = $2, assembly_path = 's3://internal/s1_assembly/a.tif' "
               "where job_id = $1",
               master, assembly_status);
}

std::optional<util::TimePoint> time_of(db::Connection& conn, std::string const& column, std::int64_t id) {
    auto const result = conn.query(fmt::format("select {} from hrsi.sws_wds_jobs_view where id = $1", column), id);
    return jobs::read_time(result, 0, column);
}

std::string text(db::Connection& conn, std::string const& sql, std::int64_t id) {
    auto const result = conn.query(sql, id);
    return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
}

// The answer without the slice numbers and totals (a catalogue that does not give them).
std::string without_slice_numbers(std::string answer) {
    for (auto const* name : {"sliceNumber", "totalSlices"}) {
        for (auto at = answer.find(fmt::format(R"({{"Name":"{}")", name)); at != std::string::npos;
             at = answer.find(fmt::format(R"({{"Name":"{}")", name))) {
            auto const end = answer.find('}', at);
            answer.erase(at, end - at + 1 + (answer[end + 1] == ',' ? 1 : 0));
        }
    }
    return answer;
}

// Slice `number`'s manifest.safe under `eodata` (where its S3Path leads): the repository's real
// GRD manifest with this slice's datatake (0x06476F), numbers and footprint ("lat,lon" pairs).
void write_manifest(std::filesystem::path const& eodata, int number) {
    std::ifstream in(std::string(HRSI_SOURCE_DIR) +
                     "/tests/data/sentinel1/S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE/"
                     "manifest.safe");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto replace = [&text](std::string const& from, std::string const& to) {
        auto const at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    double const x = 7.6 - 0.4 * (number - 1);
    double const y = 43.5 + 1.55 * (number - 1);
    replace("<s1sarl1:missionDataTakeID>289047<", fmt::format("<s1sarl1:missionDataTakeID>{}<", 0x06476F));
    replace("<s1sarl1:sliceNumber>5<", fmt::format("<s1sarl1:sliceNumber>{}<", number));
    replace("<s1sarl1:totalSlices>11<", "<s1sarl1:totalSlices>3<");
    replace("45.012000,7.019000 45.418000,10.318000 47.117000,10.004000 46.709000,6.612000",
            fmt::format("{},{} {},{} {},{} {},{}", y, x, y + 0.4, x + 3.3, y + 1.95, x + 2.9, y + 1.55, x - 0.4));
    testing::write_file(eodata / "Sentinel-1/SAR/IW_GRDH_1S/x" / (slice_name(number) + ".SAFE") / "manifest.safe", text);
}

}  // namespace

TEST_CASE("sws_wds creation: SWS on mountain tiles, WDS with an FSC of the same day, the track filter",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const box = R"j({"resto":{"geometry":{"wkt":"POLYGON ((6.6 44.9, 8.2 44.9, 8.2 45.5, 6.6 45.5, 6.6 44.9))"}}})j";
    publish_fsc(conn, "32TLR", day + hours(10) + minutes(40) + seconds(31), minutes(60), box);
    publish_fsc(conn, "32TMR", day - days(1) + hours(10), minutes(50));  // the day before: no WDS

    auto const extra_wide = R"({"Name":"S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7.SAFE",)"
                            R"("PublicationDate":"2024-01-05T05:00:00Z"})";
    auto const summary = create(conn, odata({1, 2, 3}, {extra_wide}));
    CHECK(summary.products == 4);
    REQUIRE(summary.refused.size() == 1);
    CHECK(summary.refused[0].reason ==
          "S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7: an EW GRD, sws_wds_job takes IW GRD VV+VH");
    auto const found = jobs_by_name(conn);
    REQUIRE(summary.created == static_cast<std::int64_t>(found.size()));
    REQUIRE(found.size() > 3);

    REQUIRE(found.count("32TLR_06476F_S1A") == 1);
    auto const& tlr = found.at("32TLR_06476F_S1A");
    CHECK(tlr.sws);
    CHECK(tlr.wds);
    CHECK(tlr.fsc == fmt::format("FSC_{}_S2A_T32TLR_V102_1", compact(day + hours(10) + minutes(40) + seconds(31))));
    REQUIRE(found.count("32TMR_06476F_S1A") == 1);
    CHECK(found.at("32TMR_06476F_S1A").sws);
    CHECK_FALSE(found.at("32TMR_06476F_S1A").wds);
    CHECK_FALSE(found.at("32TMR_06476F_S1A").fsc);
    // A mountain tile whose track has no auxiliary data: no job.
    CHECK(found.count("32TLP_06476F_S1A") == 0);
    // Covered, no mountain tile, no FSC: no job.
    CHECK(found.count("32ULU_06476F_S1A") == 0);

    // The columns of one job.
    auto const id = tlr.id;
    auto col = [&](std::string const& name) {
        return text(conn, fmt::format("select {}::text from hrsi.sws_wds_jobs_view where id = $1", name), id);
    };
    CHECK(col("tile_id") == "32TLR");
    CHECK(col("job_type") == "sws_wds_job");
    CHECK(col("s1_id_list") == slice_name(1) + ";" + slice_name(2));
    CHECK(col("s1_path_list") == fmt::format("/eodata/Sentinel-1/SAR/IW_GRDH_1S/x/{}.SAFE;/eodata/Sentinel-1/SAR/IW_GRDH_1S/x/{}.SAFE",
                                             slice_name(1), slice_name(2)));
    CHECK(col("product_id") == col("s1_id_list"));
    CHECK(time_of(conn, "measurement_date", id) == datatake);
    CHECK(time_of(conn, "s1_dias_publication_latest_date", id) == datatake + hours(2) + minutes(2));
    CHECK(col("s1_esa_publication_latest_date") == col("s1_dias_publication_latest_date"));
    CHECK(col("input_published_at") == col("s1_dias_publication_latest_date"));
    CHECK(col("assembly_id") == fmt::format("S1A_06476F_32632_{}_{}", compact(datatake).erase(8, 1),
                                            compact(datatake + seconds(50)).erase(8, 1)));
    CHECK(col("assembly_status") == "pending");
    CHECK(col("nrt") == "true");
    CHECK(col("reprocessing_context") == "None");
    CHECK(col("priority") == "nrt");  // published 2 h after sensing
    CHECK(col("(assembly_params::jsonb->>'relativeOrbitNumber')") == "15");
    CHECK(col("(assembly_params::jsonb->>'generate_wds_product')") == "true");
    CHECK(col("(sws_infos #>> '{resto,geometry,wkt}')") == col("(assembly_params::jsonb->>'sourceGeometry')"));
    CHECK(col("(wds_infos #>> '{resto,geometry,wkt}')").starts_with("POLYGON"));
    CHECK(col("(wds_infos #>> '{resto,geometry,wkt}')") != col("(sws_infos #>> '{resto,geometry,wkt}')"));
    CHECK(col("fsc_path_list").ends_with("_T32TLR_V102_1"));
    CHECK(col("fsc_publication_latest_date") != "NULL");

    // One master per assembly, ready; the others wait for it.
    check_one_master_per_assembly(conn);
    for (auto const& [name, job] : found) {
        INFO(name);
        CHECK(job.status == (job.master == 0 ? "ready" : "configured"));
    }

    // A rerun of the same answer creates nothing.
    auto const again = create(conn, odata({1, 2, 3}));
    CHECK(again.created == 0);
    CHECK(jobs_by_name(conn).size() == found.size());
}

TEST_CASE("sws_wds creation: an FSC published later adds a WDS job that follows the assembly's master",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const first = create(conn, odata({1, 2, 3}));
    REQUIRE(first.created > 0);
    auto const before = jobs_by_name(conn);
    CHECK(before.count("32ULU_06476F_S1A") == 0);
    auto const last_s1 = datatake + hours(2) + minutes(3);

    // No FSC yet: the next window starts at the last slice publication.
    auto const& type = registry().find("sws_wds_job");
    CHECK(jobs::next_window(conn, type, util::now()).start == last_s1);
    // An FSC of the datatake's day on a tile that is no mountain tile: the window goes back to
    // that day, to find the slices again.
    publish_fsc(conn, "32ULU", day + hours(10) + minutes(40), minutes(30));
    CHECK(jobs::next_window(conn, type, util::now()).start == day);
    // hrsi-create-jobs --next-window --json gives both windows; the FSC one from now minus the
    // default search duration (no job has recorded an FSC yet).
    tools::CreateJobsOptions options;
    options.common.db = database.conninfo();
    options.common.quiet = true;
    options.type = "sws_wds_job";
    options.next_window = true;
    options.json = true;
    std::istringstream no_input;
    std::ostringstream printed;
    CHECK(tools::run_create_jobs(options, registry(), no_input, printed) == 0);
    rapidjson::Document windows;
    windows.Parse(printed.str().c_str());
    REQUIRE(windows.IsObject());
    CHECK(util::parse_time(windows["start"].GetString()) == day);
    REQUIRE(windows.HasMember("fsc"));
    auto const fsc_start = util::parse_time(windows["fsc"]["start"].GetString());
    CHECK(fsc_start < util::now() - days(7) + minutes(5));
    CHECK(fsc_start > util::now() - days(7) - minutes(5));

    auto const second = create(conn, odata({1, 2, 3}));
    CHECK(second.created == 1);
    auto const after = jobs_by_name(conn);
    REQUIRE(after.count("32ULU_06476F_S1A") == 1);
    auto const& ulu = after.at("32ULU_06476F_S1A");
    CHECK_FALSE(ulu.sws);
    CHECK(ulu.wds);
    // Its assembly's master, when an earlier run made jobs of that assembly; else itself.
    std::int64_t master = 0;
    for (auto const& [name, job] : before) {
        if (job.assembly == ulu.assembly && job.master == 0) master = job.id;
    }
    CHECK(ulu.master == master);
    check_one_master_per_assembly(conn);
    // The FSC window now starts at that FSC's publication: the next run does not read it again.
    CHECK(create(conn, odata({1, 2, 3})).created == 0);
    auto const parameters = db::load_system_parameters(conn);
    util::Log const log("test", -1);
    jobs::JobContext const context{conn, parameters, log, util::now(), {}, false, {}};
    auto const published = conn.query("select fsc_publication_latest_date from hrsi.sws_wds_jobs where job_id = $1", ulu.id);
    CHECK(jobs::SwsWdsJob::next_fsc_window(conn, context).start == jobs::read_time(published, 0, "fsc_publication_latest_date"));
}

TEST_CASE("sws_wds creation: inputs sensed before s1_processing_start_date are created cancelled",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    db::set_system_parameter(conn, "s1_processing_start_date", util::format_rfc3339(day + days(1)).substr(0, 10));
    auto const summary = create(conn, odata({1, 2, 3}));
    REQUIRE(summary.created > 0);
    CHECK(summary.cancelled == summary.created);
    auto const rows = conn.query(
        "select count(*) filter (where nrt or assembly_status is not null or last_status_name <> 'cancelled') "
        "from hrsi.sws_wds_jobs_view");
    CHECK(rows.get_int(0, 0) == 0);
}

TEST_CASE("sws_wds creation: two racing creators give each assembly one master", "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto setup = database.connect();
    auto first = database.connect();
    auto second = database.connect();
    // The two creators get the datatake in two overlapping answers at the same moment.
    std::latch start(2);
    auto run = [&start](db::Connection& conn, std::string const& answer) {
        start.arrive_and_wait();
        return create(conn, answer);
    };
    std::exception_ptr failure;
    jobs::CreationSummary other_summary;
    std::jthread other([&] {
        try {
            other_summary = run(second, odata({2, 3}));
        } catch (...) {
            failure = std::current_exception();
        }
    });
    auto const summary = run(first, odata({1, 2, 3}));
    other.join();
    if (failure) std::rethrow_exception(failure);
    CHECK(summary.created + other_summary.created > 0);
    check_one_master_per_assembly(setup);
    // No job twice.
    CHECK(setup.query("select count(*) from (select name, fsc_id_list from hrsi.sws_wds_jobs_view "
                      "group by name, fsc_id_list, assembly_id having count(*) > 1) d")
              .get_int(0, 0) == 0);
}

TEST_CASE("sws_wds configuration: followers become ready with the master's assembly, or are cancelled",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    REQUIRE(create(conn, odata({1, 2, 3})).created > 0);
    util::Log log("test", -1);
    auto promote = [&] {
        return dispatch::promote_configured_jobs(conn, registry(), {"sws_wds_job"}, log);
    };
    // Masters and followers by assembly.
    std::map<std::string, std::int64_t> master_of;
    std::map<std::string, std::vector<std::int64_t>> followers;
    for (auto const& [name, job] : jobs_by_name(conn)) {
        if (job.master == 0) master_of[job.assembly] = job.id;
        else followers[job.assembly].push_back(job.id);
    }
    REQUIRE(followers.size() >= 1);
    CHECK(promote().configured > 0);  // the masters are not processed: all wait

    auto const& generated = followers.begin()->first;
    process_master(conn, master_of.at(generated), "generated");
    std::string empty;
    for (auto const& [assembly, ids] : followers) {
        if (assembly != generated) empty = assembly;
    }
    if (!empty.empty()) process_master(conn, master_of.at(empty), "empty");
    auto const counts = promote();
    CHECK(counts.ready == static_cast<std::int64_t>(followers.at(generated).size()));
    for (auto id : followers.at(generated)) {
        CHECK(text(conn, "select last_status_name from hrsi.sws_wds_jobs_view where id = $1", id) == "ready");
        CHECK(text(conn, "select assembly_path from hrsi.sws_wds_jobs where job_id = $1", id) ==
              "s3://internal/s1_assembly/a.tif");
    }
    if (!empty.empty()) {
        CHECK(counts.cancelled == static_cast<std::int64_t>(followers.at(empty).size()));
        for (auto id : followers.at(empty)) {
            CHECK(text(conn, "select last_status_name from hrsi.sws_wds_jobs_view where id = $1", id) == "cancelled");
        }
    }
}

TEST_CASE("sws_wds creation: FSC products from an HR-S&I catalogue answer instead of the database",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // One published by fsc_rlie_job, which a given answer replaces.
    publish_fsc(conn, "32TMR", day + hours(10), minutes(50));
    auto const measured = compact(day + hours(10) + minutes(20));
    auto const fsc_name = fmt::format("FSC_{}_S2B_T32TLR_V102_1", measured);
    auto const answer = fmt::format(
        R"j({{"features":[{{"type":"Feature","geometry":null,"properties":{{)j"
        R"j("productIdentifier":"/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/x/{0}",)j"
        R"j("title":"{0}","published":"{1}"}}}},)j"
        R"j({{"type":"Feature","geometry":null,"properties":{{"productIdentifier":"/eodata/HRSI/x/RLIE_{2}_S2B_T32TLR_V102_1",)j"
        R"j("title":"RLIE_{2}_S2B_T32TLR_V102_1","published":"{1}"}}}}]}})j",
        fsc_name, util::format_rfc3339(util::now() - hours(1)), measured);
    std::vector<catalogue::CatalogueProduct> fsc;
    std::istringstream in(answer);
    catalogue::read_catalogue(in, catalogue::Format::automatic,
                              [&](catalogue::CatalogueProduct&& product) { fsc.push_back(std::move(product)); });
    REQUIRE(fsc.size() == 2);

    auto const summary = create(conn, odata({1, 2, 3}), fsc);
    REQUIRE(summary.refused.size() == 1);
    CHECK_THAT(summary.refused[0].reason, Catch::Contains("a RLIE product, sws_wds_job pairs with FSC"));
    auto const found = jobs_by_name(conn);
    REQUIRE(found.count("32TLR_06476F_S1A") == 1);
    CHECK(found.at("32TLR_06476F_S1A").fsc == fsc_name);
    // The database's FSC of 32TMR is not read: no WDS there.
    REQUIRE(found.count("32TMR_06476F_S1A") == 1);
    CHECK_FALSE(found.at("32TMR_06476F_S1A").fsc);
    CHECK(text(conn, "select fsc_path_list from hrsi.sws_wds_jobs where job_id = $1", found.at("32TLR_06476F_S1A").id) ==
          "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/x/" + fsc_name);

    // Through hrsi-create-jobs: a type without another input refuses the option; an answer
    // that cannot be read is an input error.
    tools::CreateJobsOptions options;
    options.common.db = database.conninfo();
    options.common.quiet = true;
    options.type = "test_job";
    options.other_input = "/nonexistent/fsc.json";
    std::istringstream no_input;
    std::ostringstream printed;
    CHECK_THROWS_AS(tools::run_create_jobs(options, registry(), no_input, printed), UsageError);
    options.type = "sws_wds_job";
    CHECK_THROWS_AS(tools::run_create_jobs(options, registry(), no_input, printed), InputError);
}

TEST_CASE("sws_wds creation: slice numbers the catalogue does not give are read in manifest.safe on the input storage",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    testing::TempFolder root("hrsi-sws-manifests");
    db::set_system_parameter(conn, "eodata_storage_url", "file://" + (root.path() / "eodata").string());
    write_manifest(root.path() / "eodata", 1);
    write_manifest(root.path() / "eodata", 2);  // slice 3 has none
    auto const answer = without_slice_numbers(odata({1, 2, 3}));
    REQUIRE(answer.find("sliceNumber") == std::string::npos);

    // Without the input storage: each slice refused, naming what the catalogue lacks.
    auto const refused = create(conn, answer);
    CHECK(refused.created == 0);
    REQUIRE(refused.refused.size() == 3);
    CHECK_THAT(refused.refused[0].reason, Catch::Contains("slice number"));

    storage::Storage const storage{storage::StorageOptions{}};
    auto const summary = create(conn, answer, {}, &storage);
    REQUIRE(summary.refused.size() == 1);
    CHECK(summary.refused[0].product == slice_name(3) + ".SAFE");
    CHECK_THAT(summary.refused[0].reason, Catch::Contains("no manifest.safe at") && Catch::Contains(slice_name(3)));
    auto const found = jobs_by_name(conn);
    REQUIRE(found.count("32TLR_06476F_S1A") == 1);
    auto const id = found.at("32TLR_06476F_S1A").id;
    // Slices 1 and 2 assembled from the manifests' numbers, as from the catalogue's.
    CHECK(text(conn, "select s1_id_list from hrsi.sws_wds_jobs where job_id = $1", id) ==
          slice_name(1) + ";" + slice_name(2));
    check_one_master_per_assembly(conn);
    // The manifests' copies are gone.
    for (auto const& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
        CHECK_FALSE(entry.path().filename().string().starts_with("hrsi-manifests-"));
    }
}
