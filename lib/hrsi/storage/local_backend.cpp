// SPDX-License-Identifier: Apache-2.0
// Local storage backend: hard links, reflinks or byte copies, written under a temporary name and
// renamed into place.
#include "local_backend.hpp"

#include <hrsi/util/fd.hpp>

#include <fmt/format.h>
#include <fmt/std.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <random>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace hrsi::storage::local {
namespace {

using util::Fd;

[[noreturn]] void throw_errno(int error, std::string const& action, fs::path const& path) {
    throw_system_error(std::error_code(error, std::generic_category()), action, path);
}

std::string random_suffix() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    return fmt::format("{:012x}", engine() & 0xffffffffffffULL);
}

// Byte copy of an open file: copy_file_range (in-kernel), then plain read/write where the kernel
// refuses it (older kernels across filesystems, some special filesystems).
void copy_bytes(int in, int out, std::uintmax_t size, fs::path const& source) {
    std::uintmax_t done = 0;
    bool use_range = true;
    // For the read/write fallback: 128 KiB as cp, small enough to stay in the CPU cache, and
    // page-aligned (the kernel copies aligned pages faster).
    struct Free {
        void operator()(char* p) const noexcept { std::free(p); }
    };
    constexpr std::size_t buffer_size = std::size_t{128} << 10;
    std::unique_ptr<char, Free> buffer;
    while (done < size) {
        if (use_range) {
            ssize_t const n = ::copy_file_range(in, nullptr, out, nullptr, size - done, 0);
            if (n > 0) {
                done += static_cast<std::uintmax_t>(n);
                continue;
            }
            if (n == 0) break;  // the source shrank: the size check below reports it
            if (errno == EINTR) continue;
            if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
                throw_errno(errno, "copy", source);
            }
            use_range = false;
            if (::lseek(in, static_cast<off_t>(done), SEEK_SET) < 0 ||
                ::lseek(out, static_cast<off_t>(done), SEEK_SET) < 0) {
                throw_errno(errno, "seek in", source);
            }
        }
        if (!buffer) {
            buffer.reset(static_cast<char*>(std::aligned_alloc(4096, buffer_size)));
            if (!buffer) throw std::bad_alloc();
            ::posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
        ssize_t const n = ::read(in, buffer.get(), buffer_size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "read", source);
        }
        if (n == 0) break;
        for (ssize_t written = 0; written < n;) {
            ssize_t const w = ::write(out, buffer.get() + written, static_cast<std::size_t>(n - written));
            if (w < 0) {
                if (errno == EINTR) continue;
                throw_errno(errno, "write a copy of", source);
            }
            written += w;
        }
        done += static_cast<std::uintmax_t>(n);
    }
}

// One regular file. `info` is the source's lstat (the caller checked it is a regular file).
void copy_file(fs::path const& source, struct stat const& info, fs::path const& destination, LinkMode mode,
               CopyReport& report) {
    auto const size = static_cast<std::uintmax_t>(info.st_size);
    if (mode == LinkMode::hard_link) {
        if (::link(source.c_str(), destination.c_str()) == 0) {
            ++report.linked;
            ++report.files;
            report.bytes += size;
            return;
        }
        // Another filesystem, a filesystem without hard links, too many links, or a source we may
        // read but not link (protected_hardlinks): copy the bytes instead.
        if (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != EOPNOTSUPP && errno != ENOSYS) {
            throw_errno(errno, "link", destination);
        }
    }
    Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (in.get() < 0) throw_errno(errno, "open", source);
    Fd out(::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, info.st_mode & 07777));
    if (out.get() < 0) throw_errno(errno, "create", destination);
    bool cloned = false;
    if (mode == LinkMode::reflink) {
        // btrfs, XFS with reflink, bcachefs: shared extents, instant. Anything else refuses.
        cloned = ::ioctl(out.get(), FICLONE, in.get()) == 0;
    }
    if (!cloned) copy_bytes(in.get(), out.get(), size, source);
    struct stat written {};
    if (::fstat(out.get(), &written) != 0) throw_errno(errno, "check", destination);
    if (static_cast<std::uintmax_t>(written.st_size) != size) {
        throw StorageExternalError(subtype::io_error,
                                   fmt::format("copy of {} has {} bytes instead of {}", source, written.st_size, size));
    }
    struct timespec const times[2] = {info.st_atim, info.st_mtim};
    ::futimens(out.get(), times);  // best effort: keeping the modification time is a courtesy
    if (out.close() != 0) throw_errno(errno, "write", destination);
    ++(cloned ? report.cloned : report.copied);
    ++report.files;
    report.bytes += size;
}

struct stat lstat_or_throw(fs::path const& path, char const* action) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) throw_errno(errno, action, path);
    return info;
}

// Copies `source` (file, symbolic link or folder, recursively) to the new path `destination`.
void copy_entry(fs::path const& source, fs::path const& destination, LinkMode mode, CopyReport& report) {
    auto const info = lstat_or_throw(source, "read");
    if (S_ISREG(info.st_mode)) {
        copy_file(source, info, destination, mode, report);
    } else if (S_ISLNK(info.st_mode)) {
        std::error_code error;
        fs::copy_symlink(source, destination, error);
        if (error) throw_system_error(error, "copy the symbolic link", source);
    } else if (S_ISDIR(info.st_mode)) {
        if (::mkdir(destination.c_str(), (info.st_mode & 07777) | S_IRWXU) != 0) {
            throw_errno(errno, "create the folder", destination);
        }
        std::error_code error;
        std::vector<fs::path> children;
        for (fs::directory_iterator it(source, error), end; !error && it != end; it.increment(error)) {
            children.push_back(it->path().filename());
        }
        if (error) throw_system_error(error, "list", source);
        std::sort(children.begin(), children.end());
        for (auto const& name : children) copy_entry(source / name, destination / name, mode, report);
    } else {
        // FIFOs, sockets, devices: reading them may block forever or never end.
        throw StorageInternalError(subtype::unsupported_file,
                                   fmt::format("{} is not a regular file, folder or symbolic link", source));
    }
}

}  // namespace

void throw_system_error(std::error_code error, std::string const& action, fs::path const& path) {
    auto const details = fmt::format("cannot {} {}: {}", action, path, error.message());
    auto const condition = error.default_error_condition();
    if (condition == std::errc::no_such_file_or_directory) {
        throw StorageExternalError(subtype::local_not_found, details);
    }
    if (condition == std::errc::permission_denied || condition == std::errc::operation_not_permitted ||
        condition == std::errc::read_only_file_system) {
        throw StorageInternalError(subtype::permission_denied, details);
    }
    if (condition == std::errc::is_a_directory || condition == std::errc::not_a_directory ||
        condition == std::errc::directory_not_empty) {
        throw StorageInternalError(subtype::is_a_directory, details);
    }
    // EIO, ENOSPC, EDQUOT, ESTALE (NFS), ...: the storage, not the request, is at fault.
    throw StorageExternalError(subtype::io_error, details);
}

fs::path temporary_sibling(fs::path const& destination) {
    auto name = destination.filename();
    if (name.empty()) name = destination.parent_path().filename();
    return destination.parent_path() / fmt::format("{}.partial-{}-{}", name.string(), ::getpid(), random_suffix());
}

void install(fs::path const& temporary, fs::path const& destination) {
    struct stat info {};
    if (::lstat(destination.c_str(), &info) != 0) {
        if (errno != ENOENT) throw_errno(errno, "replace", destination);
        if (::rename(temporary.c_str(), destination.c_str()) != 0) throw_errno(errno, "rename into", destination);
        return;
    }
    // Something is there: swap it with the new one in one step, then remove the old one. A reader
    // sees either the old tree or the new one, never a mixture or nothing.
    if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, destination.c_str(), RENAME_EXCHANGE) == 0) {
        std::error_code ignored;
        fs::remove_all(temporary, ignored);  // now the old content
        return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) throw_errno(errno, "replace", destination);
    // No RENAME_EXCHANGE on this filesystem: move the old one aside, the new one in, and put the old
    // one back if that fails. The destination name is briefly missing, never half written.
    auto const old = fs::path(temporary.string() + ".old");
    if (::rename(destination.c_str(), old.c_str()) != 0) throw_errno(errno, "move aside", destination);
    if (::rename(temporary.c_str(), destination.c_str()) != 0) {
        int const error = errno;
        ::rename(old.c_str(), destination.c_str());
        throw_errno(error, "rename into", destination);
    }
    std::error_code ignored;
    fs::remove_all(old, ignored);
}

CopyReport copy(fs::path const& source, fs::path const& destination, LinkMode mode) {
    struct stat info {};
    if (::stat(source.c_str(), &info) != 0) throw_errno(errno, "read", source);
    auto const parent = destination.parent_path();
    if (!parent.empty()) {
        std::error_code error;
        fs::create_directories(parent, error);
        if (error) throw_system_error(error, "create the folder", parent);
    }
    auto const temporary = temporary_sibling(destination);
    CopyReport report;
    try {
        // A symbolic link given as the source is followed; links inside a tree are kept as links.
        std::error_code error;
        auto const real = fs::is_symlink(source, error) ? fs::canonical(source, error) : source;
        if (error) throw_system_error(error, "resolve", source);
        copy_entry(real, temporary, mode, report);
        install(temporary, destination);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(temporary, ignored);
        throw;
    }
    return report;
}

bool exists(fs::path const& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) return true;
    if (errno == ENOENT) return false;
    throw_errno(errno, "look at", path);
}

std::vector<Entry> list(fs::path const& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw_errno(errno, "list", path);
    std::vector<Entry> entries;
    if (!S_ISDIR(info.st_mode)) {
        entries.push_back({"", static_cast<std::uintmax_t>(info.st_size)});
        return entries;
    }
    std::error_code error;
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
        std::error_code status_error;
        if (!it->is_regular_file(status_error)) continue;
        auto const size = it->file_size(status_error);
        if (status_error) throw_system_error(status_error, "look at", it->path());
        entries.push_back({it->path().lexically_relative(path).generic_string(), size});
    }
    if (error) throw_system_error(error, "list", path);
    std::sort(entries.begin(), entries.end(), [](Entry const& a, Entry const& b) { return a.path < b.path; });
    return entries;
}

void remove(fs::path const& path) {
    std::error_code error;
    fs::remove_all(path, error);
    if (error) throw_system_error(error, "remove", path);
}

}  // namespace hrsi::storage::local
