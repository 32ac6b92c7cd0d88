// SPDX-License-Identifier: Apache-2.0
#include <hrsi/aux/aux_cache.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/fd.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace hrsi::aux {
namespace {

// An entry found after its fetch may be evicted before it is leased (a cache smaller than its
// entries in use): try again this many times, then give up.
constexpr int acquire_tries = 5;
// File names stay below the usual 255-byte limit, with room for tmp/'s suffix.
constexpr std::size_t max_entry_name = 200;

bool plain_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

std::string percent_encoded(std::string_view text) {
    std::string encoded;
    for (char const c : text) {
        if (plain_character(c)) {
            encoded += c;
        } else {
            encoded += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        }
    }
    return encoded;
}

void check_object_key(std::string_view key) {
    auto refuse = [&](char const* why) {
        throw InputError(fmt::format("auxiliary object key '{}' {}: refused", key, why));
    };
    if (key.empty()) refuse("is empty");
    if (key.front() == '/') refuse("is absolute");
    std::string_view rest = key;
    while (true) {
        auto const slash = rest.find('/');
        auto const component = rest.substr(0, slash);
        if (component.empty() || component == "." || component == "..") {
            refuse("has an empty, '.' or '..' component");
        }
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
}

[[noreturn]] void throw_errno(char const* action, fs::path const& path) {
    throw InternalError(fmt::format("auxiliary cache: cannot {} {}: {}", action, path.string(), std::strerror(errno)));
}

// Marks a cached file as just used (its modification time orders the evictions). Best effort:
// a file another user's worker cached may not be ours to touch; it then ages as if unused.
void touch(fs::path const& path) {
    if (::utimensat(AT_FDCWD, path.c_str(), nullptr, 0) == 0) return;
    if (errno != ENOENT && errno != EACCES && errno != EPERM && errno != EROFS) throw_errno("touch", path);
}

bool is_cached_file(fs::path const& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// Flushes a downloaded file to disk and makes it read-only, before it is renamed into place.
void seal(fs::path const& path) {
    util::Fd const fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) throw_errno("open", path);
    if (::fsync(fd.get()) != 0) throw_errno("flush", path);
    if (::fchmod(fd.get(), 0444) != 0) throw_errno("make read-only", path);
}

std::string temporary_suffix() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    return fmt::format(".part-{}-{:08x}", ::getpid(), engine() & 0xffffffffU);
}

// Removes a temporary file when its download does not end in the cache.
class TemporaryFile {
public:
    explicit TemporaryFile(fs::path path) : m_path(std::move(path)) {}
    TemporaryFile(TemporaryFile const&) = delete;
    TemporaryFile& operator=(TemporaryFile const&) = delete;
    ~TemporaryFile() {
        if (m_path.empty()) return;
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    [[nodiscard]] fs::path const& path() const noexcept { return m_path; }
    void release() noexcept { m_path.clear(); }

private:
    fs::path m_path;
};

struct CachedFile {
    std::string entry;
    std::uintmax_t size = 0;
    struct timespec used {};
};

bool used_earlier(CachedFile const& a, CachedFile const& b) {
    if (a.used.tv_sec != b.used.tv_sec) return a.used.tv_sec < b.used.tv_sec;
    if (a.used.tv_nsec != b.used.tv_nsec) return a.used.tv_nsec < b.used.tv_nsec;
    return a.entry < b.entry;
}

std::vector<CachedFile> cached_files(fs::path const& folder) {
    std::vector<CachedFile> files;
    std::error_code error;
    for (auto const& item : fs::directory_iterator(folder, error)) {
        struct stat info {};
        if (::lstat(item.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
        files.push_back({item.path().filename().string(), static_cast<std::uintmax_t>(info.st_size), info.st_mtim});
    }
    if (error) throw InternalError(fmt::format("auxiliary cache: cannot list {}: {}", folder.string(), error.message()));
    return files;
}

}  // namespace

AuxCache::AuxCache(CacheSettings settings, util::Log const& log) : m_settings(std::move(settings)), m_log(log) {}

std::string AuxCache::entry_name(std::string_view object_key, std::string_view version) {
    check_object_key(object_key);
    auto name = percent_encoded(object_key) + "@" + percent_encoded(version);
    if (name.size() > max_entry_name) {
        throw InputError(fmt::format("auxiliary object key '{}' at version '{}' is too long for the cache ({} "
                                     "characters encoded, at most {})",
                                     object_key, version, name.size(), max_entry_name));
    }
    return name;
}

void AuxCache::prepare() const {
    for (char const* folder : {"data", "locks", "tmp"}) {
        std::error_code error;
        fs::create_directories(m_settings.root / folder, error);
        if (error) {
            throw InternalError(fmt::format("auxiliary cache: cannot create {}: {}",
                                            (m_settings.root / folder).string(), error.message()));
        }
    }
}

Lease AuxCache::acquire(std::string const& entry, Fetch const& fetch) {
    prepare();
    auto const path = data_path(entry);
    util::FileLock lock(m_settings.root / "locks" / entry);
    for (int attempt = 0; attempt < acquire_tries; ++attempt) {
        lock.lock_shared();
        if (is_cached_file(path)) {
            touch(path);
            m_log.debug("auxiliary cache: {} from the cache", entry);
            return Lease(std::move(lock), path);
        }
        // A miss: one process fetches while the others wait here, then find its copy.
        lock.lock_exclusive();
        if (!is_cached_file(path)) fetch_into_place(entry, fetch);
        // Back to shared: the entry exists unless an eviction slipped in between; then again.
    }
    throw InternalError(fmt::format("auxiliary cache: {} was evicted {} times right after it was fetched; the "
                                    "cache ({} bytes at most) is too small for the entries in use",
                                    entry, acquire_tries, m_settings.max_bytes));
}

void AuxCache::fetch_into_place(std::string const& entry, Fetch const& fetch) {
    auto const expected = fetch.size();
    if (expected > m_settings.max_bytes) {
        throw jobs::WorkerFailure(jobs::FailureKind::internal, "Auxiliary cache too small",
                                  fmt::format("auxiliary object {} is {} bytes, more than the whole cache {} "
                                              "may hold ({} bytes): raise hrsi-run-worker --aux-cache-size",
                                              entry, expected, m_settings.root.string(), m_settings.max_bytes),
                                  false);
    }
    make_room(expected);
    TemporaryFile temporary(m_settings.root / "tmp" / (entry + temporary_suffix()));
    m_log.info("auxiliary cache: downloading {} ({} bytes) into {}", entry, expected, m_settings.root.string());
    auto const started = std::chrono::steady_clock::now();
    fetch.download(temporary.path());
    std::error_code error;
    auto const size = fs::file_size(temporary.path(), error);
    if (error || size != expected) {
        throw jobs::WorkerFailure(jobs::FailureKind::internal, "Auxiliary data corrupt",
                                  fmt::format("auxiliary object {}: downloaded {} bytes, the storage lists {}",
                                              entry, error ? 0 : size, expected),
                                  true);
    }
    if (fetch.verify) fetch.verify(temporary.path());
    seal(temporary.path());
    if (::rename(temporary.path().c_str(), data_path(entry).c_str()) != 0) throw_errno("rename", temporary.path());
    temporary.release();
    m_log.info("auxiliary cache: {} cached ({} bytes in {:.1f} s)", entry, size,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    make_room(0);
}

std::uintmax_t AuxCache::make_room(std::uintmax_t needed) {
    prepare();
    util::FileLock pass(m_settings.root / "cache.lock");
    pass.lock_exclusive();
    auto files = cached_files(m_settings.root / "data");
    std::uintmax_t held = 0;
    for (auto const& file : files) held += file.size;
    // Downloads in progress count; those whose process died (nobody holds their entry's lock) go.
    for (auto const& part : cached_files(m_settings.root / "tmp")) {
        auto const cut = part.entry.rfind(".part-");
        if (cut == std::string::npos) continue;  // not ours
        util::FileLock owner(m_settings.root / "locks" / part.entry.substr(0, cut));
        if (owner.try_lock_exclusive()) {
            std::error_code ignored;
            fs::remove(m_settings.root / "tmp" / part.entry, ignored);
            m_log.info("auxiliary cache: removed the abandoned download {}", part.entry);
        } else {
            held += part.size;
        }
    }
    auto const limit = m_settings.max_bytes - std::min(needed, m_settings.max_bytes);
    if (held <= limit) return held;
    std::sort(files.begin(), files.end(), used_earlier);
    std::uintmax_t in_use = 0;
    for (auto const& file : files) {
        if (held <= limit) break;
        util::FileLock owner(m_settings.root / "locks" / file.entry);
        if (!owner.try_lock_exclusive()) {
            in_use += file.size;
            continue;
        }
        if (::unlink(data_path(file.entry).c_str()) != 0) {
            if (errno == ENOENT) continue;
            throw_errno("evict", data_path(file.entry));
        }
        held -= file.size;
        m_log.info("auxiliary cache: evicted {} ({} bytes)", file.entry, file.size);
    }
    if (held > limit) {
        m_log.warn("auxiliary cache: {} holds {} bytes, over its bound of {} ({} bytes needed); {} bytes are in use "
                   "by running jobs and stay",
                   m_settings.root.string(), held, m_settings.max_bytes, needed, in_use);
    }
    return held;
}

std::uintmax_t AuxCache::size() const {
    std::uintmax_t total = 0;
    for (auto const* folder : {"data", "tmp"}) {
        for (auto const& file : cached_files(m_settings.root / folder)) total += file.size;
    }
    return total;
}

}  // namespace hrsi::aux
