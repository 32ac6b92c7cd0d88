// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/tree_check.hpp>

#include <system_error>

namespace hrsi::util {
namespace {

namespace fs = std::filesystem;

std::optional<UnsafeEntry> judge(fs::path const& path, fs::file_status status) {
    switch (status.type()) {
    case fs::file_type::regular:
    case fs::file_type::directory:
    case fs::file_type::not_found:
        return std::nullopt;
    case fs::file_type::symlink: {
        std::error_code error;
        auto const target = fs::read_symlink(path, error);
        return UnsafeEntry{path, "a symbolic link" + (error ? std::string() : " to " + target.string()), true};
    }
    case fs::file_type::fifo:
        return UnsafeEntry{path, "a FIFO"};
    case fs::file_type::socket:
        return UnsafeEntry{path, "a socket"};
    case fs::file_type::block:
    case fs::file_type::character:
        return UnsafeEntry{path, "a device"};
    default:
        return UnsafeEntry{path, "not a regular file or folder"};
    }
}

}  // namespace

std::optional<UnsafeEntry> find_unsafe_entry(fs::path const& root) {
    auto const top = fs::symlink_status(root);
    if (auto unsafe = judge(root, top)) return unsafe;
    if (top.type() != fs::file_type::directory) return std::nullopt;
    // Without follow_directory_symlink: a link to a folder is listed, not entered.
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        if (auto unsafe = judge(it->path(), it->symlink_status())) return unsafe;
    }
    return std::nullopt;
}

}  // namespace hrsi::util
