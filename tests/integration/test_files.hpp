// SPDX-License-Identifier: Apache-2.0
// Files and folders for tests: a temporary folder removed at the end, whole-file write and read.
#pragma once

#include <hrsi/util/temp_folder.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace hrsi::testing {

// A fresh folder removed with everything in it when the object goes (the library's).
using util::TempFolder;

// Writes `content` to `path`, creating its folders.
inline void write_file(std::filesystem::path const& path, std::string const& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

inline std::string read_file(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace hrsi::testing
