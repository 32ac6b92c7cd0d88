// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/environment.hpp>

#include <cstdlib>

namespace hrsi::util {

std::optional<std::string> environment_value(char const* name) {
    char const* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

}  // namespace hrsi::util
