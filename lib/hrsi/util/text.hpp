// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace hrsi::util {

// `text` without leading and trailing blanks (spaces, tabs, CR, LF).
[[nodiscard]] inline std::string_view trimmed(std::string_view text) noexcept {
    auto const first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace hrsi::util
