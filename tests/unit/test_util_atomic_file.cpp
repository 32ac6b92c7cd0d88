// SPDX-License-Identifier: Apache-2.0
// write_file_atomically: the content, the mode the umask gives, the umask left alone.
#include <hrsi/util/atomic_file.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hrsi;

namespace {

struct TempFolder {
    std::filesystem::path path;
    TempFolder() {
        std::string name = (std::filesystem::temp_directory_path() / "hrsi-atomic-XXXXXX").string();
        REQUIRE(mkdtemp(name.data()) != nullptr);
        path = name;
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
};

std::string read_all(std::filesystem::path const& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("atomic file: replaces the content, gets 0666 less the umask, leaves the umask and no temporary",
          "[util][atomic_file]") {
    TempFolder folder;
    auto const file = folder.path / "metrics.prom";
    auto const previous = umask(027);
    util::write_file_atomically(file, "first\n");
    util::write_file_atomically(file, "second\n");
    auto const after = umask(previous);
    CHECK(after == 027);
    CHECK(read_all(file) == "second\n");
    struct stat info{};
    REQUIRE(stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);
    int entries = 0;
    for ([[maybe_unused]] auto const& entry : std::filesystem::directory_iterator(folder.path)) ++entries;
    CHECK(entries == 1);
}

TEST_CASE("atomic file: a folder that does not exist is the caller's error, nothing left behind",
          "[util][atomic_file]") {
    TempFolder folder;
    CHECK_THROWS_WITH(util::write_file_atomically(folder.path / "missing" / "file", "x"),
                      Catch::Contains("cannot create a temporary file beside it"));
}
