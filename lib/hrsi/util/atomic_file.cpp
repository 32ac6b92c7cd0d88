// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/atomic_file.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

namespace hrsi::util {
namespace {

[[noreturn]] void fail(std::filesystem::path const& path, char const* what, int error) {
    auto const message = fmt::format("cannot write {}: {}: {}", path.string(), what, std::strerror(error));
    // A full disk or an I/O error may pass (exit 75); a path that cannot be written is the
    // caller's (exit 65).
    if (error == ENOSPC || error == EDQUOT || error == EIO || error == EAGAIN || error == EINTR) {
        throw TemporaryFailure(message + " (try again later)");
    }
    throw InputError(message);
}

// Creates a new file of a random name beside `path`, mode 0666 less the umask: the kernel
// applies the umask, which this process never changes (other threads may be creating files).
int create_temporary_beside(std::filesystem::path const& path, std::filesystem::path& temporary) {
    std::random_device random;
    auto const folder = path.parent_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = folder / fmt::format(".{}.tmp.{:08x}{:08x}", path.filename().string(), random(), random());
        int fd = open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            temporary = std::move(candidate);
            return fd;
        }
    }
    return -1;  // errno: EEXIST
}

}  // namespace

void write_file_atomically(std::filesystem::path const& path, std::string_view content) {
    if (path.filename().empty()) {
        throw InputError(fmt::format("cannot write {}: not a file name", path.string()));
    }
    auto folder = path.parent_path();
    std::filesystem::path temp_path;
    int fd = create_temporary_beside(path, temp_path);
    if (fd < 0) fail(path, "cannot create a temporary file beside it", errno);
    auto fail_removing = [&](char const* what) {
        int error = errno;
        close(fd);
        unlink(temp_path.c_str());
        fail(path, what, error);
    };
    std::size_t written = 0;
    while (written < content.size()) {
        auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_removing("write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (fsync(fd) != 0) fail_removing("fsync");
    if (close(fd) != 0) {
        int error = errno;
        unlink(temp_path.c_str());
        fail(path, "close", error);
    }
    if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
        int error = errno;
        unlink(temp_path.c_str());
        fail(path, "rename", error);
    }
    // The rename itself reaches the disk with the folder's entry.
    int dir = open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        fsync(dir);
        close(dir);
    }
}

}  // namespace hrsi::util
