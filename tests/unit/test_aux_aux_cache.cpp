// SPDX-License-Identifier: Apache-2.0
// The host's auxiliary-data cache on a local folder: hits and misses, one fetch for several
// processes, verification, and the size bound with its evictions.
#include "../integration/test_files.hpp"

#include <hrsi/aux/aux_cache.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/file_lock.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hrsi;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;

namespace {

// A fetch of `content` that counts its downloads in `counter` (one line per download, appended:
// also counts across processes).
aux::Fetch counted_fetch(std::string content, fs::path counter,
                         std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    aux::Fetch fetch;
    fetch.size = [content] { return content.size(); };
    fetch.download = [content, counter, delay](fs::path const& temporary) {
        std::ofstream(counter, std::ios::app) << getpid() << "\n";
        std::this_thread::sleep_for(delay);
        write_file(temporary, content);
    };
    return fetch;
}

std::size_t downloads(fs::path const& counter) {
    auto const text = read_file(counter);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Sets an entry's last use to `seconds_ago`, for a deterministic eviction order.
void used_ago(aux::AuxCache const& cache, std::string const& entry, int seconds_ago) {
    auto const when = fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago);
    fs::last_write_time(cache.data_path(entry), when);
}

std::string failure_subtype(std::function<void()> const& action) {
    try {
        action();
    } catch (jobs::WorkerFailure const& failure) {
        return failure.subtype();
    }
    return "(no failure)";
}

}  // namespace

TEST_CASE("aux::AuxCache entry names encode key and version into one file name", "[aux]") {
    CHECK(aux::AuxCache::entry_name("csi_aux/csi_aux_32TLR.tar", "1") == "csi_aux%2Fcsi_aux_32TLR.tar@1");
    CHECK(aux::AuxCache::entry_name("a@b", "v 2") == "a%40b@v%202");
    CHECK(aux::AuxCache::entry_name("x", "") == "x@");
    for (char const* key : {"", "/etc/passwd", "a//b", "a/../b", "./a", "a/", ".."}) {
        CAPTURE(key);
        CHECK_THROWS_AS(aux::AuxCache::entry_name(key, "1"), InputError);
    }
    CHECK_THROWS_WITH(aux::AuxCache::entry_name(std::string(300, 'k'), "1"), Catch::Contains("too long"));
}

TEST_CASE("aux::AuxCache fetches on a miss, then serves the copy", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    util::Log const log("test", -1);
    aux::AuxCache cache({folder.path() / "cache", 1 << 20}, log);
    auto const counter = folder.path() / "downloads";
    auto const fetch = counted_fetch("static data", counter);

    auto const first = cache.acquire("a@1", fetch).path();
    CHECK(read_file(first) == "static data");
    CHECK(downloads(counter) == 1);
    struct stat info {};
    REQUIRE(::stat(first.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0444);

    used_ago(cache, "a@1", 3600);
    auto const before = fs::last_write_time(first);
    CHECK(cache.acquire("a@1", fetch).path() == first);
    CHECK(downloads(counter) == 1);
    CHECK(fs::last_write_time(first) > before);  // a hit counts as a use

    // Another version is another entry.
    CHECK(cache.acquire("a@2", fetch).path() != first);
    CHECK(downloads(counter) == 2);
    CHECK(fs::is_empty(folder.path() / "cache" / "tmp"));
}

TEST_CASE("aux::AuxCache caches nothing from a download that fails its checks", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    util::Log const log("test", -1);
    aux::AuxCache cache({folder.path() / "cache", 1 << 20}, log);
    auto const counter = folder.path() / "downloads";

    SECTION("a size that differs from the storage's") {
        auto fetch = counted_fetch("truncated", counter);
        fetch.size = [] { return std::uintmax_t{1000}; };
        CHECK(failure_subtype([&] { (void)cache.acquire("a@1", fetch); }) == "Auxiliary data corrupt");
    }
    SECTION("a verification that fails") {
        auto fetch = counted_fetch("not a tar", counter);
        fetch.verify = [](fs::path const&) {
            throw jobs::WorkerFailure(jobs::FailureKind::internal, "Auxiliary data corrupt", "bad", true);
        };
        CHECK(failure_subtype([&] { (void)cache.acquire("a@1", fetch); }) == "Auxiliary data corrupt");
    }
    SECTION("a download that throws") {
        auto fetch = counted_fetch("x", counter);
        fetch.download = [](fs::path const& temporary) {
            write_file(temporary, "part");
            throw jobs::WorkerFailure(jobs::FailureKind::external, "S3 object not found", "gone", true);
        };
        CHECK(failure_subtype([&] { (void)cache.acquire("a@1", fetch); }) == "S3 object not found");
    }
    CHECK_FALSE(fs::exists(cache.data_path("a@1")));
    CHECK(fs::is_empty(folder.path() / "cache" / "tmp"));
    // The next job tries again.
    CHECK(read_file(cache.acquire("a@1", counted_fetch("good", counter)).path()) == "good");
}

TEST_CASE("aux::AuxCache: several processes asking at once download once", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    auto const counter = folder.path() / "downloads";
    std::vector<pid_t> children;
    for (int i = 0; i < 4; ++i) {
        pid_t const child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            int status = 1;
            try {
                util::Log const log("child", -1);
                aux::AuxCache cache({folder.path() / "cache", 1 << 20}, log);
                auto const lease = cache.acquire("shared@1", counted_fetch("shared data", counter,
                                                                           std::chrono::milliseconds(300)));
                status = read_file(lease.path()) == "shared data" ? 0 : 3;
            } catch (...) {
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
    CHECK(downloads(counter) == 1);
}

TEST_CASE("aux::AuxCache keeps its size bound, evicting the least recently used entry nobody uses", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    util::Log const log("test", -1);
    aux::AuxCache cache({folder.path() / "cache", 3000}, log);
    auto const counter = folder.path() / "downloads";
    std::string const kilobyte(1000, 'x');
    for (char const* entry : {"a@1", "b@1", "c@1"}) (void)cache.acquire(entry, counted_fetch(kilobyte, counter));
    used_ago(cache, "a@1", 300);
    used_ago(cache, "b@1", 200);
    used_ago(cache, "c@1", 100);
    CHECK(cache.size() == 3000);

    SECTION("the oldest goes") {
        (void)cache.acquire("d@1", counted_fetch(kilobyte, counter));
        CHECK_FALSE(fs::exists(cache.data_path("a@1")));
        CHECK(fs::exists(cache.data_path("b@1")));
        CHECK(cache.size() == 3000);
    }
    SECTION("a hit makes an entry young again") {
        (void)cache.acquire("a@1", counted_fetch(kilobyte, counter));
        (void)cache.acquire("d@1", counted_fetch(kilobyte, counter));
        CHECK(fs::exists(cache.data_path("a@1")));
        CHECK_FALSE(fs::exists(cache.data_path("b@1")));
    }
    SECTION("an entry in use stays, in this process or another") {
        std::optional<aux::Lease> lease = cache.acquire("a@1", counted_fetch(kilobyte, counter));
        used_ago(cache, "a@1", 300);
        util::FileLock other_job(folder.path() / "cache" / "locks" / "b@1");
        other_job.lock_shared();
        auto const evictions = downloads(counter);
        (void)cache.acquire("d@1", counted_fetch(std::string(1500, 'y'), counter));
        CHECK(downloads(counter) == evictions + 1);
        CHECK(fs::exists(cache.data_path("a@1")));
        CHECK(fs::exists(cache.data_path("b@1")));
        CHECK_FALSE(fs::exists(cache.data_path("c@1")));
        // Over the bound while both are in use; back under it once they are released.
        CHECK(cache.size() == 3500);
        lease.reset();
        other_job.unlock();
        CHECK(cache.make_room(0) <= 3000);
        CHECK(fs::exists(cache.data_path("d@1")));
    }
}

TEST_CASE("aux::AuxCache refuses an object larger than the whole cache", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    util::Log const log("test", -1);
    aux::AuxCache cache({folder.path() / "cache", 100}, log);
    CHECK(failure_subtype([&] {
              (void)cache.acquire("big@1", counted_fetch(std::string(101, 'x'), folder.path() / "downloads"));
          }) == "Auxiliary cache too small");
    CHECK_FALSE(fs::exists(folder.path() / "downloads"));
}

TEST_CASE("aux::AuxCache removes downloads abandoned by a process that died", "[aux]") {
    TempFolder folder("hrsi-aux-cache");
    util::Log const log("test", -1);
    aux::AuxCache cache({folder.path() / "cache", 1000}, log);
    (void)cache.acquire("a@1", counted_fetch("a", folder.path() / "downloads"));
    auto const abandoned = folder.path() / "cache" / "tmp" / "b@1.part-99999-0000abcd";
    write_file(abandoned, std::string(500, 'x'));
    // A download in progress (its entry locked) stays.
    auto const running = folder.path() / "cache" / "tmp" / "c@1.part-99998-0000abcd";
    write_file(running, std::string(200, 'x'));
    util::FileLock downloader(folder.path() / "cache" / "locks" / "c@1");
    downloader.lock_exclusive();
    CHECK(cache.make_room(0) == 201);
    CHECK_FALSE(fs::exists(abandoned));
    CHECK(fs::exists(running));
}
