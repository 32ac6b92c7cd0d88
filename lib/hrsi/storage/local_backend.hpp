// SPDX-License-Identifier: Apache-2.0
#pragma once

// Local storage: copies between local paths, the atomic install of a finished tree, and the
// classification of system errors. Internal to hrsi::storage.

#include <hrsi/storage/storage.hpp>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace hrsi::storage::local {

// How a file may share its data with its source instead of being copied byte for byte.
enum class LinkMode {
    hard_link,  // same inode: for inputs, which the job reads and never modifies in place
    reflink,    // shared extents, copy on write (FICLONE): for outputs, see local_backend.cpp
};

// Copies a file or tree to `destination` all or nothing (a temporary sibling, then install()).
CopyReport copy(std::filesystem::path const& source, std::filesystem::path const& destination, LinkMode mode);

// "<destination>.partial-<pid>-<random>", next to destination (same filesystem, so rename works).
[[nodiscard]] std::filesystem::path temporary_sibling(std::filesystem::path const& destination);
// Moves a complete temporary file or tree to `destination`, atomically replacing what is there.
void install(std::filesystem::path const& temporary, std::filesystem::path const& destination);

[[nodiscard]] bool exists(std::filesystem::path const& path);
[[nodiscard]] std::vector<Entry> list(std::filesystem::path const& path);
void remove(std::filesystem::path const& path);

// Throws the storage error matching a system error on `path` while doing `action`.
[[noreturn]] void throw_system_error(std::error_code error, std::string const& action,
                                     std::filesystem::path const& path);

}  // namespace hrsi::storage::local
