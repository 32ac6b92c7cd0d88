// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace hrsi::util {

// The value of an environment variable, or nothing when it is unset or empty (an empty
// setting means "not given" everywhere in hrsi).
[[nodiscard]] std::optional<std::string> environment_value(char const* name);

// A positive number of seconds from an environment variable (rounded up), or nothing when it
// is unset or empty. Throws UsageError naming the variable for anything else.
[[nodiscard]] std::optional<std::chrono::seconds> environment_seconds(char const* name);

}  // namespace hrsi::util
