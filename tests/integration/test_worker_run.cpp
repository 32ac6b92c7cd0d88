// SPDX-License-Identifier: Apache-2.0
// hrsi-run-worker's logic against a real database, real files and the sample processor (runtime
// none): the FSC/RLIE chain from staged L1C to uploaded products and L2A, each return-code class,
// the heartbeat, stops, takeovers (fencing), unwritable storage, and the work folder always gone.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/cli/environment.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/job_configuration.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/worker/run_worker.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;
using testing::write_file;

namespace {

constexpr char const* l1c_0105 = "S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T124512";
constexpr char const* l1c_0110 = "S2B_MSIL1C_20250110T103429_N0511_R108_T32TLR_20250110T124512";
constexpr char const* fsc_0105 = "FSC_20250105T103429_S2B_T32TLR_V102_0";
constexpr char const* rlie_0105 = "RLIE_20250105T103429_S2B_T32TLR_V102_0";
constexpr char const* product_folder = "CLMS/Pan-European/High_Resolution_Layers";

// A tile's worth of synthetic L1C under <root>/eodata (tests/sample-products) and the
// catalogue answer for them.
std::string make_products(fs::path const& root, std::string const& options = "") {
    auto const answer = root / "answer.json";
    auto const command = fmt::format("'{}/tests/sample-products/make-sample-products' --tiles 32TLR "
                                     "--dates 2025-01-05,2025-01-10 --size-kib 16 --aux-root '{}' {} '{}' > '{}' "
                                     "2>/dev/null",
                                     HRSI_SOURCE_DIR, (root / "aux").string(), options, (root / "eodata").string(),
                                     answer.string());
    REQUIRE(std::system(command.c_str()) == 0);
    return read_file(answer);
}

// A database with fsc_rlie jobs from the sample products, storage roots under `root`, and the
// sample processor as the program (with `arguments` before its parameter file).
struct Chain {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-worker"};
    util::Log log{"test", -1};

    explicit Chain(std::string const& arguments = "") {
        auto const answer = make_products(root.path());
        std::istringstream in(answer);
        jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, log);
        set("eodata_storage_url", "file://" + (root.path() / "eodata").string());
        set("aux_storage_url", (root.path() / "aux").string());
        set("internal_storage_url", (root.path() / "internal").string());
        set("products_storage_url", (root.path() / "products").string());
        set("results_storage_url", (root.path() / "results").string());
        program(arguments);
    }
    void set(std::string const& name, std::string const& value) {
        db::set_system_parameter(conn, name, value);
    }
    void program(std::string const& arguments) {
        std::string command = fmt::format(R"(["{}")", HRSI_SAMPLE_PROCESSOR);
        std::istringstream words(arguments);
        for (std::string word; words >> word;) command += fmt::format(R"(, "{}")", word);
        set("command_for_si_processing", command + R"(, "/work/parameters.json"])");
    }
    std::int64_t job(std::string const& l1c_id) {
        return conn.query("select job_id from hrsi.fsc_rlie_jobs where l1c_id = $1", l1c_id).get_int(0, 0);
    }
    worker::WorkerOptions options(std::int64_t job_id) const {
        worker::WorkerOptions options;
        options.storage = cli::storage_options_from_environment();
        options.job_id = job_id;
        options.conninfo = database.conninfo();
        options.work_root = root.path() / "work";
        options.runtime = containers::Runtime::none;
        options.heartbeat_interval = std::chrono::milliseconds(200);
        options.wait_for_queued = std::chrono::milliseconds(0);
        return options;
    }
    int run(std::int64_t job_id) { return worker::run_worker(conn, options(job_id), log); }
    std::string column(std::int64_t job_id, std::string const& name) {
        auto result = conn.query(fmt::format("select {}::text from hrsi.fsc_rlie_jobs_view where id = $1", name), job_id);
        return result.is_null(0, 0) ? "NULL" : std::string(result.get(0, 0));
    }
    // The statuses written by the worker, oldest first, as "name[subtype]".
    std::vector<std::string> worker_history(std::int64_t job_id) {
        auto result = conn.query(
            "select s.name || coalesce('[' || c.error_subtype || ']', '') from hrsi.job_status_changes c "
            "join hrsi.job_status s on s.id = c.status where c.job_id = $1 and c.status >= 5 order by c.id",
            job_id);
        std::vector<std::string> statuses;
        for (int r = 0; r < result.rows(); ++r) statuses.emplace_back(result.get(r, 0));
        return statuses;
    }
    std::string last_message(std::int64_t job_id) {
        auto result = conn.query(
            "select coalesce(error_message, '') from hrsi.job_status_changes where job_id = $1 order by id desc limit 1",
            job_id);
        return std::string(result.get(0, 0));
    }
    std::string last_error_message(std::int64_t job_id) {
        auto result = conn.query(
            "select error_message from hrsi.job_status_changes where job_id = $1 and status in (13, 14) "
            "order by id desc limit 1",
            job_id);
        return std::string(result.get(0, 0));
    }
    bool work_folders_left() const {
        auto const jobs_folder = root.path() / "work" / "jobs";
        return fs::exists(jobs_folder) && !fs::is_empty(jobs_folder);
    }
};

std::vector<std::string> const nominal_steps{"started", "pre_processing", "processing", "post_processing"};

std::vector<std::string> steps_then(std::vector<std::string> const& tail) {
    auto steps = nominal_steps;
    steps.insert(steps.end(), tail.begin(), tail.end());
    return steps;
}

// The dispatcher's promotion of configured jobs, done here by hand.
void reconfigure(db::Connection& conn) {
    auto const& type = jobs::builtin_job_types().find("fsc_rlie_job");
    auto waiting = jobs::jobs_with_last_status(conn, type, {JobStatus::configured});
    auto parameters = db::load_system_parameters(conn);
    util::Log log("test", -1);
    jobs::JobContext context{conn, parameters, log, util::now(), {}, false, {}};
    jobs::configure_jobs(type, waiting, context);
}

// Every file under a folder, relative, sorted.
std::vector<std::string> files_under(fs::path const& folder) {
    std::vector<std::string> files;
    if (!fs::exists(folder)) return files;
    for (auto const& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) files.push_back(entry.path().lexically_relative(folder).generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("worker: FSC/RLIE init then nominal, products and L2A on file:// storage", "[worker][fsc]") {
    Chain chain;
    auto const first = chain.job(l1c_0105);
    auto const second = chain.job(l1c_0110);
    REQUIRE(chain.column(first, "last_status_name") == "ready");
    REQUIRE(chain.column(second, "last_status_name") == "configured");

    CHECK(chain.run(first) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(first) == steps_then({"processed"}));
    CHECK(chain.column(first, "attempt") == "1");  // claimed by hand: a new attempt

    // The products, their quicklooks and the L2A, where the reference puts them.
    auto const products = chain.root.path() / "products";
    auto const fsc_object = fmt::format("{}/Snow/FSC/2025/01/05/{}", product_folder, fsc_0105);
    auto const rlie_object = fmt::format("{}/Ice/RLIE/2025/01/05/{}", product_folder, rlie_0105);
    CHECK(files_under(products / fsc_object) ==
          std::vector<std::string>{fmt::format("{}_FSCOG.tif", fsc_0105), fmt::format("{}_FSCTOC.tif", fsc_0105),
                                   fmt::format("{}_MTD.xml", fsc_0105)});
    CHECK(files_under(products / rlie_object).size() == 2);
    CHECK(fs::file_size(products / "Preview" / fsc_object / "thumbnail.png") > 0);
    CHECK(read_file(products / "Preview" / fsc_object / "thumbnail.png").substr(1, 3) == "PNG");
    CHECK(fs::exists(products / "Preview" / rlie_object / "thumbnail.png"));
    auto const l2a_out = fmt::format("/hrsi-sip-data/32TLR/L2A/reference/{}/init", l1c_0105);
    CHECK(chain.column(first, "l2a_path_out") == l2a_out);
    CHECK(files_under(chain.root.path() / "internal" / l2a_out.substr(1)).size() == 1);

    // What the job records: paths as published, metadata for publication, counters, dates.
    CHECK(chain.column(first, "fsc_path") == "/eodata/HRSI/" + fsc_object);
    CHECK(chain.column(first, "rlie_path") == "/eodata/HRSI/" + rlie_object);
    CHECK(chain.column(first, "output_path") == (products / fsc_object).string());
    CHECK(chain.column(first, "l2a_status") == "generated");
    CHECK(chain.column(first, "maja_return_code") == "0");
    CHECK(chain.column(first, "n_l2a_produced_since_last_init") == "1");
    CHECK(chain.column(first, "fsc_completion_date") != "NULL");
    CHECK(chain.column(first, "fsc_infos->'resto'->'properties'->>'productType'") == "FSC");
    CHECK(chain.column(first, "rlie_infos->'resto'->'properties'->>'title'") == rlie_0105);
    CHECK(chain.column(first, "worker_image") == "NULL");  // runtime none: no image
    // dias_catalog_submit.json goes to the database, not to the storage.
    auto const uploaded = files_under(products);
    CHECK(std::none_of(uploaded.begin(), uploaded.end(),
                       [](std::string const& f) { return f.ends_with("dias_catalog_submit.json"); }));
    CHECK_FALSE(chain.work_folders_left());
    CHECK(chain.conn.query("select count(*) from hrsi.worker_heartbeats").get_int(0, 0) == 0);

    // The next job of the tile is promoted and continues from that L2A (nominal).
    reconfigure(chain.conn);
    REQUIRE(chain.column(second, "last_status_name") == "ready");
    CHECK(chain.column(second, "maja_mode") == "nominal");
    CHECK(chain.run(second) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(second) == steps_then({"processed"}));
    CHECK(chain.column(second, "n_l2a_produced_since_last_init") == "2");
    auto const l2a_second = chain.root.path() / "internal" /
                            fmt::format("hrsi-sip-data/32TLR/L2A/reference/{}/nominal", l1c_0110);
    auto const second_files = files_under(l2a_second);
    // The sample processor names the L2A it continued from (staged under inputs/l2a/).
    REQUIRE(std::find_if(second_files.begin(), second_files.end(),
                         [](std::string const& f) { return f.ends_with("previous_l2a.txt"); }) != second_files.end());
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: each return-code class of the program", "[worker][fsc]") {
    SECTION("200-207: processed without product") {
        Chain chain("--exit-code 205");
        auto const job = chain.job(l1c_0105);
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job) == steps_then({"processed"}));
        CHECK(chain.last_message(job) == "exit code 205 (missing band): no product");
        CHECK(chain.column(job, "l2a_status") == "generation_aborted");
        CHECK(chain.column(job, "maja_return_code") == "205");
        CHECK(chain.column(job, "fsc_path") == "NULL");
        CHECK(files_under(chain.root.path() / "products").empty());
        CHECK_FALSE(chain.work_folders_left());
    }
    SECTION("1-99: internal error, retried up to the limit, then final") {
        Chain chain("--exit-code 3");
        auto const job = chain.job(l1c_0105);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job) ==
              std::vector<std::string>{
                  "started", "pre_processing", "processing", "post_processing", "internal_error[SIP unrecoverable error]",
                  "error_checked", "started", "pre_processing", "processing", "post_processing",
                  "internal_error[SIP unrecoverable error]", "error_checked", "started", "pre_processing", "processing",
                  "post_processing", "internal_error[SIP unrecoverable error]"});
        CHECK_THAT(chain.last_message(job), Catch::Contains("failed attempt 3 of 3, no attempt left"));
        // A fourth run finds a final error and leaves the job alone.
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job).size() == 17);
        // Each failed attempt's folder was kept for investigation, without its inputs.
        auto const kept = chain.root.path() / "results" / "work" / "jobs" / chain.column(job, "unique_id") / "attempt-1";
        auto const kept_files = files_under(kept);
        CHECK(std::find(kept_files.begin(), kept_files.end(), "outputs/logs/program.log") != kept_files.end());
        CHECK(std::find(kept_files.begin(), kept_files.end(), "outputs/data/partial.tmp") != kept_files.end());
        CHECK(std::find(kept_files.begin(), kept_files.end(), "parameters.json") != kept_files.end());
        CHECK_FALSE(fs::exists(kept / "inputs"));
        CHECK_FALSE(chain.work_folders_left());
        // An operator's relaunch gives the job its retry budget again.
        jobs::set_job_status(chain.conn, job, JobStatus::error_checked, {std::string("Operator relaunch"), {}, {}});
        jobs::set_job_status(chain.conn, job, JobStatus::ready);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK_THAT(chain.last_error_message(job), Catch::Contains("failed attempt 1 of 3"));
        CHECK(chain.column(job, "attempt") == "2");
    }
    SECTION("100-199: external error, run again") {
        Chain chain("--exit-code 150");
        auto const job = chain.job(l1c_0105);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.worker_history(job) == steps_then({"external_error[SIP expected error]"}));
        // External errors go straight back to started on the next run.
        chain.program("");
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job).back() == "processed");
    }
    SECTION("death by a signal: external error") {
        Chain chain("--signal KILL");
        auto const job = chain.job(l1c_0105);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.worker_history(job) == steps_then({"external_error[SIP expected error]"}));
        CHECK_THAT(chain.last_message(job), Catch::Contains("killed by signal 9"));
        CHECK_FALSE(chain.work_folders_left());
    }
    SECTION("time limit: external error") {
        Chain chain("--hang");
        auto const job = chain.job(l1c_0105);
        auto options = chain.options(job);
        options.time_limit = std::chrono::seconds(1);
        auto const start = std::chrono::steady_clock::now();
        CHECK(worker::run_worker(chain.conn, options, chain.log) == worker::exit_run_again);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
        CHECK(chain.worker_history(job) == steps_then({"external_error[SIP expected error]"}));
        CHECK_THAT(chain.last_message(job), Catch::Contains("timed out"));
        CHECK_FALSE(chain.work_folders_left());
    }
    SECTION("a program that cannot be started: final internal error, not retried") {
        Chain chain;
        chain.set("command_for_si_processing", R"(["/nonexistent/processor", "/work/parameters.json"])");
        auto const job = chain.job(l1c_0105);
        CHECK(chain.run(job) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job) == std::vector<std::string>{"started", "pre_processing", "processing",
                                                                    "internal_error[Program not found]"});
        CHECK_THAT(chain.last_message(job), Catch::Contains("not worth retrying"));
    }
}

TEST_CASE("worker: a missing input product is an external error, run again", "[worker][fsc]") {
    Chain chain;
    auto const job = chain.job(l1c_0105);
    fs::remove_all(chain.root.path() / "eodata" / "Sentinel-2");
    CHECK(chain.run(job) == worker::exit_run_again);
    CHECK(chain.worker_history(job) ==
          std::vector<std::string>{"started", "pre_processing", "external_error[Storage object not found]"});
    CHECK_THAT(chain.last_message(job), Catch::Contains(l1c_0105));
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: a tile whose auxiliary data has the nodata marker gets no RLIE (reference §5.5)",
          "[worker][fsc][aux]") {
    Chain chain;
    // The same products, with eu_hydro/shapefile/nodata in the tile's auxiliary tar.
    make_products(chain.root.path(), "--no-rlie 32TLR");
    auto const job = chain.job(l1c_0105);
    auto options = chain.options(job);
    options.keep_work_folder = true;
    REQUIRE(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(job) == steps_then({"processed"}));
    CHECK(chain.column(job, "fsc_path") != "NULL");
    CHECK(chain.column(job, "rlie_path") == "NULL");
    CHECK(chain.column(job, "rlie_infos") == "NULL");
    CHECK_FALSE(fs::exists(chain.root.path() / "products" / product_folder / "Ice"));
    auto const folder = chain.root.path() / "work" / "jobs" / chain.column(job, "unique_id");
    rapidjson::Document parameters;
    parameters.Parse(read_file(folder / "parameters.json").c_str());
    auto const& fsc = parameters["fsc_rlie"];
    CHECK_FALSE(fsc["generate_ice_product"].GetBool());
    CHECK(fsc["river_shapefile"].IsNull());
    CHECK(fsc["hrl_flags_file"].GetString() ==
          (folder / "inputs/aux/32TLR/hrl_qc_flags/hrl_qc_flags_32TLR.tif").string());
    CHECK_THAT(read_file(folder / "outputs/logs/worker.log"),
               Catch::Contains("no RLIE for tile 32TLR: its auxiliary data has eu_hydro/shapefile/nodata"));
    CHECK_THAT(read_file(folder / "outputs/logs/program.log"), Catch::Contains("(no RLIE for this tile)"));
}

TEST_CASE("worker: a missing or corrupt auxiliary tar fails the job, naming it", "[worker][fsc][aux]") {
    Chain chain;
    auto const job = chain.job(l1c_0105);
    auto const tar = chain.root.path() / "aux" / "csi_aux" / "csi_aux_32TLR.tar";
    SECTION("missing: external, run again") {
        fs::remove(tar);
        CHECK(chain.run(job) == worker::exit_run_again);
        CHECK(chain.worker_history(job) ==
              std::vector<std::string>{"started", "pre_processing", "external_error[Storage object not found]"});
    }
    SECTION("corrupt: internal") {
        auto const whole = read_file(tar);
        write_file(tar, std::string(whole.size(), 'x'));
        CHECK(chain.run(job) == worker::exit_run_again);
        auto const history = chain.worker_history(job);
        REQUIRE(history.size() >= 3);
        CHECK(history[2] == "internal_error[Auxiliary data corrupt]");  // then checked automatically
        CHECK_THAT(chain.last_error_message(job), Catch::Contains("does not list"));
        CHECK(fs::is_empty(chain.root.path() / "work" / "aux-cache" / "data"));
    }
    CHECK_THAT(chain.last_error_message(job), Catch::Contains("auxiliary object csi_aux/csi_aux_32TLR.tar"));
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: four hrsi-run-worker processes at once on one host download the tile's auxiliary tar once",
          "[worker][fsc][aux]") {
    Chain chain;
    // Three more dates of 32TLR: their jobs wait (configured) for the one before. An operator
    // starts each as its own time series (MAJA init) so that all four can run at once.
    auto const answer = make_products(chain.root.path(), "--dates 2025-01-05,2025-04-05,2025-07-05,2025-10-05");
    std::istringstream in(answer);
    jobs::create_jobs(chain.conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, chain.log);
    auto const waiting = chain.conn.query(
        "select f.job_id from hrsi.fsc_rlie_jobs f join hrsi.jobs j on j.id = f.job_id "
        "where j.last_status = 2 and f.measurement_date > '2025-02-01' order by f.job_id");
    REQUIRE(waiting.rows() == 3);
    std::vector<std::int64_t> ids{chain.job(l1c_0105)};
    for (int r = 0; r < waiting.rows(); ++r) {
        auto const id = waiting.get_int(r, 0);
        chain.conn.query("update hrsi.fsc_rlie_jobs set maja_mode = 'init', l2a_path_out = "
                         "'/hrsi-sip-data/32TLR/L2A/reference/' || l1c_id || '/init' where job_id = $1",
                         id);
        jobs::set_job_status(chain.conn, id, JobStatus::ready, {});
        ids.push_back(id);
    }
    std::vector<pid_t> workers;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto const log = chain.root.path() / fmt::format("worker-{}.log", i);
        pid_t const child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            auto const id = std::to_string(ids[i]);
            auto const work = (chain.root.path() / "work").string();
            auto const conninfo = chain.database.conninfo();
            int const fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) ::dup2(fd, 2);
            ::execl(HRSI_RUN_WORKER, HRSI_RUN_WORKER, "--db", conninfo.c_str(), "--runtime", "none", "--work-root",
                    work.c_str(), id.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        workers.push_back(child);
    }
    std::string logs;
    for (std::size_t i = 0; i < workers.size(); ++i) {
        int status = 0;
        REQUIRE(::waitpid(workers[i], &status, 0) == workers[i]);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        logs += read_file(chain.root.path() / fmt::format("worker-{}.log", i));
    }
    for (auto const id : ids) CHECK(chain.worker_history(id) == steps_then({"processed"}));
    auto count = [&logs](std::string const& what) {
        std::size_t n = 0;
        for (auto at = logs.find(what); at != std::string::npos; at = logs.find(what, at + 1)) ++n;
        return n;
    };
    CAPTURE(logs);
    CHECK(count("auxiliary cache: downloading csi_aux%2Fcsi_aux_32TLR.tar@1") == 1);
    CHECK(count("auxiliary object csi_aux/csi_aux_32TLR.tar (version 1): staged from") == 4);
    CHECK(fs::exists(chain.root.path() / "work" / "aux-cache" / "data" / "csi_aux%2Fcsi_aux_32TLR.tar@1"));
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: unwritable output storage fails the job and uploads nothing half", "[worker][fsc]") {
    Chain chain;
    auto const job = chain.job(l1c_0105);
    // The RLIE destination's folder is a file: the FSC upload succeeds, the RLIE one cannot.
    auto const products = chain.root.path() / "products";
    write_file(products / product_folder / "Ice", "not a folder");
    CHECK(chain.run(job) == worker::exit_do_not_run_again);  // a configuration problem: not retried
    CHECK(chain.worker_history(job) == steps_then({"internal_error[Storage is a directory]"}));
    // The FSC landed whole; of the RLIE, nothing: no partial file or folder anywhere.
    auto const files = files_under(products);
    auto const fsc_object = fmt::format("{}/Snow/FSC/2025/01/05/{}", product_folder, fsc_0105);
    CHECK(std::count_if(files.begin(), files.end(),
                        [&](std::string const& f) { return f.starts_with(fsc_object + "/"); }) == 3);
    CHECK(std::none_of(files.begin(), files.end(), [](std::string const& f) {
        return f.find("partial") != std::string::npos || f.find("RLIE") != std::string::npos;
    }));
    CHECK(chain.column(job, "rlie_path") == "NULL");  // nothing recorded for a failed job
    CHECK(chain.column(job, "fsc_path") == "NULL");
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: heartbeat while processing, stop request, takeover by another attempt", "[worker][fsc]") {
    Chain chain("--sleep 30");
    auto const job = chain.job(l1c_0105);

    auto wait_for = [&](std::string const& status) {
        auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (chain.column(job, "last_status_name") != status) {
            if (std::chrono::steady_clock::now() > deadline) FAIL("job never reached " + status);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    };

    SECTION("a stop request ends the program and records the interruption") {
        std::stop_source stop;
        auto const start = std::chrono::steady_clock::now();
        auto running = std::async(std::launch::async, [&] {
            auto conn = chain.database.connect();
            return worker::run_worker(conn, chain.options(job), chain.log, stop.get_token(),
                                      [] { return std::string("SIGTERM"); });
        });
        wait_for("processing");
        // The heartbeat says who runs the job, and where.
        auto const beat = chain.conn.query(
            "select attempt, pid, host <> '', status, beat_at > now() - interval '1 minute' "
            "from hrsi.worker_heartbeats where job_id = $1",
            job);
        REQUIRE(beat.rows() == 1);
        CHECK(beat.get_int(0, 0) == 1);
        CHECK(beat.get_int(0, 1) == ::getpid());
        CHECK(beat.get(0, 2) == "t");
        CHECK(beat.get(0, 4) == "t");
        stop.request_stop();
        CHECK(running.get() == worker::exit_run_again);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
        CHECK(chain.worker_history(job) ==
              std::vector<std::string>{"started", "pre_processing", "processing", "external_error[Worker interrupted]"});
        CHECK_THAT(chain.last_message(job), Catch::Contains("SIGTERM"));
        CHECK(chain.conn.query("select count(*) from hrsi.worker_heartbeats").get_int(0, 0) == 0);
        CHECK_FALSE(chain.work_folders_left());
    }
    SECTION("a job given to another attempt stops the program and records nothing (fencing)") {
        auto running = std::async(std::launch::async, [&] {
            auto conn = chain.database.connect();
            return worker::run_worker(conn, chain.options(job), chain.log);
        });
        wait_for("processing");
        // What the monitor does to a worker it gave up for dead: a new attempt owns the job.
        chain.conn.query("update hrsi.jobs set attempt = attempt + 1 where id = $1", job);
        CHECK(running.get() == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(job) == std::vector<std::string>{"started", "pre_processing", "processing"});
        // The folder (same path for every attempt) is left to the attempt that owns the job now,
        // which empties it before use: removing it could pull it from under that attempt.
        CHECK(chain.work_folders_left());
    }
}

TEST_CASE("worker: jobs a worker must leave alone", "[worker][fsc]") {
    Chain chain;
    auto const first = chain.job(l1c_0105);
    auto const waiting = chain.job(l1c_0110);

    SECTION("configured: not ready to run") {
        CHECK(chain.run(waiting) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(waiting).empty());
    }
    SECTION("a stale attempt is refused") {
        auto options = chain.options(first);
        options.attempt = 5;
        CHECK(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(first).empty());
    }
    SECTION("a second worker of the same attempt is refused") {
        CHECK(chain.run(first) == worker::exit_do_not_run_again);
        auto const written = chain.worker_history(first).size();
        auto options = chain.options(first);
        options.attempt = 1;
        CHECK(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(first).size() == written);
    }
    SECTION("--dry-run describes and writes nothing") {
        auto options = chain.options(first);
        options.dry_run = true;
        std::ostringstream plan;
        CHECK(worker::run_worker(chain.conn, options, chain.log, {}, {}, &plan) == worker::exit_do_not_run_again);
        CHECK_THAT(plan.str(), Catch::Contains("a worker would take it"));
        CHECK_THAT(plan.str(), Catch::Contains(std::string(l1c_0105) + ".SAFE"));
        CHECK_THAT(plan.str(), Catch::Contains(HRSI_SAMPLE_PROCESSOR));
        CHECK(chain.column(first, "attempt") == "0");
        CHECK(chain.worker_history(first).empty());
    }
}

TEST_CASE("worker: the parameter file the program gets", "[worker][fsc]") {
    Chain chain;
    auto const job = chain.job(l1c_0105);
    auto options = chain.options(job);
    options.keep_work_folder = true;
    REQUIRE(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
    auto const folder = chain.root.path() / "work" / "jobs" / chain.column(job, "unique_id");
    rapidjson::Document parameters;
    auto const text = read_file(folder / "parameters.json");
    parameters.Parse(text.c_str());
    REQUIRE(parameters.IsObject());
    CHECK(parameters["job"]["id"].GetInt64() == job);
    CHECK(parameters["job"]["type"].GetString() == std::string("fsc_rlie_job"));
    CHECK(parameters["job"]["attempt"].GetInt() == 1);
    // Runtime none: the program sees host paths (a container would see /work/...).
    CHECK(parameters["work_folder"].GetString() == folder.string());
    CHECK(parameters["inputs"][0].GetString() == (folder / "inputs/l1c" / (std::string(l1c_0105) + ".SAFE")).string());
    auto const& fsc = parameters["fsc_rlie"];
    CHECK(fsc["tile_id"].GetString() == std::string("32TLR"));
    CHECK(fsc["maja_mode"].GetString() == std::string("init"));
    CHECK(fsc["l2a_file"].IsNull());
    CHECK(fsc["product_quality_flag"].GetInt() == 0);
    CHECK(fsc["max_cloud_cover_rate"].GetInt() == 90);
    // The tile's auxiliary data, extracted from csi_aux/csi_aux_32TLR.tar (reference §5.5).
    auto const aux = folder / "inputs/aux/32TLR";
    CHECK(fsc["generate_ice_product"].GetBool());
    CHECK(fsc["dem_dir"].GetString() == (aux / "eu_dem/S2__TEST_AUX_REFDE2_T32TLR_0001").string());
    CHECK(fsc["tree_cover_density"].GetString() == (aux / "tree_cover_density/TCD_32TLR.tif").string());
    CHECK(fsc["water_mask"].GetString() == (aux / "eu_hydro/raster/20m/eu_hydro_20m_32TLR.tif").string());
    CHECK(fsc["river_shapefile"].GetString() == (aux / "eu_hydro/shapefile/eu_hydro_32TLR.shp").string());
    CHECK(fsc["hrl_flags_file"].GetString() == (aux / "hrl_qc_flags/hrl_qc_flags_32TLR.tif").string());
    CHECK(fs::is_regular_file(aux / "tree_cover_density/TCD_32TLR.tif"));
    CHECK(fs::exists(folder / "outputs/logs/worker.log"));
    CHECK_THAT(read_file(folder / "outputs/logs/program.log"), Catch::Contains("sample processor: done"));
}

TEST_CASE("worker: FSC/RLIE and test jobs with every storage on S3", "[worker][fsc][s3]") {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') {
        FAIL("HRSI_TEST_S3 is not set: start the private S3 server with `scripts/local-services up` and "
             "load its settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    Chain chain;
    storage::Storage const s3(cli::storage_options_from_environment());
    auto const base = fmt::format("s3://hrsi/worker-{}-{}", ::getpid(), chain.database.name());
    // The catalogue's /eodata/... now lives on S3.
    s3.copy_out(chain.root.path() / "eodata", storage::Location::parse(base + "/eodata"));
    fs::remove_all(chain.root.path() / "eodata");
    s3.copy_out(chain.root.path() / "aux", storage::Location::parse(base + "/aux"));
    fs::remove_all(chain.root.path() / "aux");
    chain.set("eodata_storage_url", base + "/eodata");
    chain.set("aux_storage_url", base + "/aux");
    chain.set("internal_storage_url", base + "/internal");
    chain.set("products_storage_url", base + "/products");
    chain.set("results_storage_url", base + "/results");

    auto const job = chain.job(l1c_0105);
    CHECK(chain.run(job) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(job) == steps_then({"processed"}));
    auto const fsc_object = fmt::format("{}/Snow/FSC/2025/01/05/{}", product_folder, fsc_0105);
    auto const products = s3.list(storage::Location::parse(base + "/products"));
    std::vector<std::string> paths;
    for (auto const& entry : products) paths.push_back(entry.path);
    CHECK(std::find(paths.begin(), paths.end(), fmt::format("{}/{}_FSCOG.tif", fsc_object, fsc_0105)) != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), fmt::format("Preview/{}/thumbnail.png", fsc_object)) != paths.end());
    CHECK(paths.size() == 7);  // FSC (two rasters) and RLIE: data, metadata, quicklook
    CHECK(chain.column(job, "output_path") == fmt::format("{}/products/{}", base, fsc_object));
    CHECK(s3.exists(storage::Location::parse(
        fmt::format("{}/internal/hrsi-sip-data/32TLR/L2A/reference/{}/init", base, l1c_0105))));
    CHECK_FALSE(chain.work_folders_left());

    SECTION("a test job stages its input from S3") {
        write_file(chain.root.path() / "input.bin", std::string(1 << 20, 'x'));
        s3.copy_out(chain.root.path() / "input.bin", storage::Location::parse(base + "/inputs/input.bin"));
        std::istringstream in(base + "/inputs/input.bin\n");
        jobs::create_jobs(chain.conn, jobs::builtin_job_types().find("test_job"), in, {}, chain.log);
        auto const test_job = chain.conn.query("select id from hrsi.jobs where job_type = 'test_job'").get_int(0, 0);
        chain.set("command_for_test_job_processing",
                  fmt::format(R"(["{}", "/work/parameters.json"])", HRSI_SAMPLE_PROCESSOR));
        auto options = chain.options(test_job);
        options.keep_work_folder = true;
        CHECK(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(test_job) == steps_then({"processed"}));
        auto const folder = chain.root.path() / "work" / "jobs" /
                            std::string(chain.conn.query("select unique_id from hrsi.jobs where id = $1", test_job).get(0, 0));
        CHECK(fs::file_size(folder / "inputs" / "input.bin") == (1u << 20));
        CHECK_THAT(read_file(folder / "outputs/logs/summary.txt"), Catch::Contains("1048576 bytes read"));
    }
    SECTION("a missing products bucket: final internal error, nothing uploaded") {
        auto const second = chain.job(l1c_0110);
        reconfigure(chain.conn);
        chain.set("products_storage_url", "s3://no-such-bucket-hrsi/products");
        CHECK(chain.run(second) == worker::exit_do_not_run_again);
        CHECK(chain.worker_history(second) == steps_then({"internal_error[S3 bucket not found]"}));
        CHECK(s3.list(storage::Location::parse(base + "/products")).size() == 7);  // the first job's only
        CHECK_FALSE(chain.work_folders_left());
    }
    s3.remove(storage::Location::parse(base));
}

TEST_CASE("worker: FSC/RLIE in a real podman container", "[worker][fsc][podman]") {
    if (std::system("podman --version >/dev/null 2>&1") != 0 || !fs::exists("/bin/busybox")) {
        WARN("podman or busybox is not installed (scripts/setup installs them): the real container run is not tested");
        return;
    }
    Chain chain;
    // A minimal image: busybox and the (static) sample processor. Podman on these machines needs
    // runc and low ulimits (SERVICES.md): a private configuration.
    auto const conf = chain.root.path() / "containers.conf";
    write_file(conf, "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n"
                     "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n");
    ::setenv("CONTAINERS_CONF", conf.c_str(), 1);
    auto const rootfs = chain.root.path() / "rootfs";
    fs::create_directories(rootfs / "bin");
    fs::create_directories(rootfs / "work");
    fs::copy_file("/bin/busybox", rootfs / "bin/busybox");
    fs::create_symlink("busybox", rootfs / "bin/sh");
    fs::copy_file(HRSI_SAMPLE_PROCESSOR, rootfs / "bin/hrsi-sample-processor");
    auto const image = "localhost/hrsi-sample-processor:test";
    REQUIRE(std::system(fmt::format("tar -C '{}' -c . | podman import - {} >/dev/null 2>&1", rootfs.string(), image)
                            .c_str()) == 0);
    chain.set("docker_image_for_si_processing", image);
    chain.set("command_for_si_processing", R"(["/bin/hrsi-sample-processor", "/work/parameters.json"])");

    auto const job = chain.job(l1c_0105);
    auto options = chain.options(job);
    options.runtime = containers::Runtime::podman;
    options.keep_work_folder = true;
    CHECK(worker::run_worker(chain.conn, options, chain.log) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(job) == steps_then({"processed"}));
    CHECK(chain.column(job, "worker_image") == image);
    CHECK(chain.column(job, "fsc_path") ==
          fmt::format("/eodata/HRSI/{}/Snow/FSC/2025/01/05/{}", product_folder, fsc_0105));
    CHECK(fs::exists(chain.root.path() / "products" / product_folder / "Snow/FSC/2025/01/05" / fsc_0105));
    // Inside the container the work folder is /work.
    auto const folder = chain.root.path() / "work" / "jobs" / chain.column(job, "unique_id");
    CHECK_THAT(read_file(folder / "parameters.json"), Catch::Contains(R"("work_folder":"/work")"));
    CHECK_THAT(read_file(folder / "outputs/logs/worker.log"), Catch::Contains("podman run --rm --name hrsi-job-"));
    // The container is gone.
    CHECK(std::system(fmt::format("podman container exists hrsi-job-{}-attempt-1", job).c_str()) != 0);
    std::system(fmt::format("podman rmi -f {} >/dev/null 2>&1", image).c_str());
    ::unsetenv("CONTAINERS_CONF");
}

TEST_CASE("worker: a stop request ends a transfer from S3 at once", "[worker][s3]") {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') FAIL("HRSI_TEST_S3 is not set (scripts/local-services up; env)");
    Chain chain("--hang");
    storage::Storage const s3(cli::storage_options_from_environment());
    auto const base = fmt::format("s3://hrsi/stop-{}-{}", ::getpid(), chain.database.name());
    // A test job whose input is big enough that its download lasts a while.
    write_file(chain.root.path() / "big.bin", std::string(std::size_t{256} << 20, 'x'));
    s3.copy_out(chain.root.path() / "big.bin", storage::Location::parse(base + "/big.bin"));
    fs::remove(chain.root.path() / "big.bin");
    std::istringstream in(base + "/big.bin\n");
    jobs::create_jobs(chain.conn, jobs::builtin_job_types().find("test_job"), in, {}, chain.log);
    auto const job = chain.conn.query("select id from hrsi.jobs where job_type = 'test_job'").get_int(0, 0);
    chain.set("command_for_test_job_processing", R"(["sleep", "30"])");

    std::stop_source stop;
    auto running = std::async(std::launch::async, [&] {
        auto conn = chain.database.connect();
        return worker::run_worker(conn, chain.options(job), chain.log, stop.get_token(),
                                  [] { return std::string("SIGTERM"); });
    });
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    auto status = [&] {  // a test job: not in the FSC/RLIE view
        return chain.conn.query("select last_status from hrsi.jobs where id = $1", job).get_int(0, 0);
    };
    while (status() != 6 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto const stopped_at = std::chrono::steady_clock::now();
    stop.request_stop();
    CHECK(running.get() == worker::exit_run_again);
    CHECK(std::chrono::steady_clock::now() - stopped_at < std::chrono::seconds(5));
    CHECK(chain.worker_history(job) ==
          std::vector<std::string>{"started", "pre_processing", "external_error[Worker interrupted]"});
    CHECK_FALSE(chain.work_folders_left());
    s3.remove(storage::Location::parse(base));
}

TEST_CASE("worker: links a program leaves in its outputs are refused, never followed nor published",
          "[worker][fsc][security]") {
    Chain chain;
    // A host file the program must not be able to publish (in a container it would not even
    // exist: the worker would resolve the link on the host).
    auto const secret = chain.root.path() / "host-secret.json";
    write_file(secret, R"({"resto":{"properties":{"resourceSize":1,"secret":"host-only-8c41"}}})");
    auto hostile = [&](std::string const& replace) {
        // The sample processor, then `replace` run in each FSC product folder ($d, its name $n).
        auto const script = fmt::format("'{}' \"$1\" || exit $?; for d in \"$2\"/FSC_*; do n=${{d##*/}}; {}; done",
                                        HRSI_SAMPLE_PROCESSOR, replace);
        std::string quoted;
        for (char c : script) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        chain.set("command_for_si_processing",
                  fmt::format(R"(["/bin/sh", "-c", "{}", "sh", "/work/parameters.json", "/work/outputs/data"])",
                              quoted));
    };
    auto const job = chain.job(l1c_0105);
    SECTION("a quicklook replaced by a link to a host file") {
        hostile(fmt::format("rm -f \"$d/${{n}}_QLK.png\"; ln -s '{}' \"$d/${{n}}_QLK.png\"", secret.string()));
    }
    SECTION("the metadata file linked to a host JSON file") {
        hostile(fmt::format("rm -f \"$d/dias_catalog_submit.json\"; ln -s '{}' \"$d/dias_catalog_submit.json\"",
                            secret.string()));
    }
    SECTION("a link among the product's files") {
        hostile(fmt::format("ln -s '{}' \"$d/extra.json\"", secret.string()));
    }
    SECTION("a product folder that is itself a link") {
        hostile(fmt::format("mv \"$d\" \"$d.real\"; ln -s \"$d.real\" \"$d\""));
    }
    CHECK(chain.run(job) == worker::exit_do_not_run_again);  // final: the program would do it again
    CHECK(chain.worker_history(job) == steps_then({"internal_error[Program output link refused]"}));
    CHECK_THAT(chain.last_error_message(job), Catch::Contains("symbolic link"));
    CHECK(chain.column(job, "fsc_infos") == "NULL");
    CHECK(chain.column(job, "fsc_path") == "NULL");
    CHECK(files_under(chain.root.path() / "products").empty());
    // The failed folder kept for investigation holds no copy of the host file either.
    for (auto const& file : files_under(chain.root.path() / "results")) {
        CHECK_THAT(read_file(chain.root.path() / "results" / file), !Catch::Contains("host-only-8c41"));
    }
    CHECK_FALSE(chain.work_folders_left());
}

TEST_CASE("worker: an input path leading out of the eodata root is refused at staging", "[worker][security]") {
    Chain chain;
    auto const job = chain.job(l1c_0105);
    auto const input = chain.column(job, "l1c_path");
    std::string path;
    std::string expected;
    SECTION("a '..' component") {
        // Written past creation's own check, as an older hrsi or a hand edit could have left it.
        path = std::string("/eodata/../") + input.substr(std::string("/eodata/").size());
        expected = "'..'";
    }
    SECTION("a link under the root that leads out of it") {
        auto const outside = chain.root.path() / "outside";
        fs::create_directories(outside);
        fs::create_directory_symlink(outside, chain.root.path() / "eodata" / "escape");
        path = "/eodata/escape/x.SAFE";
        expected = "outside the eodata storage root";
    }
    chain.conn.query("update hrsi.fsc_rlie_jobs set l1c_path = $2 where job_id = $1", job, path);
    CHECK(chain.run(job) == worker::exit_do_not_run_again);
    CHECK(chain.worker_history(job) == std::vector<std::string>{"started", "pre_processing",
                                                                "internal_error[Input path error]"});
    CHECK_THAT(chain.last_error_message(job), Catch::Contains(expected));
}
