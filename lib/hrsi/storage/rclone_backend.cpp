// SPDX-License-Identifier: Apache-2.0
// S3 backend: rclone commands, their verification and the classification of their failures.
#include "local_backend.hpp"
#include "rclone_backend.hpp"

#include <fmt/format.h>
#include <fmt/std.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;

namespace hrsi::storage::rclone {
namespace {

std::string remote_path(StorageOptions const& options, Location const& location) {
    return location.key.empty() ? fmt::format("{}:{}", options.s3_remote, location.bucket)
                                : fmt::format("{}:{}/{}", options.s3_remote, location.bucket, location.key);
}

bool contains(std::string const& text, char const* part) { return text.find(part) != std::string::npos; }

// The last lines of rclone's stderr, enough to see why it failed.
std::string tail(std::string const& text) {
    constexpr std::size_t limit = 1500;
    auto trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
    return trimmed.size() <= limit ? trimmed : "..." + trimmed.substr(trimmed.size() - limit);
}

// Every listing uses --fast-list: one recursive listing instead of one per folder, fewer requests;
// also, listed folder by folder, s3rver leaves out files three folders deep (seen with rclone
// 1.60 `check` and `copy`), which the verification below caught.
//
// rclone's exit codes: 1 usage (1.60 also uses it for most failed commands), 2 uncategorised,
// 3 directory not found, 4 file not found, 5 temporary, 6 less serious, 7 fatal, 8 transfer
// limit. The S3 error codes in stderr say more than the exit code, so they come first.
[[noreturn]] void throw_failure(Result const& result, std::string const& action, Location const& location) {
    auto const details = fmt::format("{} {} failed (rclone exit code {}): {}", action, location.url(),
                                     result.exit_code, tail(result.err));
    auto const& err = result.err;
    if (contains(err, "InvalidAccessKeyId") || contains(err, "SignatureDoesNotMatch") ||
        contains(err, "AccessDenied") || contains(err, "InvalidToken") || contains(err, "ExpiredToken")) {
        throw StorageInternalError(subtype::bad_credentials, details);
    }
    if (contains(err, "NoSuchBucket") || contains(err, "bucket does not exist")) {
        throw StorageInternalError(subtype::bucket_not_found, details);
    }
    if (contains(err, "didn't find section in config file") || contains(err, "couldn't find type of fs") ||
        contains(err, "unknown flag") || contains(err, "Usage:")) {
        throw StorageInternalError(subtype::not_configured, details);
    }
    if (result.exit_code == 4 || contains(err, "NoSuchKey") || contains(err, "object not found")) {
        throw StorageExternalError(subtype::object_not_found, details);
    }
    if (result.exit_code == 5 || contains(err, "RequestError") || contains(err, "dial tcp") ||
        contains(err, "connection refused") || contains(err, "connection reset") || contains(err, "timeout") ||
        contains(err, "no such host") || contains(err, "EOF")) {
        throw StorageExternalError(subtype::network_error, details);
    }
    throw StorageExternalError(subtype::io_error, details);
}

Result run_checked(StorageOptions const& options, std::vector<std::string> const& arguments,
                   std::string const& action, Location const& location) {
    auto result = run(options, arguments);
    if (result.exit_code != 0) throw_failure(result, action, location);
    return result;
}

rapidjson::Document parse_json(Result const& result, Location const& location) {
    rapidjson::Document document;
    document.Parse(result.out.c_str());
    if (document.HasParseError()) {
        throw StorageExternalError(subtype::io_error,
                                   fmt::format("listing {}: rclone printed no valid JSON: {}", location.url(),
                                               tail(result.out)));
    }
    return document;
}

Entry entry_of(rapidjson::Value const& value) {
    Entry entry;
    if (value.HasMember("Path") && value["Path"].IsString()) entry.path = value["Path"].GetString();
    if (value.HasMember("Size") && value["Size"].IsInt64() && value["Size"].GetInt64() >= 0) {
        entry.size = static_cast<std::uintmax_t>(value["Size"].GetInt64());
    }
    return entry;
}

// The files under `location`, or nullopt-like empty vector when nothing is there. A listing of a
// bucket that does not exist fails with exit code 3 ("directory not found").
std::vector<Entry> list_or_empty(StorageOptions const& options, Location const& location) {
    std::vector<Entry> entries;
    auto const remote = remote_path(options, location);
    if (!location.key.empty()) {
        // A single object? (S3 has no folders: --stat of a prefix, or of nothing, says IsDir.)
        auto result = run(options, {"lsjson", "--stat", "--s3-no-check-bucket", remote});
        if (result.exit_code == 3) result.err += "\n(bucket does not exist)";
        if (result.exit_code != 0 && result.exit_code != 4) throw_failure(result, "looking at", location);
        if (result.exit_code == 0) {
            auto const document = parse_json(result, location);
            if (document.IsObject() && document.HasMember("IsDir") && document["IsDir"].IsFalse()) {
                auto entry = entry_of(document);
                entry.path.clear();
                entries.push_back(entry);
                return entries;
            }
        }
    }
    auto result = run(options, {"lsjson", "-R", "--fast-list", "--files-only", "--s3-no-check-bucket", remote});
    if (result.exit_code == 3) result.err += "\n(bucket does not exist)";
    if (result.exit_code != 0) throw_failure(result, "listing", location);
    auto const document = parse_json(result, location);
    if (!document.IsArray()) {
        throw StorageExternalError(subtype::io_error, fmt::format("listing {}: unexpected rclone output", location.url()));
    }
    for (auto const& value : document.GetArray()) entries.push_back(entry_of(value));
    std::sort(entries.begin(), entries.end(), [](Entry const& a, Entry const& b) { return a.path < b.path; });
    return entries;
}

CopyReport report_of(std::vector<Entry> const& entries) {
    CopyReport report;
    report.files = entries.size();
    report.copied = entries.size();
    for (auto const& entry : entries) report.bytes += entry.size;
    return report;
}

// Both listings hold the same files with the same sizes; throws otherwise.
void verify_same(std::vector<Entry> const& expected, std::vector<Entry> const& actual, std::string const& what) {
    if (expected == actual) return;
    std::map<std::string, std::uintmax_t> found;
    for (auto const& entry : actual) found[entry.path] = entry.size;
    std::string difference = fmt::format("{} files instead of {}", actual.size(), expected.size());
    for (auto const& entry : expected) {
        auto const it = found.find(entry.path);
        if (it == found.end()) {
            difference = fmt::format("'{}' is missing", entry.path);
            break;
        }
        if (it->second != entry.size) {
            difference = fmt::format("'{}' has {} bytes instead of {}", entry.path, it->second, entry.size);
            break;
        }
    }
    throw StorageExternalError(subtype::io_error, fmt::format("incomplete copy to {}: {}", what, difference));
}

}  // namespace

std::vector<Entry> list(StorageOptions const& options, Location const& location) {
    auto entries = list_or_empty(options, location);
    if (entries.empty()) {
        throw StorageExternalError(subtype::object_not_found, fmt::format("no object at {}", location.url()));
    }
    return entries;
}

bool exists(StorageOptions const& options, Location const& location) {
    return !list_or_empty(options, location).empty();
}

void remove(StorageOptions const& options, Location const& location) {
    auto const entries = list_or_empty(options, location);
    if (entries.empty()) return;
    auto const remote = remote_path(options, location);
    if (entries.size() == 1 && entries.front().path.empty()) {
        run_checked(options, {"deletefile", remote}, "removing", location);
    } else if (location.key.empty()) {
        // The bucket root: remove every object, keep the bucket (purge would delete it).
        run_checked(options, {"delete", "--rmdirs", remote}, "removing", location);
    } else {
        run_checked(options, {"purge", remote}, "removing", location);
    }
}

// Downloads land under a temporary local name and are renamed into place once their files and
// sizes match the listing, so the destination is all or nothing. rclone itself compares the MD5
// of each downloaded file with the object's hash (where S3 has one) before it reports success.
CopyReport copy_in(StorageOptions const& options, Location const& source, fs::path const& destination) {
    auto const entries = list(options, source);
    auto const single = entries.size() == 1 && entries.front().path.empty();
    auto const parent = destination.parent_path();
    if (!parent.empty()) {
        std::error_code error;
        fs::create_directories(parent, error);
        if (error) local::throw_system_error(error, "create the folder", parent);
    }
    auto const temporary = local::temporary_sibling(destination);
    try {
        run_checked(options, {single ? "copyto" : "copy", "--checksum", "--fast-list", remote_path(options, source), temporary.string()},
                    "downloading", source);
        auto copied = local::list(temporary);
        verify_same(entries, copied, temporary.string());
        local::install(temporary, destination);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(temporary, ignored);
        throw;
    }
    return report_of(entries);
}

// S3 has no rename, and rclone's server-side "move" is a copy and a delete per object, so no
// sequence of rclone commands makes a tree appear at once. Staging under a temporary prefix and
// moving would double the traffic and still expose objects one by one. Instead: upload straight
// to the destination (a single object only ever appears complete: S3 publishes a PUT or a
// multipart upload when it is finished), then verify the whole tree with `rclone check` (sizes and
// MD5 hashes, both ways: nothing missing, nothing extra), and remove the destination again if
// anything failed. Readers learn of an output only from the job's recorded output path, written
// after this returns, so they never see an upload in progress. A folder is uploaded with `sync`,
// which deletes files left at the destination (by an earlier attempt) only after every transfer
// succeeded.
CopyReport copy_out(StorageOptions const& options, fs::path const& source, Location const& destination) {
    auto const entries = local::list(source);
    auto const single = entries.size() == 1 && entries.front().path.empty();
    auto const remote = remote_path(options, destination);
    try {
        if (single) {
            run_checked(options, {"copyto", "--checksum", "--s3-no-check-bucket", source.string(), remote},
                        "uploading to", destination);
            // rclone compared the MD5 of the upload with the local file; check it is all there.
            verify_same(entries, list_or_empty(options, destination), destination.url());
        } else {
            run_checked(options, {"sync", "--checksum", "--fast-list", "--s3-no-check-bucket", source.string(), remote},
                        "uploading to", destination);
            run_checked(options, {"check", "--fast-list", "--s3-no-check-bucket", source.string(), remote},
                        "verifying", destination);
            verify_same(entries, list_or_empty(options, destination), destination.url());
        }
    } catch (StorageError const& error) {
        // Credentials or bucket problems wrote nothing; anything else may have left part of a tree.
        if (error.subtype() != subtype::bad_credentials && error.subtype() != subtype::bucket_not_found) {
            try {
                remove(options, destination);
            } catch (StorageError const&) {
                // The original error says more; the partial upload stays for an operator to see.
            }
        }
        throw;
    }
    return report_of(entries);
}

}  // namespace hrsi::storage::rclone
