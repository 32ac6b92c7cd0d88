// SPDX-License-Identifier: Apache-2.0
// Location: parsing storage URLs.
#include <hrsi/storage/storage.hpp>

#include <fmt/format.h>

#include <cctype>

namespace hrsi::storage {
namespace {

std::string_view trim_slashes(std::string_view text) {
    while (!text.empty() && text.front() == '/') text.remove_prefix(1);
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return text;
}

// The scheme of "scheme://...", or empty for a plain path.
std::string_view scheme_of(std::string_view url) {
    auto const end = url.find("://");
    if (end == std::string_view::npos || end == 0) return {};
    if (!std::isalpha(static_cast<unsigned char>(url[0]))) return {};
    for (char c : url.substr(0, end)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
    }
    return url.substr(0, end);
}

}  // namespace

Location Location::local_path(std::filesystem::path path) {
    Location location;
    location.kind = Kind::local;
    location.path = std::move(path);
    return location;
}

Location Location::s3(std::string bucket, std::string key) {
    Location location;
    location.kind = Kind::s3;
    location.bucket = std::move(bucket);
    location.key = std::string(trim_slashes(key));
    return location;
}

Location Location::parse(std::string_view url) {
    if (url.empty()) throw InputError("empty storage URL: give a path, file:///path or s3://bucket/key");
    auto const scheme = scheme_of(url);
    if (scheme.empty()) return local_path(std::filesystem::path(url));
    auto const rest = url.substr(scheme.size() + 3);
    if (scheme == "file") {
        // file:///abs/path, or file://localhost/abs/path (RFC 8089).
        auto const slash = rest.find('/');
        auto const host = rest.substr(0, slash);
        if (slash == std::string_view::npos || (!host.empty() && host != "localhost")) {
            throw InputError(fmt::format("storage URL '{}': a file URL names a local absolute path, "
                                         "as file:///path/to/file", url));
        }
        return local_path(std::filesystem::path(rest.substr(slash)));
    }
    if (scheme == "s3") {
        auto const slash = rest.find('/');
        auto const bucket = rest.substr(0, slash);
        if (bucket.empty()) {
            throw InputError(fmt::format("storage URL '{}' names no bucket: write s3://bucket/key", url));
        }
        auto const key = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        return s3(std::string(bucket), std::string(key));
    }
    throw InputError(fmt::format("storage URL '{}': unsupported scheme '{}' (use a path, file:// or s3://)",
                                 url, scheme));
}

std::string Location::url() const {
    if (kind == Kind::local) return path.string();
    return key.empty() ? fmt::format("s3://{}", bucket) : fmt::format("s3://{}/{}", bucket, key);
}

Location Location::child(std::string_view relative) const {
    auto const part = trim_slashes(relative);
    if (part.empty()) return *this;
    if (kind == Kind::local) return local_path(path / std::filesystem::path(part));
    return s3(bucket, key.empty() ? std::string(part) : key + "/" + std::string(part));
}

}  // namespace hrsi::storage
