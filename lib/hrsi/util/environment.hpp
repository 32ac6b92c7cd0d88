// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

namespace hrsi::util {

// The value of an environment variable, or nothing when it is unset or empty (an empty
// setting means "not given" everywhere in hrsi).
[[nodiscard]] std::optional<std::string> environment_value(char const* name);

}  // namespace hrsi::util
