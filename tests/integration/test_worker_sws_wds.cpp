// SPDX-License-Identifier: Apache-2.0
// The SWS/WDS worker against a real database, real files (and the S3 server) and the sample
// processor (runtime none), with jobs created from the sample datatake (three slices across
// zones 31 and 32): the master stages the slices and the DEM, builds the assembly, uploads it
// to the internal storage and records it; its followers become ready with its path and read
// it; SWS and WDS products uploaded with their quicklooks and the metadata the worker writes;
// every flag of the program's exit codes 0xD0-0xD7.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <set>
#include <tuple>
#include <cstdlib>
#include <sstream>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;

namespace {

// The FSC a WDS job pairs with, on the products storage as fsc_rlie_job publishes it.
constexpr char const* fsc_id = "FSC_20250105T103429_S2B_T32TLR_V102_1";
constexpr char const* fsc_object = "CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2025/01/05/"
                                   "FSC_20250105T103429_S2B_T32TLR_V102_1";
constexpr char const* sws_folder = "CLMS/Pan-European/High_Resolution_Layers/Snow/SWS/2025/01/05";
constexpr char const* wds_folder = "CLMS/Pan-European/High_Resolution_Layers/Snow/WDS/2025/01/05";

struct Job {
    std::int64_t id = 0;
    std::string tile;
    std::string assembly;
    std::int64_t master = 0;
};

struct SwsChain {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-worker-sws-wds"};
    util::Log log{"test", -1};
    jobs::Registry const& registry = jobs::builtin_job_types();

    SwsChain() {
        auto const answer = root.path() / "answer.json";
        auto const command = fmt::format(
            "'{}/tests/sample-products/make-sample-s1-products' --scenes datatake --aux '{}' '{}' > '{}' 2>/dev/null",
            HRSI_SOURCE_DIR, (root.path() / "aux").string(), (root.path() / "eodata").string(), answer.string());
        REQUIRE(std::system(command.c_str()) == 0);
        set("eodata_storage_url", "file://" + (root.path() / "eodata").string());
        set("internal_storage_url", (root.path() / "internal").string());
        set("products_storage_url", (root.path() / "products").string());
        set("results_storage_url", (root.path() / "results").string());
        set("aux_storage_url", "file://" + (root.path() / "aux").string());
        std::istringstream in(read_file(answer));
        tiles::TileSource tiles(std::string(HRSI_SOURCE_DIR) + "/data/eea39", {});
        jobs::CreationOptions options;
        options.tiles = &tiles;
        REQUIRE(jobs::create_jobs(conn, registry.find("sws_wds_job"), in, options, log).created > 0);
        program();
    }
    void set(std::string const& name, std::string const& value) { db::set_system_parameter(conn, name, value); }
    void program(std::string const& arguments = "") {
        std::string text = fmt::format(R"(["{}")", HRSI_SAMPLE_PROCESSOR);
        std::istringstream words(arguments);
        for (std::string word; words >> word;) text += fmt::format(R"(, "{}")", word);
        set("command_for_sws_wds_processing", text + R"(, "/work/parameters.json"])");
    }
    std::vector<Job> all_jobs() {
        auto const rows = conn.query(
            "select job_id, tile_id, assembly_id, assembly_master_job_id from hrsi.sws_wds_jobs order by job_id");
        std::vector<Job> found;
        for (int r = 0; r < rows.rows(); ++r) {
            found.push_back({rows.get_int(r, 0), std::string(rows.get(r, 1)), std::string(rows.get(r, 2)),
                             rows.get_int(r, 3)});
        }
        return found;
    }
    // The job of a tile; its assembly's master and the others.
    Job job_of(std::string const& tile) {
        for (auto const& job : all_jobs()) {
            if (job.tile == tile) return job;
        }
        FAIL("no job for tile " << tile);
        return {};
    }
    Job master_of(Job const& job) {
        if (job.master == 0) return job;
        for (auto const& other : all_jobs()) {
            if (other.id == job.master) return other;
        }
        FAIL("no master " << job.master);
        return {};
    }
    std::vector<Job> followers_of(Job const& master) {
        std::vector<Job> found;
        for (auto const& job : all_jobs()) {
            if (job.master == master.id) found.push_back(job);
        }
        return found;
    }
    // Makes the job a WDS one, with the FSC on the products storage.
    void pair_with_fsc(std::int64_t job) {
        auto const folder = root.path() / "products" / fsc_object;
        testing::write_file(folder / (std::string(fsc_id) + "_FSCTOC.tif"), std::string(4096, 'f'));
        testing::write_file(folder / (std::string(fsc_id) + "_MTD.xml"),
                            "<?xml version=\"1.0\"?>\n<fsc>sample FSC metadata</fsc>\n");
        conn.query("update hrsi.sws_wds_jobs set fsc_id_list = $2, fsc_path_list = $3, "
                   "wds_infos = coalesce(wds_infos, sws_infos), "
                   "assembly_params = jsonb_set(assembly_params, '{generate_wds_product}', 'true') "
                   "where job_id = $1",
                   job, fsc_id, fmt::format("/eodata/HRSI/{}", fsc_object));
    }
    worker::WorkerOptions options(std::int64_t job_id) const {
        worker::WorkerOptions options;
        options.job_id = job_id;
        options.conninfo = database.conninfo();
        options.work_root = root.path() / "work";
        options.aux_cache = root.path() / "aux-cache";
        options.runtime = containers::Runtime::none;
        options.heartbeat_interval = std::chrono::milliseconds(200);
        options.wait_for_queued = std::chrono::milliseconds(0);
        options.job_types = &registry;
        return options;
    }
    int run(std::int64_t job_id) { return worker::run_worker(conn, options(job_id), log); }
    void promote() { (void)dispatch::promote_configured_jobs(conn, registry, {"sws_wds_job"}, log); }
    std::string column(std::int64_t job_id, std::string const& name) {
        auto result = conn.query(fmt::format("select ({})::text from hrsi.sws_wds_jobs_view where id = $1", name), job_id);
        return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
    }
    std::string last_status(std::int64_t job_id) { return column(job_id, "last_status_name"); }
    std::string last_error(std::int64_t job_id) {
        auto result = conn.query(
            "select s.name || coalesce('[' || c.error_subtype || ']', '') from hrsi.job_status_changes c "
            "join hrsi.job_status s on s.id = c.status where c.job_id = $1 and c.status in (13, 14) "
            "order by c.id desc limit 1",
            job_id);
        return result.rows() == 0 ? "(none)" : std::string(result.get(0, 0));
    }
    bool work_folders_left() const {
        auto const jobs_folder = root.path() / "work" / "jobs";
        return fs::exists(jobs_folder) && !fs::is_empty(jobs_folder);
    }
    fs::path products() const { return root.path() / "products"; }
};

std::string sws_name(std::string const& tile) { return fmt::format("SWS_20250105T171530_S1A_T{}_V101_1", tile); }
std::string wds_name(std::string const& tile) { return fmt::format("WDS_20250105T171530_S1A_T{}_V101_1", tile); }

std::vector<std::string> files_under(fs::path const& folder) {
    std::vector<std::string> names;
    if (!fs::exists(folder)) return names;
    for (auto const& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("worker: SWS/WDS jobs of the sample datatake, one master per assembly", "[worker][sws_wds]") {
    SwsChain chain;
    auto const jobs = chain.all_jobs();
    // One job per mountain tile of zones 31 and 32 the slices cover (no FSC: no WDS).
    REQUIRE(jobs.size() >= 2);
    std::set<std::string> masters;
    for (auto const& job : jobs) {
        INFO(job.tile << " " << job.assembly);
        if (job.master == 0) CHECK(masters.insert(job.assembly).second);  // exactly one master each
        CHECK(chain.column(job.id, "last_status_name") == (job.master == 0 ? "ready" : "configured"));
    }
    for (auto const& job : jobs) {
        INFO(job.tile);
        CHECK(masters.count(job.assembly) == 1);
    }
}

TEST_CASE("worker: SWS/WDS master builds the assembly, its followers read it", "[worker][sws_wds]") {
    SwsChain chain;
    auto const tlr = chain.job_of("32TLR");
    REQUIRE(tlr.master > 0);  // in the sample, 32TLR follows the master of its assembly
    auto const master = chain.master_of(tlr);
    chain.pair_with_fsc(tlr.id);
    CHECK(chain.run(master.id) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(master.id) == "processed");

    // The assembly on the internal storage, recorded.
    auto const assembly = fmt::format("/hrsi-sip-data/s1_assembly/s1a/2025/01/05/s1_assembly_{}.tif", master.assembly);
    CHECK(chain.column(master.id, "assembly_path") == assembly);
    CHECK(chain.column(master.id, "assembly_status") == "generated");
    CHECK(chain.column(master.id, "assembly_return_code") == "0");
    CHECK(read_file(chain.root.path() / "internal" / assembly.substr(1)).starts_with("hrsi-sample-processor: S1 assembly"));
    // The master's SWS; no WDS (no FSC on its tile).
    CHECK(fs::exists(chain.products() / sws_folder / sws_name(master.tile)));
    CHECK(chain.column(master.id, "wds_path") == "NULL");
    CHECK(chain.column(tlr.id, "last_status_name") == "configured");  // until the next promotion

    chain.promote();
    CHECK(chain.last_status(tlr.id) == "ready");
    CHECK(chain.column(tlr.id, "assembly_path") == assembly);
    CHECK(chain.run(tlr.id) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(tlr.id) == "processed");
    // It read the master's assembly and made none of its own.
    CHECK(chain.column(tlr.id, "assembly_status") == "pending");

    // SWS and WDS: rasters and metadata with the product, the quicklook under Preview/.
    for (auto const& [folder, name, raster] : {std::tuple{sws_folder, sws_name("32TLR"), "WSM"},
                                               std::tuple{wds_folder, wds_name("32TLR"), "SSC"}}) {
        INFO(name);
        CHECK(files_under(chain.products() / folder / name) ==
              std::vector<std::string>{fmt::format("{}_MTD.xml", name), fmt::format("{}_QC{}.tif", name, raster),
                                       fmt::format("{}_{}.tif", name, raster)});
        CHECK(read_file(chain.products() / "Preview" / folder / name / "thumbnail.png").substr(1, 3) == "PNG");
        auto const metadata = read_file(chain.products() / folder / name / (name + "_MTD.xml"));
        CHECK_THAT(metadata, Catch::Contains(fmt::format("<fileIdentifier>{}</fileIdentifier>", name)));
        CHECK_THAT(metadata, Catch::Contains("<acquisition start=\"2025-01-05T17:15:30"));
        CHECK(metadata.find("${") == std::string::npos);
    }
    CHECK_THAT(read_file(chain.products() / wds_folder / wds_name("32TLR") / (wds_name("32TLR") + "_MTD.xml")),
               Catch::Contains("<fsc>sample FSC metadata</fsc>"));
    CHECK(chain.column(tlr.id, "sws_path") == fmt::format("/eodata/HRSI/{}/{}", sws_folder, sws_name("32TLR")));
    CHECK(chain.column(tlr.id, "wds_path") == fmt::format("/eodata/HRSI/{}/{}", wds_folder, wds_name("32TLR")));
    CHECK(chain.column(tlr.id, "sws_completion_date") != "NULL");
    CHECK(chain.column(tlr.id, "wds_completion_date") != "NULL");
    // The metadata the worker records: the creation's geometry, the size in KiB, the resolution.
    auto const mtd = chain.products() / sws_folder / sws_name("32TLR") / (sws_name("32TLR") + "_MTD.xml");
    auto const size_kib = static_cast<double>(2 * 8192 + fs::file_size(mtd)) / 1024;
    CHECK(std::stod(chain.column(tlr.id, "sws_infos #>> '{resto,properties,resourceSize}'")) == Approx(size_kib));
    CHECK(chain.column(tlr.id, "sws_infos #>> '{resto,properties,resolution}'") == "60");
    CHECK_THAT(chain.column(tlr.id, "sws_infos #>> '{resto,geometry,wkt}'"), Catch::StartsWith("POLYGON"));
    CHECK(chain.column(tlr.id, "wds_infos #>> '{resto,properties,resolution}'") == "60");
    CHECK_FALSE(chain.work_folders_left());

    SECTION("the publication documents: one per product") {
        auto loaded = jobs::load_jobs(chain.conn, chain.registry.find("sws_wds_job"), {tlr.id});
        REQUIRE(loaded.size() == 1);
        auto const documents = loaded.front()->get_products_publication_jsons(db::load_system_parameters(chain.conn));
        CHECK(documents.skipped.empty());
        REQUIRE(documents.products.size() == 2);
        rapidjson::Document sws;
        sws.Parse(documents.products.front().json.c_str());
        CHECK(sws["resto"]["properties"]["title"].GetString() == sws_name("32TLR"));
        CHECK(sws["resto"]["properties"]["resolution"].GetInt() == 60);
        CHECK(sws["resto"]["properties"]["resourceSize"].GetInt64() == 1024 * static_cast<std::int64_t>(size_kib));
    }
    SECTION("every other follower of the assembly too") {
        for (auto const& follower : chain.followers_of(master)) {
            if (follower.id == tlr.id) continue;
            INFO(follower.tile);
            CHECK(chain.last_status(follower.id) == "ready");
            CHECK(chain.run(follower.id) == worker::exit_do_not_run_again);
            CHECK(chain.last_status(follower.id) == "processed");
            CHECK(fs::exists(chain.products() / sws_folder / sws_name(follower.tile)));
        }
    }
}

TEST_CASE("worker: SWS/WDS reads every flag of the exit codes 0xD0-0xD7", "[worker][sws_wds]") {
    SwsChain chain;
    auto const master = chain.master_of(chain.job_of("32TLR"));
    chain.pair_with_fsc(master.id);
    for (int flags = 0; flags <= 7; ++flags) {
        DYNAMIC_SECTION("flags " << flags) {
            chain.program(fmt::format("--flags {}", flags));
            CHECK(chain.run(master.id) == worker::exit_do_not_run_again);
            CHECK(chain.last_status(master.id) == "processed");
            CHECK(chain.column(master.id, "assembly_return_code") == std::to_string(0xD0 + flags));
            bool const empty = (flags & 1) != 0;
            CHECK(chain.column(master.id, "assembly_status") == (empty ? "empty" : "generated"));
            CHECK((chain.column(master.id, "assembly_path") == "NULL") == empty);
            CHECK((chain.column(master.id, "sws_path") == "NULL") == ((flags & 2) != 0));
            CHECK((chain.column(master.id, "wds_path") == "NULL") == ((flags & 4) != 0));
            CHECK(fs::exists(chain.products() / sws_folder / sws_name(master.tile)) == ((flags & 2) == 0));
            CHECK(fs::exists(chain.products() / wds_folder / wds_name(master.tile)) == ((flags & 4) == 0));
            CHECK((chain.column(master.id, "output_path") == "NULL") == ((flags & 6) == 6));
            CHECK_FALSE(chain.work_folders_left());
        }
    }
}

TEST_CASE("worker: SWS/WDS followers of an empty assembly are cancelled", "[worker][sws_wds]") {
    SwsChain chain;
    auto const master = chain.master_of(chain.job_of("32TLR"));
    chain.program("--flags 7");
    CHECK(chain.run(master.id) == worker::exit_do_not_run_again);
    CHECK(chain.column(master.id, "assembly_status") == "empty");
    CHECK(chain.column(master.id, "sws_path") == "NULL");
    chain.promote();
    for (auto const& follower : chain.followers_of(master)) {
        INFO(follower.tile);
        CHECK(chain.last_status(follower.id) == "cancelled");
    }
}

TEST_CASE("worker: SWS/WDS program failures and missing outputs", "[worker][sws_wds]") {
    SwsChain chain;
    auto const master = chain.master_of(chain.job_of("32TLR"));
    SECTION("1-99: internal, retried, nothing uploaded") {
        chain.program("--exit-code 3");
        CHECK(chain.run(master.id) == worker::exit_run_again);
        CHECK(chain.last_error(master.id) == "internal_error[SIP unrecoverable error]");
    }
    SECTION("100-199: external") {
        chain.program("--exit-code 120");
        CHECK(chain.run(master.id) == worker::exit_run_again);
        CHECK(chain.last_error(master.id) == "external_error[SIP expected error]");
    }
    SECTION("250-255: internal, the reference's subtype") {
        chain.program("--exit-code 251");
        CHECK(chain.run(master.id) == worker::exit_run_again);
        CHECK(chain.last_error(master.id) == "internal_error[SIP expected error]");
    }
    SECTION("a product asked for and not written: nothing is uploaded") {
        // 0xD0 says every product is there; the sample leaves out the SWS when told 2.
        auto const processor = chain.root.path() / "lie.sh";
        testing::write_file(processor, fmt::format("#!/bin/sh\n'{}' --flags 2 \"$@\"\nexit 208\n", HRSI_SAMPLE_PROCESSOR));
        fs::permissions(processor, fs::perms::owner_all);
        chain.set("command_for_sws_wds_processing", fmt::format(R"(["{}", "/work/parameters.json"])", processor.string()));
        CHECK(chain.run(master.id) == worker::exit_run_again);
        CHECK(chain.last_error(master.id) == "internal_error[SIP unrecoverable error]");
    }
    CHECK(chain.column(master.id, "sws_path") == "NULL");
    CHECK(chain.column(master.id, "assembly_status") == "pending");
    CHECK_FALSE(fs::exists(chain.products() / "CLMS"));
    CHECK_FALSE(fs::exists(chain.root.path() / "internal" / "hrsi-sip-data"));
}

TEST_CASE("worker: SWS/WDS with a missing mask is a clear failure", "[worker][sws_wds]") {
    SwsChain chain;
    auto const master = chain.master_of(chain.job_of("32TLR"));
    fs::remove(chain.root.path() /
               fmt::format("aux/ssp_aux/V20211119/{0}/T{0}_60m_MASK_FOREST_URBAN_WATER_V20211119.tif", master.tile));
    CHECK(chain.run(master.id) == worker::exit_run_again);
    CHECK(chain.last_error(master.id) == "external_error[Storage object not found]");
}

TEST_CASE("worker: SWS/WDS with every storage on S3", "[worker][sws_wds][s3]") {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') {
        FAIL("HRSI_TEST_S3 is not set: start the private S3 server with `scripts/local-services up` and "
             "load its settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    SwsChain chain;
    auto const tlr = chain.job_of("32TLR");
    auto const master = chain.master_of(tlr);
    chain.pair_with_fsc(tlr.id);
    storage::StorageOptions s3_options;
    s3_options.s3_remote = remote;
    storage::Storage const s3{s3_options};
    auto const base = fmt::format("s3://hrsi/worker-sws-wds-{}-{}", ::getpid(), chain.database.name());
    s3.copy_out(chain.root.path() / "eodata", storage::Location::parse(base + "/eodata"));
    s3.copy_out(chain.root.path() / "aux", storage::Location::parse(base + "/aux"));
    s3.copy_out(chain.products(), storage::Location::parse(base + "/products"));  // the FSC
    fs::remove_all(chain.root.path() / "eodata");
    fs::remove_all(chain.root.path() / "aux");
    fs::remove_all(chain.products());
    chain.set("eodata_storage_url", base + "/eodata");
    chain.set("aux_storage_url", base + "/aux");
    chain.set("products_storage_url", base + "/products");
    chain.set("internal_storage_url", base + "/internal");
    chain.set("results_storage_url", base + "/results");

    CHECK(chain.run(master.id) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(master.id) == "processed");
    std::vector<std::string> paths;
    for (auto const& entry : s3.list(storage::Location::parse(base + "/products"))) paths.push_back(entry.path);
    auto const has = [&](std::string const& path) { return std::find(paths.begin(), paths.end(), path) != paths.end(); };
    CHECK(has(fmt::format("{}/{}/{}_WSM.tif", sws_folder, sws_name(master.tile), sws_name(master.tile))));
    auto const assembly = chain.column(master.id, "assembly_path");
    CHECK(s3.exists(storage::Location::parse(base + "/internal" + assembly)));
    chain.promote();
    for (auto const& follower : chain.followers_of(master)) {
        INFO(follower.tile);
        CHECK(chain.run(follower.id) == worker::exit_do_not_run_again);
        CHECK(chain.last_status(follower.id) == "processed");
    }
    paths.clear();
    for (auto const& entry : s3.list(storage::Location::parse(base + "/products"))) paths.push_back(entry.path);
    CHECK(has(fmt::format("{}/{}/{}_MTD.xml", wds_folder, wds_name("32TLR"), wds_name("32TLR"))));
    CHECK(has(fmt::format("Preview/{}/{}/thumbnail.png", wds_folder, wds_name("32TLR"))));
    CHECK_FALSE(chain.work_folders_left());
    s3.remove(storage::Location::parse(base));
}
