// SPDX-License-Identifier: Apache-2.0
// The RLIE-S1+S2 worker against a real database, real files and the sample processor
// (runtime none): the listed RLIE products staged from the products storage, the static
// auxiliary data through the host's cache, one product uploaded under Ice/RLIE_S1S2/ with its
// quicklook and completed metadata; a product not of the process date fails the job clearly.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <array>
#include <cstdlib>
#include <fstream>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;

namespace {

constexpr char const* theme = "CLMS/Pan-European/High_Resolution_Layers/Ice";
constexpr char const* s1_name = "RLIE_20250105T054321_S1A_T32TLR_V100_1";
constexpr char const* s2_name = "RLIE_20250105T104031_S2A_T32TLR_V102_1";
constexpr char const* product = "RLIE_20250105T104031_S1-S2_T32TLR_V100_1";
constexpr char const* product_folder = "CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1S2/2025/01/05";

jobs::Registry const& registry() {
    return jobs::builtin_job_types();
}

struct S1S2Chain {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-worker-rlies1s2"};
    util::Log log{"test", -1};
    std::int64_t job = 0;

    S1S2Chain() {
        // The static auxiliary data of the RLIE chains.
        auto const command = fmt::format(
            "'{}/tests/sample-products/make-sample-s1-products' --scenes alps --aux '{}' '{}' > /dev/null 2>&1",
            HRSI_SOURCE_DIR, (root.path() / "aux").string(), (root.path() / "eodata").string());
        REQUIRE(std::system(command.c_str()) == 0);
        // The two products on the products storage, as the RLIE and RLIE-S1 workers left them.
        for (auto const& [type, name] : {std::pair{"RLIE_S1", s1_name}, std::pair{"RLIE", s2_name}}) {
            auto const folder = root.path() / "products" / theme / type / "2025/01/05" / name;
            fs::create_directories(folder);
            std::ofstream(folder / (std::string(name) + "_RLIE.tif")) << "stand-in raster of " << name << "\n";
        }
        set("products_storage_url", (root.path() / "products").string());
        set("results_storage_url", (root.path() / "results").string());
        set("aux_storage_url", "file://" + (root.path() / "aux").string());
        set("command_for_rlies1s2_processing", fmt::format(R"(["{}", "/work/parameters.json"])", HRSI_SAMPLE_PROCESSOR));
        jobs::RlieS1S2Job made;
        made.common.name = "rlies1s2_T32TLR_20250105";
        made.common.tile_id = "32TLR";
        made.process_date = util::parse_time("2025-01-05T00:00:00Z");
        made.tile_id_dup = "32TLR";
        made.rlies1_product_paths_json = fmt::format(R"(["/eodata/HRSI/{}/RLIE_S1/2025/01/05/{}"])", theme, s1_name);
        made.rlies2_product_paths_json = fmt::format(R"(["/eodata/HRSI/{}/RLIE/2025/01/05/{}"])", theme, s2_name);
        std::vector<std::unique_ptr<jobs::JobTemplate>> list;
        list.push_back(std::make_unique<jobs::RlieS1S2Job>(made));
        jobs::assign_new_job_ids(conn, list);
        std::array const rows{jobs::NewJob{list.front().get(), {JobStatus::initialized, JobStatus::configured, JobStatus::ready}, {}, {}}};
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
        auto result = conn.query(fmt::format("select {}::text from hrsi.rlies1s2_jobs_view where id = $1", name), job);
        return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
    }
    std::string last_status() {
        auto result = conn.query(
            "select s.name from hrsi.job_status_changes c join hrsi.job_status s on s.id = c.status "
            " where c.job_id = $1 order by c.id desc limit 1",
            job);
        return std::string(result.get(0, 0));
    }
    // The last error written: "internal_error[SIP unrecoverable error]: <message>".
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

TEST_CASE("worker: RLIE-S1+S2 end to end on file:// storage, one product of the process date", "[worker][rlies1s2]") {
    S1S2Chain chain;
    CHECK(chain.run() == worker::exit_do_not_run_again);
    CHECK(chain.last_status() == "processed");
    auto const products = chain.root.path() / "products";
    auto const folder = products / product_folder / product;
    CHECK(fs::exists(folder / (std::string(product) + "_RLIE.tif")));
    CHECK(fs::exists(folder / (std::string(product) + "_MTD.xml")));
    CHECK_FALSE(fs::exists(folder / (std::string(product) + "_QLK.png")));
    CHECK_FALSE(fs::exists(folder / "dias_catalog_submit.json"));
    CHECK(read_file(products / "Preview" / product_folder / product / "thumbnail.png").substr(1, 3) == "PNG");
    auto const path = fmt::format("/eodata/HRSI/{}/{}", product_folder, product);
    CHECK(chain.column("rlies1s2_path") == path);
    CHECK(chain.column("(measurement_date_rlies1s2 = '2025-01-05T10:40:31Z')") == "true");
    CHECK(chain.column("rlies1s2_completion_date") != "NULL");
    CHECK(chain.column("output_path") == folder.string());
    auto const properties = std::string("rlies1s2_json_submitted_json->'resto'->'properties'");
    CHECK(chain.column(properties + "->>'productIdentifier'") == path);
    CHECK(chain.column(properties + "->>'thumbnail'") == fmt::format("Preview/{}/{}/thumbnail.png", product_folder, product));
    CHECK(chain.column(properties + "->>'mission'") == "S1-S2");
    // The static auxiliary data came through the host's cache.
    CHECK(fs::exists(chain.root.path() / "aux-cache" / "data"));

    auto jobs = jobs::load_jobs(chain.conn, registry().find("rlies1s2_job"), {chain.job});
    REQUIRE(jobs.size() == 1);
    auto const documents = jobs.front()->get_products_publication_jsons(db::load_system_parameters(chain.conn));
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 1);
    CHECK(documents.products.front().product == "rlies1s2");
    CHECK(documents.products.front().title == product);
}

TEST_CASE("worker: an RLIE-S1+S2 product not of the process date fails the job, nothing uploaded",
          "[worker][rlies1s2]") {
    S1S2Chain chain;
    chain.conn.query("update hrsi.rlies1s2_jobs set process_date = '2025-01-06T00:00:00Z' where job_id = $1", chain.job);
    chain.run();
    CHECK(chain.last_error() ==
          "internal_error[SIP unrecoverable error]: product RLIE_20250105T104031_S1-S2_T32TLR_V100_1 is dated "
          "2025-01-05, the job merges 2025-01-06 (failed attempt 1 of 3, not worth retrying)");
    CHECK_FALSE(fs::exists(chain.root.path() / "products" / product_folder));
    CHECK(chain.column("rlies1s2_path") == "NULL");
}

TEST_CASE("worker: a listed RLIE product missing from the products storage fails the job", "[worker][rlies1s2]") {
    S1S2Chain chain;
    fs::remove_all(chain.root.path() / "products" / theme / "RLIE");
    chain.run();
    CHECK(chain.last_error().starts_with("external_error[Storage object not found]"));
    CHECK_FALSE(fs::exists(chain.root.path() / "products" / product_folder));
}
