// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/file_lock.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>

namespace hrsi::util {

FileLock::FileLock(std::filesystem::path path) : m_path(std::move(path)) {
    int fd = -1;
    do {
        fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        throw InternalError(fmt::format("cannot open the lock file {}: {}", m_path.string(), std::strerror(errno)));
    }
    m_fd = Fd(fd);
}

void FileLock::apply(int operation, char const* what) {
    while (::flock(m_fd.get(), operation) != 0) {
        if (errno == EINTR) continue;
        throw InternalError(fmt::format("cannot {} {}: {}", what, m_path.string(), std::strerror(errno)));
    }
}

void FileLock::lock_shared() { apply(LOCK_SH, "share the lock"); }

void FileLock::lock_exclusive() { apply(LOCK_EX, "lock"); }

bool FileLock::try_lock_exclusive() {
    while (::flock(m_fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK) return false;
        throw InternalError(fmt::format("cannot lock {}: {}", m_path.string(), std::strerror(errno)));
    }
    return true;
}

void FileLock::unlock() { apply(LOCK_UN, "unlock"); }

}  // namespace hrsi::util
