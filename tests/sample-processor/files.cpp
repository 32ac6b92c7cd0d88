// SPDX-License-Identifier: Apache-2.0
#include "files.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <system_error>
#include <vector>

namespace sample {
namespace {

[[noreturn]] void io_failure(std::string_view what, fs::path const& path,
                             std::error_code error = {}) {
    throw Failure(exit_io_error, error ? fmt::format("cannot {} {}: {}", what, path.string(),
                                                     error.message())
                                       : fmt::format("cannot {} {}", what, path.string()));
}

void read_file(fs::path const& path, ReadSummary& summary) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure(exit_missing_input, fmt::format("cannot read input {}", path.string()));
    std::array<char, 65536> buffer;
    while (in) {
        in.read(buffer.data(), buffer.size());
        auto count = static_cast<std::size_t>(in.gcount());
        summary.bytes += count;
        summary.hash = hash_bytes({buffer.data(), count}, summary.hash);
    }
    if (in.bad()) {
        throw Failure(exit_missing_input, fmt::format("cannot read input {}", path.string()));
    }
    ++summary.files;
}

// Name order, so the hash does not depend on the file system's listing order.
std::vector<fs::path> files_in(fs::path const& folder) {
    std::vector<fs::path> files;
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::follow_directory_symlink,
                                        error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file()) files.push_back(it->path());
    }
    if (error) {
        throw Failure(exit_missing_input,
                      fmt::format("cannot list input {}: {}", folder.string(), error.message()));
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t hash) {
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

void read_input(fs::path const& path, ReadSummary& summary) {
    std::error_code error;
    auto status = fs::status(path, error);
    if (status.type() == fs::file_type::directory) {
        for (auto const& file : files_in(path)) read_file(file, summary);
    } else if (status.type() == fs::file_type::regular) {
        read_file(path, summary);
    } else {
        throw Failure(exit_missing_input, fmt::format("input {} does not exist", path.string()));
    }
}

std::string base_name(fs::path const& path) {
    auto name = path.filename();
    return name.empty() ? path.parent_path().filename().string() : name.string();
}

std::string pseudo_random_bytes(std::uint64_t seed, std::size_t size) {
    std::uint64_t state = seed | 1;  // xorshift never leaves 0
    std::string bytes(size, '\0');
    for (auto& byte : bytes) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        byte = static_cast<char>(state >> 56);
    }
    return bytes;
}

void create_folder(fs::path const& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) io_failure("create folder", folder, error);
}

void write_file(fs::path const& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) io_failure("write", path);
}

void write_file_atomically(fs::path const& path, std::string_view content) {
    auto temporary = path;
    temporary += ".part";
    write_file(temporary, content);
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) io_failure("rename to", path, error);
}

void remove_file(fs::path const& path) {
    std::error_code error;
    fs::remove(path, error);
    if (error) io_failure("remove", path, error);
}

std::uintmax_t folder_size(fs::path const& folder, std::string_view except) {
    std::uintmax_t size = 0;
    std::error_code error;
    fs::recursive_directory_iterator it(folder, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (!it->is_regular_file() || it->path().filename() == except) continue;
        size += it->file_size(error);
        if (error) io_failure("measure", it->path(), error);
    }
    if (error) io_failure("list", folder, error);
    return size;
}

}  // namespace sample
