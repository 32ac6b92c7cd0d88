// SPDX-License-Identifier: Apache-2.0
#pragma once

// Advisory locks between processes on one host (flock(2) on a lock file): shared by readers,
// exclusive for a writer. A lock belongs to the open file, so two FileLock objects on the same
// file conflict even within one process; closing (the object going, or the process ending,
// however it ends) releases it.

#include <hrsi/util/fd.hpp>

#include <filesystem>

namespace hrsi::util {

class FileLock {
public:
    // Opens (creating it, mode 0666 less the umask) the lock file `path`; holds no lock yet.
    // Throws InternalError naming the file when it cannot be opened.
    explicit FileLock(std::filesystem::path path);

    // Wait for the lock. A lock already held is converted (not atomically: flock(2) releases
    // the old one first). Throw InternalError when flock fails.
    void lock_shared();
    void lock_exclusive();
    // The exclusive lock if nobody holds any lock on the file now; false otherwise.
    [[nodiscard]] bool try_lock_exclusive();
    void unlock();

    [[nodiscard]] std::filesystem::path const& path() const noexcept { return m_path; }

private:
    void apply(int operation, char const* what);
    std::filesystem::path m_path;
    Fd m_fd;
};

}  // namespace hrsi::util
