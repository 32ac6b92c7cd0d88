// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace sample {

// A plausible 1°x1° footprint around the MGRS tile (zone, latitude band and 100 km square;
// flat-earth approximation): good enough for a catalogue entry of a synthetic product, and
// for the sample RLIE-S1 intersection.
struct Box {
    double west = 0;
    double south = 0;
};

// Throws Failure (bad parameters) for a text that is not an MGRS tile.
[[nodiscard]] Box tile_box(std::string const& tile);

// POLYGON((west south, ...)) of the 1°x1° box.
[[nodiscard]] std::string wkt(Box box);

}  // namespace sample
