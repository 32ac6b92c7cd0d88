// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/argv_check.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hrsi::util {

void check_argument(std::string_view value, std::string_view what) {
    bool const control = std::any_of(value.begin(), value.end(), [](char c) {
        auto const byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
    if (value.empty() || value.front() == '-' || control) {
        std::string shown;
        for (char c : value.substr(0, 80)) shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
        throw InternalError(fmt::format("{} '{}' is not a value a command line may take (empty, an option or "
                                        "control characters): refused",
                                        what, shown));
    }
}

}  // namespace hrsi::util
