// SPDX-License-Identifier: Apache-2.0
#pragma once

// A staged Sentinel-1 GRD folder as the sample RLIE-S1 and SWS/WDS programs read it.

#include "files.hpp"

#include <limits>
#include <string>

namespace sample {

// MMM_BB_TTTR_LFPP_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS_OOOOOO_DDDDDD_CCCC[.SAFE], IW GRDH only.
struct Grd {
    std::string name;            // without .SAFE
    std::string mission;         // S1A, S1B, S1C
    std::string start;           // YYYYMMDDTHHMMSS
    std::string stop;            // YYYYMMDDTHHMMSS
    std::string mission_take_id;  // DDDDDD, upper-case hex
};

// Throws Failure (bad parameters) for a name that is not an IW GRDH VV+VH one.
[[nodiscard]] Grd parse_grd(fs::path const& path);

struct Bounds {
    double west = std::numeric_limits<double>::max();
    double south = std::numeric_limits<double>::max();
    double east = std::numeric_limits<double>::lowest();
    double north = std::numeric_limits<double>::lowest();
};

// The bounds of the GRD's footprint in its manifest.safe: <gml:coordinates>lat,lon lat,lon ...
// Throws Failure (missing input: no manifest; bad parameters: no or bad coordinates).
[[nodiscard]] Bounds manifest_footprint(fs::path const& grd);

// A whole file; Failure (missing input) naming `what` when it cannot be read.
[[nodiscard]] std::string read_text_file(fs::path const& path, std::string_view what);

// 2024-01-05T05:43:21.000000Z from 20240105T054321.
[[nodiscard]] std::string iso_time(std::string_view compact);

}  // namespace sample
