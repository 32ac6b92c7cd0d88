// SPDX-License-Identifier: Apache-2.0
#pragma once

// S3 storage through rclone (a child process per operation). Internal to hrsi::storage.

#include <hrsi/storage/storage.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hrsi::storage::rclone {

struct Result {
    int exit_code = 0;
    std::string out;
    std::string err;
};

// Runs rclone with `arguments` (after the common timeout and retry flags), AWS_CA_BUNDLE removed
// from its environment. Throws StorageInternalError when rclone cannot be started.
[[nodiscard]] Result run(StorageOptions const& options, std::vector<std::string> const& arguments);

CopyReport copy_in(StorageOptions const& options, Location const& source, std::filesystem::path const& destination);
CopyReport copy_out(StorageOptions const& options, std::filesystem::path const& source, Location const& destination);
[[nodiscard]] bool exists(StorageOptions const& options, Location const& location);
[[nodiscard]] std::vector<Entry> list(StorageOptions const& options, Location const& location);
void remove(StorageOptions const& options, Location const& location);

}  // namespace hrsi::storage::rclone
