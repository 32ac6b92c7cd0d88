// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/error.hpp>

#include <string>
#include <utility>

namespace hrsi::storage {

// Storage failures, classified as the reference does (anchor §5.4): internal errors will not go
// away by trying again (bad credentials, missing bucket, permission denied, a folder where a file
// is expected); external errors may (network, timeouts, missing object, I/O). The subtype is the
// short label recorded with a job's error status; what() is "<subtype>: <details>".
namespace subtype {
inline constexpr char const* bad_credentials = "Bad S3 credentials";
inline constexpr char const* bucket_not_found = "S3 bucket not found";
inline constexpr char const* object_not_found = "S3 object not found";
inline constexpr char const* local_not_found = "Storage object not found";
inline constexpr char const* permission_denied = "Storage permission denied";
inline constexpr char const* is_a_directory = "Storage is a directory";
inline constexpr char const* unsupported_file = "Storage unsupported file type";
// An upload source holds a symbolic link (or a FIFO, socket, device): never followed, never sent.
inline constexpr char const* link_refused = "Storage link refused";
inline constexpr char const* io_error = "Storage I/O error";
inline constexpr char const* network_error = "Storage network error";
inline constexpr char const* not_configured = "Storage not configured";
}  // namespace subtype

class StorageError : public Error {
public:
    StorageError(std::string subtype, std::string const& details)
        : Error(subtype + ": " + details), m_subtype(std::move(subtype)) {}
    [[nodiscard]] std::string const& subtype() const noexcept { return m_subtype; }

private:
    std::string m_subtype;
};

class StorageInternalError : public StorageError {
public:
    using StorageError::StorageError;
    [[nodiscard]] int exit_code() const noexcept override { return exit_internal; }
};

class StorageExternalError : public StorageError {
public:
    using StorageError::StorageError;
    [[nodiscard]] int exit_code() const noexcept override { return exit_unavailable; }
};

}  // namespace hrsi::storage
