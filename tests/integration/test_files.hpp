// SPDX-License-Identifier: Apache-2.0
// Files and folders for tests: a temporary folder removed at the end, whole-file write and read.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace hrsi::testing {

// A fresh folder under `base` (default: the system's temporary folder), removed with
// everything in it when the object goes.
class TempFolder {
public:
    explicit TempFolder(std::string const& prefix = "hrsi-test",
                        std::filesystem::path const& base = std::filesystem::temp_directory_path()) {
        std::string pattern = (base / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder under " + base.string());
        }
        m_path = pattern;
    }
    TempFolder(TempFolder const&) = delete;
    TempFolder& operator=(TempFolder const&) = delete;
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    [[nodiscard]] std::filesystem::path const& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

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
