// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace hrsi::util {

// `text` without leading and trailing blanks (spaces, tabs, CR, LF, VT, FF).
[[nodiscard]] inline std::string_view trimmed(std::string_view text) noexcept {
    constexpr std::string_view blanks = " \t\r\n\v\f";
    auto const first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// The last component of a path or URL path: "/eodata/a/B.SAFE/" -> "B.SAFE".
[[nodiscard]] inline std::string_view last_component(std::string_view path) noexcept {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    auto const slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace hrsi::util
