// SPDX-License-Identifier: Apache-2.0
// The RLIE-S1 worker against a real database, real files (and the S3 server) and the sample
// processor (runtime none): the GRD and the auxiliary data staged, the intersection program,
// a DEM per tile, the chain, one product per tile uploaded with its quicklook, metadata
// completed; no intersection: no product; a failed upload leaves no product; each program's
// exit code read.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/amqp/connection.hpp>
#include <hrsi/amqp/url.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/publish/publisher.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <sstream>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;

namespace {

constexpr char const* product_folder = "CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1/2025/01/05";
// The tiles the sample intersection finds for the alps scene (12 of its 13 catalogue tiles).
std::vector<std::string> const alps_products{
    "31TGL", "31TGM", "32TLQ", "32TLR", "32TLS", "32TMQ", "32TMR", "32TMS", "32TMT", "32TNR", "32TNS", "32TNT"};

std::string product_name(std::string const& tile) {
    return fmt::format("RLIE_20250105T054321_S1A_T{}_V100_1", tile);
}

// RLIE-S1 jobs from the sample Sentinel-1 products (alps: products; coast: none), the storage
// and the auxiliary data under `root`, the sample processor as both programs.
struct S1Chain {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-worker-rlies1"};
    util::Log log{"test", -1};

    S1Chain() {
        auto const answer = root.path() / "answer.json";
        auto const command = fmt::format(
            "'{}/tests/sample-products/make-sample-s1-products' --scenes alps,coast --aux '{}' '{}' > '{}' 2>/dev/null",
            HRSI_SOURCE_DIR, (root.path() / "aux").string(), (root.path() / "eodata").string(), answer.string());
        REQUIRE(std::system(command.c_str()) == 0);
        std::istringstream in(read_file(answer));
        tiles::TileSource tiles(std::string(HRSI_SOURCE_DIR) + "/data/eea39", {});
        jobs::CreationOptions options;
        options.tiles = &tiles;
        REQUIRE(jobs::create_jobs(conn, jobs::find_job_type("rlies1_job"), in, options, log).created == 2);
        set("eodata_storage_url", "file://" + (root.path() / "eodata").string());
        set("products_storage_url", (root.path() / "products").string());
        set("results_storage_url", (root.path() / "results").string());
        set("aux_storage_url", "file://" + (root.path() / "aux").string());
        programs();
    }
    void set(std::string const& name, std::string const& value) { db::set_system_parameter(conn, name, value); }
    void programs(std::string const& intersection = "", std::string const& chain = "") {
        auto command = [](std::string const& arguments) {
            std::string text = fmt::format(R"(["{}")", HRSI_SAMPLE_PROCESSOR);
            std::istringstream words(arguments);
            for (std::string word; words >> word;) text += fmt::format(R"(, "{}")", word);
            return text + R"(, "/work/parameters.json"])";
        };
        set("command_for_rlies1_intersection", command("--step intersection " + intersection));
        set("command_for_rlies1_processing", command(chain));
    }
    std::int64_t job(std::string const& scene_time) {
        return conn
            .query("select job_id from hrsi.rlies1_jobs where s1grd_id like $1",
                   fmt::format("S1A_IW_GRDH_1SDV_20250105T{}%", scene_time))
            .get_int(0, 0);
    }
    std::int64_t alps() { return job("054321"); }
    std::int64_t coast() { return job("182516"); }
    worker::WorkerOptions options(std::int64_t job_id) const {
        worker::WorkerOptions options;
        options.job_id = job_id;
        options.conninfo = database.conninfo();
        options.work_root = root.path() / "work";
        options.aux_cache = root.path() / "aux-cache";
        options.runtime = containers::Runtime::none;
        options.heartbeat_interval = std::chrono::milliseconds(200);
        options.wait_for_queued = std::chrono::milliseconds(0);
        return options;
    }
    int run(std::int64_t job_id) { return worker::run_worker(conn, options(job_id), log); }
    std::string column(std::int64_t job_id, std::string const& name) {
        auto result = conn.query(fmt::format("select {}::text from hrsi.rlies1_jobs_view where id = $1", name), job_id);
        return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
    }
    std::string last_status(std::int64_t job_id) {
        auto result = conn.query(
            "select s.name || coalesce('[' || c.error_subtype || ']', '') from hrsi.job_status_changes c "
            "join hrsi.job_status s on s.id = c.status where c.job_id = $1 order by c.id desc limit 1",
            job_id);
        return std::string(result.get(0, 0));
    }
    // The last error status written, with its subtype: "internal_error[SIP unrecoverable error]".
    std::string last_error(std::int64_t job_id) {
        auto result = conn.query(
            "select s.name || coalesce('[' || c.error_subtype || ']', '') from hrsi.job_status_changes c "
            "join hrsi.job_status s on s.id = c.status where c.job_id = $1 and c.status in (13, 14) "
            "order by c.id desc limit 1",
            job_id);
        return result.rows() == 0 ? "(none)" : std::string(result.get(0, 0));
    }
    std::string last_error_message(std::int64_t job_id) {
        auto result = conn.query(
            "select coalesce(error_message, '') from hrsi.job_status_changes where job_id = $1 and status in (13, 14) "
            "order by id desc limit 1",
            job_id);
        return result.rows() == 0 ? "" : std::string(result.get(0, 0));
    }
    bool work_folders_left() const {
        auto const jobs_folder = root.path() / "work" / "jobs";
        return fs::exists(jobs_folder) && !fs::is_empty(jobs_folder);
    }
};

std::vector<std::string> folders_under(fs::path const& folder) {
    std::vector<std::string> names;
    if (!fs::exists(folder)) return names;
    for (auto const& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> expected_names() {
    std::vector<std::string> names;
    for (auto const& tile : alps_products) names.push_back(product_name(tile));
    return names;
}

}  // namespace

TEST_CASE("worker: RLIE-S1 end to end on file:// storage, one product per tile", "[worker][rlies1]") {
    S1Chain chain;
    auto const job = chain.alps();
    CHECK(chain.run(job) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(job) == "processed");
    auto const products = chain.root.path() / "products";
    CHECK(folders_under(products / product_folder) == expected_names());
    for (auto const& tile : alps_products) {
        INFO(tile);
        auto const name = product_name(tile);
        auto const folder = products / product_folder / name;
        CHECK(fs::exists(folder / (name + "_RLIE.tif")));
        CHECK(fs::exists(folder / (name + "_QC.tif")));
        CHECK(fs::exists(folder / (name + "_QCFLAGS.tif")));
        CHECK(fs::exists(folder / (name + "_MTD.xml")));
        // The quicklook and the metadata do not go with the product.
        CHECK_FALSE(fs::exists(folder / (name + "_QLK.png")));
        CHECK_FALSE(fs::exists(folder / "dias_catalog_submit.json"));
        CHECK(read_file(products / "Preview" / product_folder / name / "thumbnail.png").substr(1, 3) == "PNG");
        // Recorded: the path as published and the metadata completed.
        auto const path = fmt::format("/eodata/HRSI/{}/{}", product_folder, name);
        CHECK(chain.column(job, fmt::format("rlies1_product_paths_json->>'{}'", name)) == path);
        auto const properties = fmt::format("rlies1_product_json_submitted_json->'{}'->'resto'->'properties'", name);
        CHECK(chain.column(job, properties + "->>'productIdentifier'") == path);
        CHECK(chain.column(job, properties + "->>'thumbnail'") ==
              fmt::format("Preview/{}/{}/thumbnail.png", product_folder, name));
        CHECK(chain.column(job, properties + "->>'s3_bucket'") == "HRSI");
        CHECK(chain.column(job, properties + "->>'host_base'") == "s3.waw2-1.cloudferro.com");
        CHECK(chain.column(job, properties + "->>'mission'") == "S1");
    }
    CHECK(chain.column(job, "rlies1_products_completion_date") != "NULL");
    CHECK(chain.column(job, "output_path") ==
          (products / product_folder / product_name(alps_products.front())).string());
    // The auxiliary data went through the host's cache: the static tar and 12 DEMs, not 13
    // (the DEM of a tile the intersection did not find is not fetched).
    auto const cached = folders_under(chain.root.path() / "aux-cache" / "data");
    CHECK(cached.size() == 13);
    CHECK_FALSE(chain.work_folders_left());

    SECTION("the publication documents, one per product") {
        auto jobs = jobs::load_jobs(chain.conn, jobs::find_job_type("rlies1_job"), {job});
        REQUIRE(jobs.size() == 1);
        auto const documents = jobs.front()->get_products_publication_jsons(db::load_system_parameters(chain.conn));
        CHECK(documents.skipped.empty());
        REQUIRE(documents.products.size() == alps_products.size());
        rapidjson::Document first;
        first.Parse(documents.products.front().json.c_str());
        CHECK(first["resto"]["properties"]["title"].GetString() == product_name("31TGL"));
        CHECK(first["resto"]["properties"]["resourceSize"].GetInt64() % 1024 == 0);
    }
    SECTION("published to the broker: one message per product, mission S1, the dates recorded") {
        char const* url = std::getenv("HRSI_TEST_AMQP");
        if (url == nullptr || *url == '\0') {
            FAIL("HRSI_TEST_AMQP is not set: start the private RabbitMQ with `scripts/local-services up` and load "
                 "its settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
        }
        auto const name = fmt::format("hrsi-test-rlies1-{}-{}", ::getpid(), chain.database.name());
        publish::PublishOptions options;
        options.broker.url = url;
        options.broker.exchange = name;
        options.broker.queue = name;
        options.broker.confirm_timeout = std::chrono::seconds(10);
        options.broker.connect_timeout = std::chrono::seconds(3);
        options.types = {"rlies1_job"};
        std::ostringstream out;
        auto const counts = publish::run_publish(chain.conn, options, chain.log, out);
        CHECK(counts.published == 1);
        CHECK(counts.messages == static_cast<std::int64_t>(alps_products.size()));
        CHECK(chain.column(job, "last_status_name") == "done");
        CHECK(chain.column(job, "rlies1_products_publication_date") != "NULL");
        CHECK(chain.column(job, "output_published_at") != "NULL");
        auto reader = amqp::Connection::open(amqp::Url::parse(url));
        std::vector<std::string> titles;
        while (auto message = reader.get(name)) {
            reader.ack(message->delivery_tag);
            rapidjson::Document document;
            document.Parse(message->body.c_str());
            REQUIRE(document.IsObject());
            CHECK(document["resto"]["properties"]["mission"].GetString() == std::string("S1"));
            CHECK(document["resto"]["properties"]["productType"].GetString() == std::string("RLIE"));
            CHECK(message->message_id == document["resto"]["properties"]["title"].GetString());
            titles.push_back(message->message_id);
        }
        reader.delete_queue(name);
        reader.delete_exchange(name);
        std::sort(titles.begin(), titles.end());
        CHECK(titles == expected_names());
        CHECK(chain.conn.query("select count(*) from hrsi.publications where job_id = $1 and product = 'rlies1' "
                               "and confirmed_at is not null", job)
                  .get_int(0, 0) == static_cast<std::int64_t>(alps_products.size()));
    }
}

TEST_CASE("worker: RLIE-S1 without intersection is processed without product", "[worker][rlies1]") {
    S1Chain chain;
    auto const job = chain.coast();
    REQUIRE(chain.column(job, "s2tile_ids_json") == R"(["29SMC", "29SMD", "29SND", "29TME"])");
    CHECK(chain.run(job) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(job) == "processed");
    CHECK(chain.column(job, "rlies1_product_paths_json") == "NULL");
    CHECK(chain.column(job, "rlies1_products_completion_date") != "NULL");
    CHECK_FALSE(fs::exists(chain.root.path() / "products" / "CLMS"));
    // Only the static tar was fetched: no tile, no DEM.
    CHECK(folders_under(chain.root.path() / "aux-cache" / "data").size() == 1);
}

TEST_CASE("worker: RLIE-S1 reads the exit code of each program", "[worker][rlies1]") {
    S1Chain chain;
    auto const job = chain.alps();
    SECTION("a failed intersection fails the job, the chain never runs") {
        chain.programs("--exit-code 3");
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.last_error(job) == "internal_error[SIP unrecoverable error]");
        CHECK_THAT(chain.last_error_message(job), Catch::Contains("intersection: exit code 3"));
    }
    SECTION("a failed chain fails the job and uploads nothing") {
        chain.programs("", "--exit-code 120");
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.last_error(job) == "external_error[SIP expected error]");
        CHECK_THAT(chain.last_error_message(job), Catch::Contains("chain: exit code 120"));
    }
    SECTION("a chain ending 200-207 is processed without product") {
        chain.programs("", "--exit-code 201");
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.last_status(job) == "processed");
    }
    CHECK(chain.column(job, "rlies1_product_paths_json") == "NULL");
    CHECK_FALSE(fs::exists(chain.root.path() / "products" / "CLMS"));
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: RLIE-S1 products are uploaded whole or not at all", "[worker][rlies1]") {
    S1Chain chain;
    auto const job = chain.alps();
    auto const products = chain.root.path() / "products";
    SECTION("an upload fails after eight products: the job leaves none") {
        // The ninth product's quicklook folder is taken by a file: its upload fails after the
        // product itself and the eight before it landed.
        testing::write_file(products / "Preview" / product_folder / product_name("32TMT"), "in the way\n");
        CHECK(chain.run(job) == worker::exit_do_not_run_again);  // a configuration problem: not retried
        CHECK(chain.last_error(job) == "internal_error[Storage is a directory]");
        CHECK(folders_under(products / product_folder).empty());
        CHECK(folders_under(products / "Preview" / product_folder).empty());
    }
    SECTION("one product's metadata is broken: none is uploaded") {
        chain.programs("", "--exit-code 0");
        // The chain's output is checked before any upload: a product without its metadata
        // fails the job before the first upload.
        auto const processor = chain.root.path() / "break-one.sh";
        testing::write_file(processor, fmt::format("#!/bin/sh\n'{}' \"$@\" || exit $?\n"
                                                   "rm \"$(dirname \"$2\")/outputs/data/{}/dias_catalog_submit.json\"\n",
                                                   HRSI_SAMPLE_PROCESSOR, product_name("32TNT")));
        fs::permissions(processor, fs::perms::owner_all);
        chain.set("command_for_rlies1_processing",
                  fmt::format(R"(["{}", "--step", "chain", "/work/parameters.json"])", processor.string()));
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.last_error(job) == "internal_error[Missing infos file]");
        CHECK_FALSE(fs::exists(products / "CLMS"));
        CHECK_FALSE(fs::exists(products / "Preview"));
    }
    CHECK(chain.column(job, "rlies1_product_paths_json") == "NULL");
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: a missing auxiliary object is a clear failure", "[worker][rlies1]") {
    S1Chain chain;
    fs::remove(chain.root.path() / "aux" / "rlie_s1_static_aux.tar.gz");
    auto const job = chain.alps();
    CHECK(chain.run(job) == worker::exit_run_again);
    CHECK(chain.last_error(job) == "external_error[Storage object not found]");
    CHECK_THAT(chain.last_error_message(job), Catch::Contains("rlie_s1_static_aux.tar.gz"));
}

TEST_CASE("worker: RLIE-S1 with every storage on S3", "[worker][rlies1][s3]") {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') {
        FAIL("HRSI_TEST_S3 is not set: start the private S3 server with `scripts/local-services up` and "
             "load its settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    S1Chain chain;
    storage::Storage const s3;
    auto const base = fmt::format("s3://hrsi/worker-rlies1-{}-{}", ::getpid(), chain.database.name());
    s3.copy_out(chain.root.path() / "eodata", storage::Location::parse(base + "/eodata"));
    s3.copy_out(chain.root.path() / "aux", storage::Location::parse(base + "/aux"));
    fs::remove_all(chain.root.path() / "eodata");
    fs::remove_all(chain.root.path() / "aux");
    chain.set("eodata_storage_url", base + "/eodata");
    chain.set("aux_storage_url", base + "/aux");
    chain.set("products_storage_url", base + "/products");
    chain.set("results_storage_url", base + "/results");

    auto const job = chain.alps();
    CHECK(chain.run(job) == worker::exit_do_not_run_again);
    CHECK(chain.last_status(job) == "processed");
    std::vector<std::string> paths;
    for (auto const& entry : s3.list(storage::Location::parse(base + "/products"))) paths.push_back(entry.path);
    // Per product: raster, QC, QC flags, metadata, and the quicklook under Preview/.
    CHECK(paths.size() == 5 * alps_products.size());
    auto const name = product_name("32TLR");
    CHECK(std::find(paths.begin(), paths.end(), fmt::format("{}/{}/{}_RLIE.tif", product_folder, name, name)) !=
          paths.end());
    CHECK(std::find(paths.begin(), paths.end(), fmt::format("Preview/{}/{}/thumbnail.png", product_folder, name)) !=
          paths.end());
    CHECK(chain.column(job, "output_path") ==
          fmt::format("{}/products/{}/{}", base, product_folder, product_name(alps_products.front())));
    CHECK_FALSE(chain.work_folders_left());
    s3.remove(storage::Location::parse(base));
}
