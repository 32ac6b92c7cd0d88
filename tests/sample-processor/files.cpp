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

// A fixed, valid 8x8 RGB PNG (white corner on blue-grey): the quicklook of every product.
constexpr std::array<unsigned char, 101> quicklook_png_data{
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b,
    0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x2c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8,
    0xf0, 0xe1, 0x17, 0x56, 0xc4, 0x80, 0x55, 0xd4, 0x2d, 0xa5, 0x87, 0x01, 0xab, 0x28, 0x16,
    0x09, 0x88, 0x28, 0xba, 0x04, 0x5c, 0x14, 0x45, 0x02, 0x59, 0x14, 0x21, 0x81, 0x26, 0x0a,
    0x95, 0xc0, 0x14, 0x05, 0x22, 0x00, 0xdc, 0xdc, 0x88, 0x91, 0xdc, 0x59, 0x52, 0xbd, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

std::string_view quicklook_png() {
    return {reinterpret_cast<char const*>(quicklook_png_data.data()), quicklook_png_data.size()};
}

}  // namespace sample
