// SPDX-License-Identifier: Apache-2.0
#pragma once

// Looking at a tree someone else wrote (a program's outputs) without following its links.

#include <filesystem>
#include <optional>
#include <string>

namespace hrsi::util {

// Something in a tree that is not a regular file or a folder.
struct UnsafeEntry {
    std::filesystem::path path;  // where it is
    std::string what;            // "a symbolic link to /etc/shadow", "a FIFO", ...
    bool link = false;           // a symbolic link (else a FIFO, socket, device)
};

// The first entry at or under `root` (in directory order) that is neither a regular file nor a
// folder: a symbolic link (never followed, `root` itself included), a FIFO, a socket, a device.
// Nothing: the tree holds only regular files and folders, or `root` does not exist.
// Throws std::filesystem::filesystem_error when the tree cannot be listed.
[[nodiscard]] std::optional<UnsafeEntry> find_unsafe_entry(std::filesystem::path const& root);

}  // namespace hrsi::util
