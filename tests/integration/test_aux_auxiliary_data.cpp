// SPDX-License-Identifier: Apache-2.0
// Auxiliary data staged through the host's cache from real storage: a local folder and the test
// S3 server (s3rver through rclone), with the system parameters that say where it lives.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/aux/auxiliary_data.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/child_process.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hrsi;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;

namespace {

std::string test_remote() {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') {
        FAIL("HRSI_TEST_S3 is not set: start the private S3 server with `scripts/local-services up` and load its "
             "settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    return remote;
}

storage::StorageOptions s3_options() {
    storage::StorageOptions options;
    options.s3_remote = test_remote();
    return options;
}

// A tar of `files` (name → content) made by tar itself.
void make_tar(fs::path const& archive, std::map<std::string, std::string> const& files) {
    TempFolder source("hrsi-aux-src");
    util::ChildOptions options;
    options.arguments = {"tar", "-cf", archive.string()};
    for (auto const& [name, content] : files) {
        write_file(source.path() / name, content);
        options.arguments.push_back(name);
    }
    options.working_directory = source.path();
    REQUIRE(util::run_child(options, [](util::OutputStream, std::string_view) {}).exit_code == 0);
}

std::size_t count_in(std::string const& text, std::string const& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
    return count;
}

struct Failure {
    std::string subtype;
    jobs::FailureKind kind = jobs::FailureKind::internal;
    std::string message;
};

Failure failure_of(std::function<void()> const& action) {
    try {
        action();
    } catch (jobs::WorkerFailure const& failure) {
        return {failure.subtype(), failure.kind(), failure.what()};
    }
    return {"(no failure)", jobs::FailureKind::internal, ""};
}

// One worker's view: the host cache under `cache`, objects under `root`, its log in `log_file`.
struct Worker {
    util::Log log;
    storage::Storage storage;
    aux::AuxCache cache;
    aux::AuxiliaryData auxiliary;
    Worker(fs::path const& cache_root, std::string const& root, fs::path const& log_file,
           storage::StorageOptions options = {})
        : log(util::Log("worker", -1).with_copy_to(log_file)), storage(std::move(options)),
          cache({cache_root, 1 << 30}, log), auxiliary(cache, storage::Location::parse(root), "1", storage, log) {}
};

}  // namespace

TEST_CASE("aux: aux_storage_url and aux_data_version are system parameters", "[aux][db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    CHECK(db::get_system_parameter(conn, "aux_storage_url").value == "s3://sip_aux");
    CHECK(db::get_system_parameter(conn, "aux_data_version").value == "1");
    auto roots = jobs::StorageRoots::from(db::load_system_parameters(conn));
    CHECK(roots.auxiliary == "s3://sip_aux");
    db::set_system_parameter(conn, "aux_storage_url", "file:///srv/aux");
    db::set_system_parameter(conn, "aux_data_version", "V20211119");
    roots = jobs::StorageRoots::from(db::load_system_parameters(conn));
    CHECK(roots.auxiliary == "file:///srv/aux");
    CHECK(roots.auxiliary_version == "V20211119");
    CHECK_THROWS_AS(db::set_system_parameter(conn, "aux_storage_url", ""), InputError);
    CHECK_THROWS_AS(db::set_system_parameter(conn, "aux_data_version", "../x"), InputError);
    CHECK(db::system_parameter_history(conn, "aux_data_version").rows() >= 2);
}

TEST_CASE("aux: staging from local storage, hit and miss, extraction into the job", "[aux][storage]") {
    TempFolder folder("hrsi-aux");
    auto const store = folder.path() / "aux";
    make_tar(folder.path() / "csi_aux_32TLR.tar", {{"eu_hydro/shapefile/nodata", ""}, {"eu_dem/dem.tif", "dem"}});
    fs::create_directories(store / "csi_aux");
    fs::rename(folder.path() / "csi_aux_32TLR.tar", store / "csi_aux" / "csi_aux_32TLR.tar");
    Worker worker(folder.path() / "cache", "file://" + store.string(), folder.path() / "worker.log");

    auto const staged = worker.auxiliary.stage("csi_aux/csi_aux_32TLR.tar");
    CHECK(staged.parent_path() == folder.path() / "cache" / "data");
    CHECK(read_file(staged) == read_file(store / "csi_aux" / "csi_aux_32TLR.tar"));
    CHECK(fs::hard_link_count(store / "csi_aux" / "csi_aux_32TLR.tar") == 1);  // a copy: the store is untouched
    CHECK(worker.auxiliary.stage("csi_aux/csi_aux_32TLR.tar") == staged);
    worker.auxiliary.extract(staged, folder.path() / "job");
    CHECK(fs::exists(folder.path() / "job" / "eu_hydro" / "shapefile" / "nodata"));
    CHECK(read_file(folder.path() / "job" / "eu_dem" / "dem.tif") == "dem");

    // Another job (a new AuxiliaryData) on the same host: a hit.
    aux::AuxiliaryData next(worker.cache, storage::Location::parse(store.string()), "1", worker.storage, worker.log);
    CHECK(next.stage("csi_aux/csi_aux_32TLR.tar") == staged);
    auto const log = read_file(folder.path() / "worker.log");
    CHECK(count_in(log, "auxiliary cache: downloading") == 1);
    // A new version is fetched anew.
    CHECK(next.stage("csi_aux/csi_aux_32TLR.tar", "2") != staged);
    CHECK(count_in(read_file(folder.path() / "worker.log"), "auxiliary cache: downloading") == 2);

    auto const copied = next.copy(staged, folder.path() / "job" / "aux.tar");
    CHECK(read_file(copied) == read_file(staged));
    CHECK(fs::hard_link_count(staged) == 1);
}

TEST_CASE("aux: a missing, corrupt or unusable object from local storage is a clear failure", "[aux][storage]") {
    TempFolder folder("hrsi-aux");
    auto const store = folder.path() / "aux";
    write_file(store / "csi_aux" / "csi_aux_99XXX.tar", std::string(3000, 'z'));
    write_file(store / "folder" / "a", "a");
    Worker worker(folder.path() / "cache", store.string(), folder.path() / "worker.log");

    auto const missing = failure_of([&] { (void)worker.auxiliary.stage("csi_aux/csi_aux_00AAA.tar"); });
    CHECK(missing.subtype == "Storage object not found");
    CHECK(missing.kind == jobs::FailureKind::external);
    CHECK_THAT(missing.message, Catch::Contains("auxiliary object csi_aux/csi_aux_00AAA.tar (version 1)"));

    auto const corrupt = failure_of([&] { (void)worker.auxiliary.stage("csi_aux/csi_aux_99XXX.tar"); });
    CHECK(corrupt.subtype == "Auxiliary data corrupt");
    CHECK(corrupt.kind == jobs::FailureKind::internal);
    CHECK_THAT(corrupt.message, Catch::Contains("csi_aux/csi_aux_99XXX.tar") && Catch::Contains("does not list"));
    CHECK(fs::is_empty(folder.path() / "cache" / "data"));
    CHECK(fs::is_empty(folder.path() / "cache" / "tmp"));

    CHECK(failure_of([&] { (void)worker.auxiliary.stage("folder"); }).subtype == "Auxiliary data error");
    CHECK(failure_of([&] { (void)worker.auxiliary.stage("../etc/passwd"); }).subtype == "Auxiliary data error");
}

TEST_CASE("aux: staging from S3, four workers at once on one host download each object once", "[aux][s3]") {
    TempFolder folder("hrsi-aux");
    storage::Storage const storage(s3_options());
    std::random_device random;
    auto const prefix = storage::Location::s3("hrsi", "tests/aux-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(random()));
    make_tar(folder.path() / "static.tar", {{"static/file", std::string(2'000'000, 's')}});
    storage.copy_out(folder.path() / "static.tar", prefix.child("rlie_s1/static.tar"));
    write_file(folder.path() / "dem.tif", std::string(1'000'000, 'd'));
    storage.copy_out(folder.path() / "dem.tif", prefix.child("eu_dem/dem.tif"));
    write_file(folder.path() / "bad.tar.gz", std::string(5000, 'b'));
    storage.copy_out(folder.path() / "bad.tar.gz", prefix.child("bad.tar.gz"));

    std::vector<pid_t> children;
    for (int i = 0; i < 4; ++i) {
        pid_t const child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            int status = 1;
            try {
                Worker worker(folder.path() / "cache", prefix.url(), folder.path() / ("worker" + std::to_string(i) + ".log"),
                              s3_options());
                auto const tar = worker.auxiliary.stage("rlie_s1/static.tar");
                auto const dem = worker.auxiliary.stage("eu_dem/dem.tif");
                worker.auxiliary.extract(tar, folder.path() / ("job" + std::to_string(i)));
                status = fs::file_size(dem) == 1'000'000 ? 0 : 3;
            } catch (std::exception const& error) {
                std::fprintf(stderr, "worker %d: %s\n", i, error.what());
                status = 2;
            }
            ::_exit(status);
        }
        children.push_back(child);
    }
    for (auto const child : children) {
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    std::string logs;
    for (int i = 0; i < 4; ++i) {
        logs += read_file(folder.path() / ("worker" + std::to_string(i) + ".log"));
        CHECK(fs::file_size(folder.path() / ("job" + std::to_string(i)) / "static" / "file") == 2'000'000);
    }
    CHECK(count_in(logs, "auxiliary cache: downloading rlie_s1%2Fstatic.tar@1") == 1);
    CHECK(count_in(logs, "auxiliary cache: downloading eu_dem%2Fdem.tif@1") == 1);
    CHECK(count_in(logs, "staged from s3://") == 8);

    Worker worker(folder.path() / "cache", prefix.url(), folder.path() / "worker.log", s3_options());
    auto const missing = failure_of([&] { (void)worker.auxiliary.stage("eu_dem/none.tif"); });
    CHECK(missing.subtype == "S3 object not found");
    CHECK(missing.kind == jobs::FailureKind::external);
    CHECK_THAT(missing.message, Catch::Contains("eu_dem/none.tif") && Catch::Contains(prefix.url()));
    auto const corrupt = failure_of([&] { (void)worker.auxiliary.stage("bad.tar.gz"); });
    CHECK(corrupt.subtype == "Auxiliary data corrupt");
    CHECK_THAT(corrupt.message, Catch::Contains("auxiliary object bad.tar.gz"));
    storage.remove(prefix);
}
