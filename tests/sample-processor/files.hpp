// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sample {

namespace fs = std::filesystem;

inline constexpr std::uint64_t fnv_offset = 14695981039346656037ULL;

// FNV-1a, continued from `hash`: a stable fingerprint of inputs without any library.
[[nodiscard]] std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t hash = fnv_offset);

// What reading inputs found.
struct ReadSummary {
    std::uintmax_t files = 0;
    std::uintmax_t bytes = 0;
    std::uint64_t hash = fnv_offset;  // of the contents, files in name order
};

// Reads every byte of a file or folder tree into `summary`; follows symbolic links, as the
// worker may stage inputs as links. Throws Failure (missing input) when absent or unreadable.
void read_input(fs::path const& path, ReadSummary& summary);

// The last name of a path, also with a trailing slash ("a/b.SAFE/" -> "b.SAFE").
[[nodiscard]] std::string base_name(fs::path const& path);

// `size` deterministic bytes from `seed` (xorshift): stand-in raster content.
[[nodiscard]] std::string pseudo_random_bytes(std::uint64_t seed, std::size_t size);

// These throw Failure (I/O error) naming the path.
void create_folder(fs::path const& folder);
void write_file(fs::path const& path, std::string_view content);
// Through a temporary name and a rename, so a reader never sees a half-written file.
void write_file_atomically(fs::path const& path, std::string_view content);
void remove_file(fs::path const& path);

// A fixed, valid 8x8 PNG: the quicklook of every sample product.
[[nodiscard]] std::string_view quicklook_png();

// The total size of the regular files in `folder` (recursive), except those named `except`.
[[nodiscard]] std::uintmax_t folder_size(fs::path const& folder, std::string_view except);

}  // namespace sample
