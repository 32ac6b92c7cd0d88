// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/temp_folder.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace hrsi::util {

TempFolder::TempFolder(std::string const& prefix, std::filesystem::path const& base) {
    std::string pattern = (base / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw InternalError(fmt::format("cannot create a temporary folder under {}: {}", base.string(),
                                        std::strerror(errno)));
    }
    m_path = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

}  // namespace hrsi::util
