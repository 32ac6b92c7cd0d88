// SPDX-License-Identifier: Apache-2.0
#pragma once

// Storage addressed by URL (DESIGN.md, "The worker"): local paths and file:// URLs handled
// natively, s3://bucket/key through rclone. Errors: storage_error.hpp.

#include <hrsi/storage/storage_error.hpp>

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::storage {

// Where something is stored. Parsed from "file:///abs/path", a plain absolute or relative path,
// or "s3://bucket/key" (the key may be empty: the bucket root; a trailing '/' is dropped).
// Other schemes are refused with InputError. file:// URLs are not percent-decoded.
struct Location {
    enum class Kind { local, s3 };
    Kind kind = Kind::local;
    std::filesystem::path path;  // local
    std::string bucket;          // s3
    std::string key;             // s3, without leading or trailing '/'

    [[nodiscard]] static Location parse(std::string_view url);
    [[nodiscard]] static Location local_path(std::filesystem::path path);
    [[nodiscard]] static Location s3(std::string bucket, std::string key);

    [[nodiscard]] bool is_local() const noexcept { return kind == Kind::local; }
    // "s3://bucket/key" or the local path as given.
    [[nodiscard]] std::string url() const;
    // The location of `relative` (a '/'-separated path) inside this one.
    [[nodiscard]] Location child(std::string_view relative) const;

    friend bool operator==(Location const&, Location const&) = default;
};

// One file under a listed location: its path relative to the location ('/'-separated; empty when
// the location is itself a file) and its size in bytes.
struct Entry {
    std::string path;
    std::uintmax_t size = 0;
    friend bool operator==(Entry const&, Entry const&) = default;
};

// What a copy did: files and bytes, and how each file got there.
struct CopyReport {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
    std::size_t linked = 0;       // hard links (local inputs)
    std::size_t cloned = 0;       // reflinks, FICLONE (local outputs, where the filesystem allows)
    std::size_t copied = 0;       // byte copies (local), or transfers (rclone)
};

struct StorageOptions {
    std::string s3_remote = "HRSIS3";  // rclone remote for s3:// URLs
    std::string rclone = "rclone";     // program name (searched on PATH) or path
    // Ends rclone transfers early (a worker asked to stop): they fail with
    // StorageExternalError. Local copies are not interrupted.
    std::stop_token stop;
};

class Storage {
public:
    // The programs read the options from the environment (cli::storage_options_from_environment).
    explicit Storage(StorageOptions options);

    // Copies a file or a whole folder tree (e.g. a .SAFE folder) to the local path `destination`,
    // which it creates or replaces. A folder's content lands in `destination` itself. All or
    // nothing: on failure `destination` is as it was before.
    CopyReport copy_in(Location const& source, std::filesystem::path const& destination) const;
    // Copies a local file or folder tree to `destination`, replacing what was there. On local
    // storage all or nothing; on S3 verified by checksum, and removed again on failure.
    CopyReport copy_out(std::filesystem::path const& source, Location const& destination) const;
    // True when the location is a file, or a folder/prefix holding at least one file (S3 has no
    // empty folders; an empty local folder counts as existing).
    [[nodiscard]] bool exists(Location const& location) const;
    // Every file under the location, sorted by path; a file lists as itself with an empty path.
    // A missing location throws StorageExternalError (object not found).
    [[nodiscard]] std::vector<Entry> list(Location const& location) const;
    // Removes a file or a whole tree; removing what does not exist is not an error.
    void remove(Location const& location) const;

    [[nodiscard]] StorageOptions const& options() const noexcept { return m_options; }

private:
    StorageOptions m_options;
};

}  // namespace hrsi::storage
