// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

namespace hrsi::util {

// This host's name (gethostname), "unknown" if it cannot be read: recorded in heartbeats and
// executor handles, and compared with them.
[[nodiscard]] std::string host_name();

// This host's processors (at least 1) and physical memory in bytes (0 if it cannot be read).
[[nodiscard]] unsigned processor_count();
[[nodiscard]] std::uint64_t physical_memory();

}  // namespace hrsi::util
