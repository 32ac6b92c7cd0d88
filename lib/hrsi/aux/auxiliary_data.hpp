// SPDX-License-Identifier: Apache-2.0
#pragma once

// The auxiliary data of a job (DEMs, masks, static tars: reference §5.5, §5.6), as its worker
// steps get it through jobs::WorkerContext::auxiliary. Objects live under the system parameter
// aux_storage_url (file:// or s3://) and are staged through the worker host's cache
// (aux_cache.hpp): downloaded once per host however many workers ask at once, then shared.
//
//   auto const tar = context.auxiliary.stage("csi_aux/csi_aux_" + tile + ".tar");
//   context.auxiliary.extract(tar, context.folder.root);
//
// Objects are taken as immutable for a given version: the cache never asks the storage again
// about an object it holds. Publish changed data under a new key (the reference's
// ssp_aux/<version>/...) or change the version (system parameter aux_data_version).
//
// Failures (jobs::WorkerFailure, naming the object):
//   missing object       external, the storage's subtype ("S3 object not found", "Storage
//                        object not found", reference §5.4), retried
//   a folder, not a file internal "Auxiliary data error", final
//   corrupt download     internal "Auxiliary data corrupt" (size differs from the storage's,
//                        or a tar that does not list), retried
//   unsafe tar member    internal "Auxiliary data refused", final (extract)
//   bigger than the cache internal "Auxiliary cache too small", final
// Other storage failures are the storage's errors (storage_error.hpp).

#include <hrsi/aux/aux_cache.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/util/log.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace hrsi::aux {

class AuxiliaryData {
public:
    // `root`: where the objects are (aux_storage_url); `default_version`: the version stage()
    // takes when none is given (aux_data_version). The references must outlive the object.
    AuxiliaryData(AuxCache& cache, storage::Location root, std::string default_version,
                  storage::Storage const& storage, util::Log const& log);
    AuxiliaryData(AuxiliaryData const&) = delete;
    AuxiliaryData& operator=(AuxiliaryData const&) = delete;

    // The local path of a read-only cached copy of the object <root>/<object_key> at `version`
    // (a '/'-separated key; an empty, '.' or '..' component is refused). The copy stays in the
    // cache, never evicted, as long as this object lives (the job's run); staging the same
    // object again returns the same path at no cost. Throws as the header says.
    [[nodiscard]] std::filesystem::path stage(std::string_view object_key, std::string_view version) const;
    // The same at the default version.
    [[nodiscard]] std::filesystem::path stage(std::string_view object_key) const;

    // Extracts a tar or compressed tar (a staged one, usually) into `destination`, e.g. the
    // job's folder: members with absolute names or '..' are refused before anything is
    // written, symbolic links leading out of `destination` after (tar_archive.hpp).
    void extract(std::filesystem::path const& archive, std::filesystem::path const& destination) const;

    // A private copy of a staged object at `destination` (created or replaced), for a
    // program that must see the file inside its work folder; never a link into the cache, so
    // that the program cannot change the cached copy. Returns `destination`.
    std::filesystem::path copy(std::filesystem::path const& staged, std::filesystem::path const& destination) const;

    [[nodiscard]] storage::Location const& root() const noexcept { return m_root; }
    [[nodiscard]] std::string const& default_version() const noexcept { return m_default_version; }
    // How many different objects this job staged.
    [[nodiscard]] std::size_t staged() const noexcept { return m_leases.size(); }

private:
    [[nodiscard]] Fetch fetch_for(storage::Location const& location, std::string_view object_key,
                                  std::string_view version) const;

    AuxCache& m_cache;
    storage::Location m_root;
    std::string m_default_version;
    storage::Storage const& m_storage;
    util::Log const& m_log;
    // The entries this job uses, by entry name: their shared locks keep them in the cache.
    mutable std::map<std::string, Lease, std::less<>> m_leases;
};

}  // namespace hrsi::aux
