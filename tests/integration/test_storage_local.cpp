// SPDX-License-Identifier: Apache-2.0
// Local storage: real files in real folders (/tmp, and /dev/shm as a second filesystem).
#include "test_files.hpp"

#include <hrsi/storage/storage.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <linux/fs.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hrsi::storage;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;

namespace {

// A small .SAFE-like tree: nested folders, an empty file, a larger file.
void make_tree(fs::path const& root) {
    write_file(root / "manifest.safe", "<manifest/>");
    write_file(root / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2", std::string(300000, 'x'));
    write_file(root / "GRANULE/L1C_T32TLR/QI_DATA/empty", "");
    write_file(root / "DATASTRIP/MTD_DS.xml", "<ds/>");
}

ino_t inode(fs::path const& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_ino;
}

// Leftover temporaries next to `destination` (".partial-" siblings).
int partials_next_to(fs::path const& destination) {
    int count = 0;
    for (auto const& entry : fs::directory_iterator(destination.parent_path())) {
        if (entry.path().filename().string().find(".partial-") != std::string::npos) ++count;
    }
    return count;
}

// chattr +i: not even root may create anything inside. Returns false where unsupported.
bool set_immutable(fs::path const& path, bool on) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    ok = ok && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

TEST_CASE("storage::Location parses paths, file:// and s3:// URLs", "[storage]") {
    auto plain = Location::parse("relative/dir");
    CHECK(plain.is_local());
    CHECK(plain.path == fs::path("relative/dir"));
    CHECK(Location::parse("/abs/x.SAFE").path == fs::path("/abs/x.SAFE"));
    CHECK(Location::parse("file:///abs/x.SAFE").path == fs::path("/abs/x.SAFE"));
    CHECK(Location::parse("file://localhost/abs").path == fs::path("/abs"));
    auto s3 = Location::parse("s3://hrsi/some/prefix/");
    CHECK(s3.kind == Location::Kind::s3);
    CHECK(s3.bucket == "hrsi");
    CHECK(s3.key == "some/prefix");
    CHECK(s3.url() == "s3://hrsi/some/prefix");
    CHECK(s3.child("a/b").url() == "s3://hrsi/some/prefix/a/b");
    auto root = Location::parse("s3://hrsi");
    CHECK(root.key.empty());
    CHECK(root.child("x").url() == "s3://hrsi/x");
    CHECK(Location::parse("s3://hrsi/").key.empty());
    CHECK_THROWS_AS(Location::parse(""), hrsi::InputError);
    CHECK_THROWS_AS(Location::parse("s3:///key"), hrsi::InputError);
    CHECK_THROWS_AS(Location::parse("file://otherhost/x"), hrsi::InputError);
    CHECK_THROWS_WITH(Location::parse("gs://bucket/key"), Catch::Contains("gs://bucket/key") && Catch::Contains("'gs'"));
    CHECK_THROWS_AS(Location::parse("http://x/y"), hrsi::InputError);
}

TEST_CASE("storage: a tree copied in is hard linked, copied out is a separate copy", "[storage]") {
    TempFolder dir;
    Storage storage{StorageOptions{}};
    auto const source = dir.path() / "store/S2A_T32TLR.SAFE";
    make_tree(source);

    auto const input = dir.path() / "work/jobs/u1/l1c/S2A_T32TLR.SAFE";
    auto report = storage.copy_in(Location::parse(source.string()), input);
    CHECK(report.files == 4);
    CHECK(report.bytes == 300000 + 11 + 5);
    CHECK(report.linked == 4);
    CHECK(storage.list(Location::local_path(input)) == storage.list(Location::local_path(source)));
    CHECK(inode(input / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2") == inode(source / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2"));
    CHECK(partials_next_to(input) == 0);

    auto const output = dir.path() / "store/out/S2A_T32TLR.SAFE";
    report = storage.copy_out(input, Location::parse("file://" + output.string()));
    CHECK(report.files == 4);
    CHECK(report.linked == 0);
    CHECK(report.cloned + report.copied == 4);
    CHECK(inode(output / "manifest.safe") != inode(input / "manifest.safe"));
    CHECK(read_file(output / "GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2") == std::string(300000, 'x'));
    auto const listed = storage.list(Location::local_path(output));
    REQUIRE(listed.size() == 4);
    CHECK(listed[0].path == "DATASTRIP/MTD_DS.xml");
    CHECK(listed[1] == Entry{"GRANULE/L1C_T32TLR/IMG_DATA/B03.jp2", 300000});
    CHECK(listed[2] == Entry{"GRANULE/L1C_T32TLR/QI_DATA/empty", 0});
    // The work folder goes away; the output stays whole.
    fs::remove_all(dir.path() / "work");
    CHECK(storage.list(Location::local_path(output)) == listed);
}

TEST_CASE("storage: across filesystems inputs are byte copies, sizes checked", "[storage]") {
    if (!fs::is_directory("/dev/shm")) FAIL("this test needs /dev/shm (a tmpfs) as a second filesystem");
    TempFolder disk;
    TempFolder memory("hrsi-storage-test", "/dev/shm");
    Storage storage{StorageOptions{}};
    make_tree(disk.path() / "in.SAFE");
    auto report = storage.copy_in(Location::local_path(disk.path() / "in.SAFE"), memory.path() / "copy.SAFE");
    CHECK(report.linked == 0);
    CHECK(report.copied == 4);
    CHECK(storage.list(Location::local_path(memory.path() / "copy.SAFE")) ==
          storage.list(Location::local_path(disk.path() / "in.SAFE")));
    // A single file.
    report = storage.copy_in(Location::local_path(disk.path() / "in.SAFE/manifest.safe"), memory.path() / "m");
    CHECK(report.files == 1);
    CHECK(read_file(memory.path() / "m") == "<manifest/>");
    CHECK(storage.list(Location::local_path(memory.path() / "m")) == std::vector<Entry>{{"", 11}});
}

TEST_CASE("storage: replacing an existing destination, and failing midway, leave a whole tree", "[storage]") {
    TempFolder dir;
    Storage storage{StorageOptions{}};
    auto const destination = dir.path() / "dest/product";
    write_file(destination / "old-only", "old");
    write_file(destination / "manifest.safe", "old manifest");

    make_tree(dir.path() / "new");
    storage.copy_out(dir.path() / "new", Location::local_path(destination));
    CHECK_FALSE(fs::exists(destination / "old-only"));
    CHECK(read_file(destination / "manifest.safe") == "<manifest/>");
    CHECK(partials_next_to(destination) == 0);

    // A FIFO deep in the tree: files before it were copied when the copy fails.
    auto const broken = dir.path() / "broken";
    make_tree(broken);
    REQUIRE(::mkfifo((broken / "GRANULE/zz-fifo").c_str(), 0644) == 0);
    try {
        storage.copy_out(broken, Location::local_path(destination));
        FAIL("copying a FIFO succeeded");
    } catch (StorageInternalError const& error) {
        CHECK(error.subtype() == "Storage unsupported file type");
        CHECK_THAT(error.what(), Catch::Contains("zz-fifo"));
        CHECK(error.exit_code() == 70);
    }
    // The previous content is untouched and no temporary is left.
    CHECK(read_file(destination / "manifest.safe") == "<manifest/>");
    CHECK(storage.list(Location::local_path(destination)).size() == 4);
    CHECK(partials_next_to(destination) == 0);
    // Same when nothing was there before: nothing appears.
    auto const fresh = dir.path() / "dest/fresh";
    CHECK_THROWS_AS(storage.copy_in(Location::local_path(broken), fresh), StorageInternalError);
    CHECK_FALSE(fs::exists(fresh));
    CHECK(partials_next_to(fresh) == 0);

    // A file replaces a folder and a folder a file.
    write_file(dir.path() / "one-file", "just one");
    storage.copy_out(dir.path() / "one-file", Location::local_path(destination));
    CHECK(read_file(destination) == "just one");
    storage.copy_out(dir.path() / "new", Location::local_path(destination));
    CHECK(fs::is_directory(destination));
}

TEST_CASE("storage: missing sources, forbidden destinations, exists and remove", "[storage]") {
    TempFolder dir;
    Storage storage{StorageOptions{}};
    try {
        (void)storage.copy_in(Location::local_path(dir.path() / "nothing.SAFE"), dir.path() / "x");
        FAIL("copying nothing succeeded");
    } catch (StorageExternalError const& error) {
        CHECK(error.subtype() == "Storage object not found");
        CHECK_THAT(error.what(), Catch::Contains("nothing.SAFE"));
        CHECK(error.exit_code() == 69);
    }
    CHECK_THROWS_AS(storage.list(Location::local_path(dir.path() / "nothing")), StorageExternalError);
    CHECK_FALSE(fs::exists(dir.path() / "x"));

    make_tree(dir.path() / "src");
    // A path through a file: "not a directory" is the caller's mistake.
    write_file(dir.path() / "plain", "p");
    try {
        storage.copy_out(dir.path() / "src", Location::local_path(dir.path() / "plain/sub/dest"));
        FAIL("copying under a file succeeded");
    } catch (StorageInternalError const& error) {
        CHECK(error.subtype() == "Storage is a directory");
    }
    // Writing where even root may not: /sys, and an immutable folder.
    try {
        storage.copy_out(dir.path() / "src", Location::local_path("/sys/hrsi-storage-test/dest"));
        FAIL("copying into /sys succeeded");
    } catch (StorageInternalError const& error) {
        CHECK(error.subtype() == "Storage permission denied");
        CHECK(error.exit_code() == 70);
    }
    auto const locked = dir.path() / "locked";
    fs::create_directories(locked);
    if (set_immutable(locked, true)) {
        CHECK_THROWS_AS(storage.copy_out(dir.path() / "src", Location::local_path(locked / "dest")),
                        StorageInternalError);
        set_immutable(locked, false);
        CHECK(fs::is_empty(locked));
    } else {
        WARN("chattr +i is not supported here: only /sys checked the permission errors");
    }

    CHECK(storage.exists(Location::local_path(dir.path() / "src")));
    CHECK(storage.exists(Location::local_path(dir.path() / "src/manifest.safe")));
    CHECK_FALSE(storage.exists(Location::local_path(dir.path() / "src/none")));
    storage.remove(Location::local_path(dir.path() / "src"));
    CHECK_FALSE(storage.exists(Location::local_path(dir.path() / "src")));
    storage.remove(Location::local_path(dir.path() / "src"));  // harmless when gone
}
