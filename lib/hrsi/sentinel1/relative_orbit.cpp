// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/relative_orbit.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::sentinel1 {
namespace {

// Orbits in a repeat cycle (12 days for one platform).
constexpr long long cycle_orbits = 175;

// relative = (absolute - offset) mod 175 + 1. Sources:
// - S1A 73, S1B 27: the ESA Sentinel-1 Mission Performance Centre (P. Meadows, STEP forum
//   "Sentinel 1 relative orbit from filename", t/7042), repeated in the SentiWiki "S1 Products"
//   page, section "Relationship between relative and absolute orbit numbers".
// - S1C 172 up to absolute orbit 8018, 99 from 8019: SentiWiki "S1 Products" (172), and the
//   orbital reconfiguration of 8-24 June 2026 (ESA at FRINGE 2026; Copernicus Data Space news
//   2026-05-28), as isce-framework/isce2 pull request 28130 applies it; orbit 8018 is the last
//   S1C orbit with products before the manoeuvre.
constexpr long long s1a_offset = 73;
constexpr long long s1b_offset = 27;
constexpr long long s1c_offset = 172;
constexpr long long s1c_offset_after_2026 = 99;
constexpr long long s1c_last_orbit_before_2026 = 8018;

long long offset_of(std::string_view platform, long long absolute_orbit) {
    if (platform == "S1A") return s1a_offset;
    if (platform == "S1B") return s1b_offset;
    if (platform == "S1C") {
        return absolute_orbit <= s1c_last_orbit_before_2026 ? s1c_offset : s1c_offset_after_2026;
    }
    throw InputError(fmt::format(
        "no relative orbit rule for platform '{}' (S1A, S1B and S1C are known)", platform));
}

}  // namespace

int relative_orbit(std::string_view platform, long long absolute_orbit) {
    if (absolute_orbit < 1) {
        throw InputError(fmt::format("absolute orbit {} of {}: orbits start at 1",
                                     absolute_orbit, platform));
    }
    long long const shifted = absolute_orbit - offset_of(platform, absolute_orbit);
    long long const within = ((shifted % cycle_orbits) + cycle_orbits) % cycle_orbits;
    return static_cast<int>(within + 1);
}

}  // namespace hrsi::sentinel1
