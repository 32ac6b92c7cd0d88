// SPDX-License-Identifier: Apache-2.0
// Storage: picks the backend for each location.
#include "local_backend.hpp"
#include "rclone_backend.hpp"

#include <hrsi/storage/storage.hpp>

#include <hrsi/util/argv_check.hpp>
#include <hrsi/util/tree_check.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace hrsi::storage {

Storage::Storage(StorageOptions options) : m_options(std::move(options)) {}

// Inputs are hard linked where possible: the job only reads them, and a link costs nothing
// whatever the product's size.
CopyReport Storage::copy_in(Location const& source, std::filesystem::path const& destination) const {
    if (source.is_local()) return local::copy(source.path, destination, local::LinkMode::hard_link);
    util::check_argument(destination.string(), "download destination");
    return rclone::copy_in(m_options, source, destination);
}

// Outputs are cloned (reflink) or copied, never hard linked: a hard link would make the stored
// product the very inode of the work folder's file, so anything still writing there (a retried
// step, a program rewriting its output in place, an operator's investigation) would change the
// stored product behind the catalogue's back. A reflink is as cheap where the filesystem has it
// and gives an independent file.
// A link in what is uploaded could lead anywhere on the host (a program's outputs are the
// program's to shape): the upload is refused, on local storage and S3 alike.
CopyReport Storage::copy_out(std::filesystem::path const& source, Location const& destination) const {
    std::optional<util::UnsafeEntry> unsafe;
    try {
        unsafe = util::find_unsafe_entry(source);
    } catch (std::filesystem::filesystem_error const& error) {
        local::throw_system_error(error.code(), "list", source);
    }
    if (unsafe) {
        throw StorageInternalError(unsafe->link ? subtype::link_refused : subtype::unsupported_file,
                                   fmt::format("not uploading {} to {}: {} is {}", source.string(), destination.url(),
                                               unsafe->path.string(), unsafe->what));
    }
    if (destination.is_local()) return local::copy(source, destination.path, local::LinkMode::reflink);
    util::check_argument(source.string(), "upload source");
    return rclone::copy_out(m_options, source, destination);
}

bool Storage::exists(Location const& location) const {
    return location.is_local() ? local::exists(location.path) : rclone::exists(m_options, location);
}

std::vector<Entry> Storage::list(Location const& location) const {
    return location.is_local() ? local::list(location.path) : rclone::list(m_options, location);
}

void Storage::remove(Location const& location) const {
    if (location.is_local()) {
        local::remove(location.path);
    } else {
        rclone::remove(m_options, location);
    }
}

}  // namespace hrsi::storage
