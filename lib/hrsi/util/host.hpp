// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace hrsi::util {

// This host's name (gethostname), "unknown" if it cannot be read: recorded in heartbeats and
// executor handles, and compared with them.
[[nodiscard]] std::string host_name();

}  // namespace hrsi::util
