// SPDX-License-Identifier: Apache-2.0
#pragma once

// Tar archives (plain or compressed: GNU tar recognises gzip, bzip2, xz, zstd by content),
// read with the tar program, never through a shell.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::aux {

// Whether an object key names a tar archive (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz, .tar.zst).
[[nodiscard]] bool is_tar_name(std::string_view name);

// The member names of an archive, in archive order. Throws jobs::WorkerFailure (internal,
// "Auxiliary data corrupt", retried) naming the archive and tar's complaint when it does not
// list.
[[nodiscard]] std::vector<std::string> list_tar(std::filesystem::path const& archive);

// Extracts an archive into `destination` (created if needed; what is there stays unless a
// member replaces it), without the archive's owners and permissions beyond the umask.
// Refused before anything is written (jobs::WorkerFailure internal "Auxiliary data refused",
// final), naming the member: an absolute name, a '..' component, a name tar had to escape.
// Refused after extraction: a symbolic link that leads out of `destination`, a FIFO, socket or
// device. A corrupt archive: as list_tar.
void extract_tar(std::filesystem::path const& archive, std::filesystem::path const& destination);

}  // namespace hrsi::aux
