// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <string_view>

namespace hrsi::util {

// Writes `content` to `path` so that a reader sees either the old file or the whole new one,
// never a part: into a temporary file in the same folder (".<name>.tmp.XXXXXX", which a
// node_exporter textfile collector ignores), flushed to disk, then renamed over `path`. The
// file gets mode 0666 less the umask (readable by other users, like a file made by a shell).
// The temporary file is removed on failure. Throws InputError naming the file and the reason.
void write_file_atomically(std::filesystem::path const& path, std::string_view content);

}  // namespace hrsi::util
