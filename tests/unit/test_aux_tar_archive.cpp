// SPDX-License-Identifier: Apache-2.0
// Tar archives of auxiliary data: listing, extraction, and the members that are refused.
#include "../integration/test_files.hpp"

#include <hrsi/aux/tar_archive.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/child_process.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace hrsi;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;

namespace {

// Runs tar in `folder` with these arguments (GNU tar's -P keeps '..' and '/' in names).
void tar(fs::path const& folder, std::vector<std::string> arguments) {
    util::ChildOptions options;
    options.arguments = {"tar"};
    options.arguments.insert(options.arguments.end(), arguments.begin(), arguments.end());
    options.working_directory = folder;
    auto const result = util::run_child(options, [](util::OutputStream, std::string_view) {});
    REQUIRE(result.exit_code == 0);
}

std::string failure_of(std::function<void()> const& action) {
    try {
        action();
    } catch (jobs::WorkerFailure const& failure) {
        return failure.subtype() + ": " + failure.what() + (failure.retry() ? " (retried)" : " (final)");
    }
    return "(no failure)";
}

}  // namespace

TEST_CASE("aux tar names", "[aux]") {
    CHECK(aux::is_tar_name("csi_aux/csi_aux_32TLR.tar"));
    CHECK(aux::is_tar_name("rlie_s1_static_aux.tar.gz"));
    CHECK(aux::is_tar_name("a.tgz"));
    CHECK_FALSE(aux::is_tar_name("eu_dem/dem_32TLR.tif"));
    CHECK_FALSE(aux::is_tar_name("tar"));
}

TEST_CASE("aux tar archives list and extract, plain or compressed", "[aux]") {
    TempFolder folder("hrsi-aux-tar");
    write_file(folder.path() / "src" / "eu_hydro" / "shapefile" / "nodata", "");
    write_file(folder.path() / "src" / "eu_dem" / "dem.tif", "dem");
    fs::create_symlink("../eu_dem/dem.tif", folder.path() / "src" / "eu_hydro" / "dem_link");
    auto const archive_name = GENERATE(as<std::string>{}, "aux.tar", "aux.tar.gz");
    tar(folder.path() / "src", {archive_name.ends_with(".gz") ? "-czf" : "-cf", "../" + archive_name, "eu_hydro", "eu_dem"});
    auto const archive = folder.path() / archive_name;

    auto const members = aux::list_tar(archive);
    CHECK(std::find(members.begin(), members.end(), "eu_dem/dem.tif") != members.end());
    aux::extract_tar(archive, folder.path() / "job");
    CHECK(fs::exists(folder.path() / "job" / "eu_hydro" / "shapefile" / "nodata"));
    CHECK(read_file(folder.path() / "job" / "eu_hydro" / "dem_link") == "dem");  // a link inside: kept
}

TEST_CASE("aux tar archives that are corrupt do not list", "[aux]") {
    TempFolder folder("hrsi-aux-tar");
    write_file(folder.path() / "src" / "file", std::string(100000, 'x'));
    tar(folder.path() / "src", {"-czf", "../aux.tar.gz", "file"});
    auto const whole = read_file(folder.path() / "aux.tar.gz");
    write_file(folder.path() / "truncated.tar.gz", whole.substr(0, whole.size() / 2));
    write_file(folder.path() / "garbage.tar", std::string(2048, 'g'));
    for (char const* name : {"truncated.tar.gz", "garbage.tar"}) {
        CAPTURE(name);
        auto const failure = failure_of([&] { (void)aux::list_tar(folder.path() / name); });
        CHECK_THAT(failure, Catch::StartsWith("Auxiliary data corrupt: archive ") && Catch::Contains(name) &&
                                Catch::EndsWith("(retried)"));
        CHECK_THAT(failure_of([&] { aux::extract_tar(folder.path() / name, folder.path() / "job"); }),
                   Catch::StartsWith("Auxiliary data corrupt"));
    }
}

TEST_CASE("aux tar archives with members leading out of the folder are refused", "[aux]") {
    TempFolder folder("hrsi-aux-tar");
    auto const job = folder.path() / "work" / "job";
    fs::create_directories(job);
    write_file(folder.path() / "work" / "outside", "outside");

    SECTION("a '..' member: refused before anything is written") {
        write_file(folder.path() / "src" / "inside", "in");
        tar(folder.path() / "src", {"-P", "-cf", "../dots.tar", "inside", "../work/outside"});
        auto const failure = failure_of([&] { aux::extract_tar(folder.path() / "dots.tar", job); });
        CHECK_THAT(failure, Catch::StartsWith("Auxiliary data refused") && Catch::Contains("'../work/outside'") &&
                                Catch::Contains("'..'") && Catch::EndsWith("(final)"));
        CHECK_FALSE(fs::exists(job / "inside"));
    }
    SECTION("an absolute member") {
        tar(folder.path(), {"-P", "-cf", "absolute.tar", (folder.path() / "work" / "outside").string()});
        CHECK_THAT(failure_of([&] { aux::extract_tar(folder.path() / "absolute.tar", job); }),
                   Catch::StartsWith("Auxiliary data refused") && Catch::Contains("absolute name"));
    }
    SECTION("a symbolic link out of the folder: refused and removed") {
        fs::create_directories(folder.path() / "src");
        fs::create_symlink("/etc", folder.path() / "src" / "etc");
        fs::create_symlink("../../outside", folder.path() / "src" / "up");
        tar(folder.path() / "src", {"-cf", "../links.tar", "etc", "up"});
        auto const failure = failure_of([&] { aux::extract_tar(folder.path() / "links.tar", job); });
        CHECK_THAT(failure, Catch::StartsWith("Auxiliary data refused") && Catch::Contains("symbolic link"));
        CHECK_FALSE(fs::exists(fs::symlink_status(job / "etc")));
    }
    CHECK(read_file(folder.path() / "work" / "outside") == "outside");
}
