// SPDX-License-Identifier: Apache-2.0
#include <hrsi/aux/auxiliary_data.hpp>

#include <hrsi/aux/tar_archive.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/storage/local_backend.hpp>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace hrsi::aux {
namespace {

using jobs::FailureKind;
using jobs::WorkerFailure;

std::string describe(std::string_view object_key, std::string_view version) {
    return version.empty() ? fmt::format("auxiliary object {}", object_key)
                           : fmt::format("auxiliary object {} (version {})", object_key, version);
}

}  // namespace

AuxiliaryData::AuxiliaryData(AuxCache& cache, storage::Location root, std::string default_version,
                             storage::Storage const& storage, util::Log const& log)
    : m_cache(cache), m_root(std::move(root)), m_default_version(std::move(default_version)), m_storage(storage),
      m_log(log) {}

Fetch AuxiliaryData::fetch_for(storage::Location const& location, std::string_view object_key,
                               std::string_view version) const {
    auto const what = describe(object_key, version);
    Fetch fetch;
    fetch.size = [this, location, what] {
        std::vector<storage::Entry> entries;
        try {
            entries = m_storage.list(location);
        } catch (storage::StorageError const& error) {
            auto const& subtype = error.subtype();
            if (subtype != storage::subtype::object_not_found && subtype != storage::subtype::local_not_found) throw;
            throw WorkerFailure(FailureKind::external, subtype,
                                fmt::format("{} not found at {}", what, location.url()), true);
        }
        if (entries.empty()) {
            throw WorkerFailure(FailureKind::external, location.is_local() ? storage::subtype::local_not_found
                                                                           : storage::subtype::object_not_found,
                                fmt::format("{} not found at {}", what, location.url()), true);
        }
        if (entries.size() != 1 || !entries.front().path.empty()) {
            throw WorkerFailure(FailureKind::internal, "Auxiliary data error",
                                fmt::format("{} at {} is a folder of {} files, not one file", what, location.url(),
                                            entries.size()),
                                false);
        }
        return entries.front().size;
    };
    fetch.download = [this, location](fs::path const& temporary) {
        if (location.is_local()) {
            // A copy, never a hard link to the storage's file: the cache's copy is made read-only.
            std::error_code error;
            fs::copy_file(location.path, temporary, error);
            if (error) storage::local::throw_system_error(error, "copy", location.path);
        } else {
            m_storage.copy_in(location, temporary);
        }
    };
    if (is_tar_name(object_key)) {
        fetch.verify = [what](fs::path const& temporary) {
            try {
                (void)list_tar(temporary);
            } catch (WorkerFailure const& failure) {
                throw WorkerFailure(failure.kind(), failure.subtype(), what + ": " + failure.what(), failure.retry());
            }
        };
    }
    return fetch;
}

fs::path AuxiliaryData::stage(std::string_view object_key, std::string_view version) const {
    std::string entry;
    try {
        entry = AuxCache::entry_name(object_key, version);
    } catch (InputError const& error) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data error", error.what(), false);
    }
    if (auto const found = m_leases.find(entry); found != m_leases.end()) return found->second.path();
    auto const location = m_root.child(object_key);
    auto lease = m_cache.acquire(entry, fetch_for(location, object_key, version));
    m_log.info("{}: staged from {} as {}", describe(object_key, version), location.url(), lease.path().string());
    auto const [placed, inserted] = m_leases.emplace(entry, std::move(lease));
    return placed->second.path();
}

fs::path AuxiliaryData::stage(std::string_view object_key) const { return stage(object_key, m_default_version); }

void AuxiliaryData::extract(fs::path const& archive, fs::path const& destination) const {
    extract_tar(archive, destination);
    m_log.info("extracted {} into {}", archive.filename().string(), destination.string());
}

fs::path AuxiliaryData::copy(fs::path const& staged, fs::path const& destination) const {
    std::error_code error;
    fs::create_directories(destination.parent_path(), error);
    if (!error) fs::copy_file(staged, destination, fs::copy_options::overwrite_existing, error);
    if (!error) fs::permissions(destination, fs::perms::owner_write, fs::perm_options::add, error);
    if (error) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data error",
                            fmt::format("cannot copy {} to {}: {}", staged.string(), destination.string(),
                                        error.message()),
                            true);
    }
    return destination;
}

}  // namespace hrsi::aux
