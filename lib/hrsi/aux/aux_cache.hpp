// SPDX-License-Identifier: Apache-2.0
#pragma once

// The auxiliary-data cache of one worker host (DESIGN.md, "Tiles, footprints and the six job
// types"): a folder shared by every worker process on the host, holding read-only copies of
// auxiliary objects keyed by object and version. An entry is fetched once however many
// processes ask at once, and the folder is kept under a size bound by evicting the least
// recently used entries that no process is using. Job types use it through AuxiliaryData
// (auxiliary_data.hpp); this is the mechanism underneath.
//
// Layout under the root (one filesystem, so that renames are atomic):
//   data/<entry>   the cached files, mode 0444; their modification time is their last use
//   locks/<entry>  one lock file per entry (flock: shared while a job uses the entry,
//                  exclusive while it is fetched or evicted); kept, they are empty
//   tmp/           downloads in progress (<entry>.part-<pid>-<random>), renamed into data/
//   cache.lock     one eviction pass at a time

#include <hrsi/util/file_lock.hpp>
#include <hrsi/util/log.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace hrsi::aux {

inline constexpr std::uintmax_t default_cache_max_bytes = std::uintmax_t{50} << 30;  // 50 GiB

struct CacheSettings {
    std::filesystem::path root;  // created when first used
    std::uintmax_t max_bytes = default_cache_max_bytes;
};

// An entry in use: while the lease lives (its shared lock), no process evicts the entry.
class Lease {
public:
    Lease(util::FileLock lock, std::filesystem::path path) : m_lock(std::move(lock)), m_path(std::move(path)) {}
    [[nodiscard]] std::filesystem::path const& path() const noexcept { return m_path; }

private:
    util::FileLock m_lock;
    std::filesystem::path m_path;
};

// How to fetch an entry that is not in the cache. Each function throws to give up (the
// exception reaches the caller of acquire; nothing is left in the cache).
struct Fetch {
    // The object's size in bytes, asked before downloading (to make room for it).
    std::function<std::uintmax_t()> size;
    // Writes the object to this new file (in the cache's tmp/ folder).
    std::function<void(std::filesystem::path const&)> download;
    // Checks the downloaded file beyond its size (e.g. that a tar lists); throws when corrupt.
    std::function<void(std::filesystem::path const&)> verify;
};

class AuxCache {
public:
    AuxCache(CacheSettings settings, util::Log const& log);

    // The entry name of an object key ('/'-separated, no empty, "." or ".." component, not
    // absolute) at a version: "<key>@<version>", both percent-encoded into one file name.
    // Throws InputError for a key it refuses or a name too long for a file name.
    [[nodiscard]] static std::string entry_name(std::string_view object_key, std::string_view version);

    // The entry, fetched first if the cache does not hold it (one process fetches, the others
    // wait for it and then use its copy), and leased to the caller. A hit marks the entry as
    // just used. After a fetch, least recently used entries not in use are evicted until the
    // cache fits its bound again. Throws what `fetch` throws; jobs::WorkerFailure (internal,
    // "Auxiliary data corrupt") when the download's size differs from fetch.size(), and
    // (internal, "Auxiliary cache too small", final) when the object alone exceeds the bound.
    [[nodiscard]] Lease acquire(std::string const& entry, Fetch const& fetch);

    // Evicts least recently used entries nobody uses (and downloads abandoned by a process
    // that died) until the cache holds at most max_bytes - `needed` bytes, or nothing more
    // can go. Returns the bytes held afterwards.
    std::uintmax_t make_room(std::uintmax_t needed);

    // The bytes of the cached files and of the downloads in progress.
    [[nodiscard]] std::uintmax_t size() const;

    [[nodiscard]] CacheSettings const& settings() const noexcept { return m_settings; }
    [[nodiscard]] std::filesystem::path data_path(std::string const& entry) const {
        return m_settings.root / "data" / entry;
    }

private:
    void prepare() const;
    void fetch_into_place(std::string const& entry, Fetch const& fetch);

    CacheSettings m_settings;
    util::Log const& m_log;
};

}  // namespace hrsi::aux
