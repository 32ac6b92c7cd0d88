// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/environment.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace hrsi::util {

std::optional<std::string> environment_value(char const* name) {
    char const* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

std::optional<std::chrono::seconds> environment_seconds(char const* name) {
    auto const text = environment_value(name);
    if (!text) return std::nullopt;
    char* end = nullptr;
    auto const value = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end != '\0' || !(value > 0) || value == HUGE_VAL) {
        throw UsageError(fmt::format("{} must be a positive number of seconds, not '{}'", name, *text));
    }
    return std::chrono::seconds(static_cast<long long>(std::ceil(value)));
}

}  // namespace hrsi::util
