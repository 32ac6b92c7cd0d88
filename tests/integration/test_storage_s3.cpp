// SPDX-License-Identifier: Apache-2.0
// S3 storage through rclone against a real S3 server (s3rver, started by scripts/local-services).
#include "test_files.hpp"

#include <hrsi/storage/storage.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace hrsi::storage;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;

namespace {

// The rclone remote of the test S3 server (HRSI_TEST_S3), with its bucket "hrsi".
std::string test_remote() {
    char const* remote = std::getenv("HRSI_TEST_S3");
    if (remote == nullptr || *remote == '\0') {
        FAIL("HRSI_TEST_S3 is not set: start the private S3 server with `scripts/local-services up` and "
             "load its settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    return remote;
}

std::string random_name() {
    std::random_device random;
    return std::to_string(::getpid()) + "-" + std::to_string(random());
}

// A copy of the test remote's RCLONE_CONFIG_* settings under another name, with one changed.
std::string variant_remote(std::string const& name, std::string const& setting, std::string const& value) {
    auto const base = "RCLONE_CONFIG_" + test_remote() + "_";
    for (char const* key : {"TYPE", "PROVIDER", "ENDPOINT", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "FORCE_PATH_STYLE",
                            "REGION"}) {
        if (char const* current = std::getenv((base + key).c_str())) {
            ::setenv(("RCLONE_CONFIG_" + name + "_" + key).c_str(), current, 1);
        }
    }
    ::setenv(("RCLONE_CONFIG_" + name + "_" + setting).c_str(), value.c_str(), 1);
    return name;
}


// A prefix of its own in the test bucket, removed at the end.
class TempPrefix {
public:
    explicit TempPrefix(Storage const& storage)
        : m_storage(storage), m_location(Location::s3("hrsi", "tests/" + random_name())) {}
    TempPrefix(TempPrefix const&) = delete;
    TempPrefix& operator=(TempPrefix const&) = delete;
    ~TempPrefix() {
        try {
            m_storage.remove(m_location);
        } catch (std::exception const&) {
        }
    }
    [[nodiscard]] Location const& location() const noexcept { return m_location; }

private:
    Storage const& m_storage;
    Location m_location;
};

void make_tree(fs::path const& root) {
    write_file(root / "manifest.safe", "<manifest/>");
    write_file(root / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2", std::string(300000, 'x'));
    write_file(root / "DATASTRIP/MTD_DS.xml", "<ds/>");
}

int partials_next_to(fs::path const& destination) {
    int count = 0;
    for (auto const& entry : fs::directory_iterator(destination.parent_path())) {
        if (entry.path().filename().string().find(".partial-") != std::string::npos) ++count;
    }
    return count;
}

StorageOptions options_for(std::string remote) {
    StorageOptions options;
    options.s3_remote = std::move(remote);
    return options;
}

}  // namespace

TEST_CASE("storage s3: a tree and a file go up and come back", "[storage][s3]") {
    Storage storage(options_for(test_remote()));
    TempFolder dir;
    TempPrefix prefix(storage);
    make_tree(dir.path() / "S2A.SAFE");
    auto const product = prefix.location().child("S2A.SAFE");

    CHECK_FALSE(storage.exists(product));
    auto report = storage.copy_out(dir.path() / "S2A.SAFE", product);
    CHECK(report.files == 3);
    CHECK(report.bytes == 300000 + 11 + 5);
    CHECK(storage.exists(product));
    CHECK(storage.exists(product.child("manifest.safe")));
    auto const listed = storage.list(product);
    CHECK(listed == storage.list(Location::local_path(dir.path() / "S2A.SAFE")));
    CHECK(storage.list(product.child("manifest.safe")) == std::vector<Entry>{{"", 11}});

    auto const back = dir.path() / "work/l1c/S2A.SAFE";
    report = storage.copy_in(Location::parse(product.url()), back);
    CHECK(report.files == 3);
    CHECK(read_file(back / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2") == std::string(300000, 'x'));
    CHECK(storage.list(Location::local_path(back)) == listed);
    CHECK(partials_next_to(back) == 0);

    // One file each way.
    storage.copy_out(dir.path() / "S2A.SAFE/manifest.safe", prefix.location().child("quicklook/q.xml"));
    CHECK(storage.list(prefix.location().child("quicklook")) == std::vector<Entry>{{"q.xml", 11}});
    storage.copy_in(prefix.location().child("quicklook/q.xml"), dir.path() / "q.xml");
    CHECK(read_file(dir.path() / "q.xml") == "<manifest/>");

    // Replacing: files the new tree lacks disappear.
    write_file(dir.path() / "v2/manifest.safe", "<manifest version='2'/>");
    storage.copy_out(dir.path() / "v2", product);
    CHECK(storage.list(product) == std::vector<Entry>{{"manifest.safe", 23}});

    storage.remove(product);
    CHECK_FALSE(storage.exists(product));
    CHECK(storage.exists(prefix.location()));  // the quicklook is still there
    storage.remove(product);                   // harmless when gone
}

TEST_CASE("storage s3: missing objects and buckets, bad credentials, no network", "[storage][s3]") {
    Storage storage(options_for(test_remote()));
    TempFolder dir;
    make_tree(dir.path() / "tree");

    auto const missing = Location::s3("hrsi", "tests/" + random_name() + "/none.SAFE");
    try {
        (void)storage.copy_in(missing, dir.path() / "none.SAFE");
        FAIL("downloading nothing succeeded");
    } catch (StorageExternalError const& error) {
        CHECK(error.subtype() == "S3 object not found");
        CHECK(error.exit_code() == 69);
        CHECK_THAT(error.what(), Catch::Contains(missing.url()));
    }
    CHECK_FALSE(fs::exists(dir.path() / "none.SAFE"));
    CHECK(partials_next_to(dir.path() / "none.SAFE") == 0);
    CHECK_FALSE(storage.exists(missing));
    CHECK_THROWS_AS(storage.list(missing), StorageExternalError);

    auto const no_bucket = Location::parse("s3://hrsi-no-such-bucket/key");
    for (auto const& attempt : {std::string("list"), std::string("upload")}) {
        try {
            if (attempt == "list") (void)storage.list(no_bucket);
            if (attempt == "upload") storage.copy_out(dir.path() / "tree", no_bucket);
            FAIL(attempt << " in a missing bucket succeeded");
        } catch (StorageInternalError const& error) {
            CHECK(error.subtype() == "S3 bucket not found");
            CHECK(error.exit_code() == 70);
        }
    }
    CHECK_THROWS_AS(storage.copy_out(dir.path() / "tree/manifest.safe", no_bucket.child("f")), StorageInternalError);

    Storage bad_key(options_for(variant_remote("HRSITESTBADKEY", "ACCESS_KEY_ID", "not-a-key")));
    try {
        (void)bad_key.exists(Location::s3("hrsi", "anything"));
        FAIL("a bad access key was accepted");
    } catch (StorageInternalError const& error) {
        CHECK(error.subtype() == "Bad S3 credentials");
    }

    Storage unreachable(options_for(variant_remote("HRSITESTNONET", "ENDPOINT", "http://127.0.0.1:1")));
    try {
        unreachable.copy_out(dir.path() / "tree", Location::s3("hrsi", "tests/unreachable"));
        FAIL("an upload to a closed port succeeded");
    } catch (StorageExternalError const& error) {
        CHECK(error.subtype() == "Storage network error");
        CHECK(error.exit_code() == 69);
    }

    StorageOptions no_rclone = options_for(test_remote());
    no_rclone.rclone = "hrsi-no-such-rclone";
    CHECK_THROWS_AS(Storage(no_rclone).exists(Location::s3("hrsi", "x")), StorageInternalError);
}
