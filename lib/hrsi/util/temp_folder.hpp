// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <string>

namespace hrsi::util {

// A fresh folder under `base` (default: the system's temporary folder), made by mkdtemp (so
// private to this process: mode 0700, a name no other process gets), removed with everything
// in it when the object goes.
class TempFolder {
public:
    explicit TempFolder(std::string const& prefix = "hrsi",
                        std::filesystem::path const& base = std::filesystem::temp_directory_path());
    TempFolder(TempFolder const&) = delete;
    TempFolder& operator=(TempFolder const&) = delete;
    ~TempFolder();
    [[nodiscard]] std::filesystem::path const& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace hrsi::util
