// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace hrsi::sentinel1 {

// The relative orbit (track, 1..175) of a Sentinel-1 absolute orbit, per platform: the orbit
// number within the 175-orbit repeat cycle, counted from each platform's reference orbit.
// S1A, S1B and S1C (S1C changed offset with its June 2026 orbital reconfiguration). Throws
// InputError for another platform or an absolute orbit below 1.
[[nodiscard]] int relative_orbit(std::string_view platform, long long absolute_orbit);

}  // namespace hrsi::sentinel1
