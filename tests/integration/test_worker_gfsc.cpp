// SPDX-License-Identifier: Apache-2.0
// The GFSC worker against a real database, real files and the sample processor (runtime
// none): the input GFSC staged from the products storage and its metadata read for the
// obsolete inputs (its days not staged), the other inputs staged, the tile's masks and DEM
// through the host's cache, the product the program made read back and uploaded under
// Snow/GFSC/ with its quicklook; a missing input fails the job.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <fstream>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;

namespace {

constexpr char const* snow = "CLMS/Pan-European/High_Resolution_Layers/Snow";
constexpr char const* input_gfsc = "GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600";
constexpr char const* held_fsc = "FSC_20240101T103429_S2B_T32TLR_V102_1";   // in the input GFSC
constexpr char const* new_fsc = "FSC_20240102T103431_S2A_T32TLR_V102_1";
constexpr char const* new_wds = "WDS_20240102T171530_S1A_T32TLR_V101_1";

jobs::Registry const& registry() {
    return jobs::builtin_job_types();
}

struct GfscChain {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-worker-gfsc"};
    util::Log log{"test", -1};
    util::TimePoint curation = util::parse_time("2024-01-02T20:00:00Z");
    std::int64_t job = 0;

    // A product folder with its metadata on the products storage.
    void product(char const* type, char const* day, std::string const& id, std::string const& metadata) {
        auto const folder = root.path() / "products" / snow / type / day / id;
        fs::create_directories(folder);
        std::ofstream(folder / (id + "_MTD.xml")) << metadata;
        std::ofstream(folder / (id + "_RASTER.tif")) << "raster of " << id << "\n";
    }
    void aux(std::string const& key) {
        auto const file = root.path() / "aux" / key;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << "stand-in of " << key << "\n";
    }

    GfscChain() {
        product("GFSC", "2024/01/01", input_gfsc,
                read_file(fs::path(HRSI_SOURCE_DIR) / "tests/data/gfsc" / (std::string(input_gfsc) + "_MTD.xml")));
        product("FSC", "2024/01/01", held_fsc, "<gmd:MD_Metadata/>");
        product("FSC", "2024/01/02", new_fsc, "<gmd:MD_Metadata/>");
        product("WDS", "2024/01/02", new_wds, "<gmd:MD_Metadata/>");
        aux("ssp_aux/V20211119/32TLR/T32TLR_60m_MASK_FOREST_URBAN_WATER_V20211119.tif");
        aux("ssp_aux/V20211119/32TLR/T32TLR_60m_MASK_NON_MOUNTAIN_AREA_V20211119.tif");
        aux("GLO30/DEM_60m_tiles_wgs84/Copernicus_DSM_60m_32TLR_wgs84.tif");
        set("products_storage_url", (root.path() / "products").string());
        set("results_storage_url", (root.path() / "results").string());
        set("aux_storage_url", "file://" + (root.path() / "aux").string());
        set("command_for_gfsc_processing", fmt::format(R"(["{}", "/work/parameters.json"])", HRSI_SAMPLE_PROCESSOR));
        jobs::GfscJob made;
        made.common.tile_id = "32TLR";
        made.common.name = "T32TLR-2024-01-02-20240102T200000-" + std::string(new_wds);
        made.triggering_product_id = new_wds;
        made.triggering_product_publication_date = util::parse_time("2024-01-02T19:00:00Z");
        made.fsc_id_list = {held_fsc, new_fsc};
        made.fsc_publication_date_list = {"2024-01-01T14:00:00Z", "2024-01-02T14:00:00Z"};
        made.fsc_measurement_date_list = {"2024-01-01T10:34:29Z", "2024-01-02T10:34:31Z"};
        made.wds_id_list = {new_wds};
        made.wds_publication_date_list = {"2024-01-02T19:00:00Z"};
        made.wds_measurement_date_list = {"2024-01-02T17:15:30Z"};
        made.gfsc_id_list = {input_gfsc};
        made.product_date = util::parse_time("2024-01-02T00:00:00Z");
        made.curation_timestamp = curation;
        made.aggregation_timespan = 7;
        made.gfsc_id = jobs::gfsc_product_id_template(made.product_date, 7, "32TLR", curation);
        std::vector<std::unique_ptr<jobs::JobTemplate>> list;
        list.push_back(std::make_unique<jobs::GfscJob>(made));
        jobs::assign_new_job_ids(conn, list);
        std::array const rows{
            jobs::NewJob{list.front().get(), {JobStatus::initialized, JobStatus::configured, JobStatus::ready}, {}, {}}};
        jobs::insert_new_jobs(conn, rows);
        job = list.front()->common.id;
    }
    void set(std::string const& name, std::string const& value) { db::set_system_parameter(conn, name, value); }
    int run() {
        worker::WorkerOptions options;
        options.job_id = job;
        options.conninfo = database.conninfo();
        options.work_root = root.path() / "work";
        options.aux_cache = root.path() / "aux-cache";
        options.runtime = containers::Runtime::none;
        options.heartbeat_interval = std::chrono::milliseconds(200);
        options.wait_for_queued = std::chrono::milliseconds(0);
        options.job_types = &registry();
        return worker::run_worker(conn, options, log);
    }
    std::string column(std::string const& name) {
        auto result = conn.query(fmt::format("select {}::text from hrsi.gfsc_jobs_view where id = $1", name), job);
        return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
    }
    std::string last_error() {
        auto result = conn.query(
            "select s.name || coalesce('[' || c.error_subtype || ']', '') || coalesce(': ' || c.error_message, '') "
            "  from hrsi.job_status_changes c join hrsi.job_status s on s.id = c.status "
            " where c.job_id = $1 and c.status in (13, 14) order by c.id desc limit 1",
            job);
        return result.rows() == 0 ? "(none)" : std::string(result.get(0, 0));
    }
};

}  // namespace

TEST_CASE("worker: GFSC end to end on file:// storage, the input GFSC's days obsolete", "[worker][gfsc]") {
    GfscChain chain;
    CHECK(chain.run() == worker::exit_do_not_run_again);
    INFO(chain.last_error());
    CHECK(chain.column("last_status_name") == "processed");
    auto const product = fmt::format("GFSC_20240102-007_S1-S2_T32TLR_V101_{}",
                                     std::chrono::duration_cast<std::chrono::seconds>(chain.curation.time_since_epoch()).count());
    auto const day_folder = fmt::format("{}/GFSC/2024/01/02", snow);
    auto const products = chain.root.path() / "products";
    auto const folder = products / day_folder / product;
    CHECK(fs::exists(folder / (product + "_MTD.xml")));
    CHECK_FALSE(fs::exists(folder / "dias_catalog_submit.json"));
    CHECK_FALSE(fs::exists(folder / "thumbnail.png"));
    CHECK(read_file(products / "Preview" / day_folder / product / "thumbnail.png").substr(1, 3) == "PNG");
    // The FSC of 01-01 is held by the input GFSC: obsolete, not staged; the product holds it
    // through the GFSC's series list and the new inputs.
    CHECK(chain.column("obsolete_product_id_list") == fmt::format(R"(["{}"])", held_fsc));
    auto const metadata = read_file(folder / (product + "_MTD.xml"));
    CHECK(metadata.find(new_fsc) != std::string::npos);
    CHECK(metadata.find(new_wds) != std::string::npos);
    CHECK(metadata.find(held_fsc) != std::string::npos);
    CHECK(chain.column("gfsc_id") == product);
    CHECK(chain.column("missions") == "S1-S2");
    CHECK(chain.column("gfsc_path") == fmt::format("/eodata/HRSI/{}/{}", day_folder, product));
    CHECK(chain.column("output_path") == folder.string());
    CHECK(chain.column("(sensing_start_date = '2024-01-02T00:00:00Z')") == "true");
    CHECK(chain.column("(sensing_end_date = '2024-01-02T17:15:30Z')") == "true");
    CHECK(chain.column("completion_date") != "NULL");
    CHECK(chain.column("gfsc_infos->'resto'->'properties'->>'productIdentifier'") ==
          fmt::format("/eodata/HRSI/{}/{}", day_folder, product));
    // The masks and the DEM came through the host's cache.
    CHECK(fs::exists(chain.root.path() / "aux-cache" / "data"));
}

TEST_CASE("worker: a GFSC input missing from the products storage fails the job", "[worker][gfsc]") {
    GfscChain chain;
    fs::remove_all(chain.root.path() / "products" / snow / "WDS");
    chain.run();
    CHECK(chain.last_error().starts_with("external_error[Storage object not found]"));
    CHECK(chain.column("gfsc_path") == "NULL");
}
