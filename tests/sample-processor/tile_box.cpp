// SPDX-License-Identifier: Apache-2.0
#include "tile_box.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>

namespace sample {

Box tile_box(std::string const& tile) {
    constexpr std::string_view bands = "CDEFGHJKLMNPQRSTUVWX";
    constexpr std::string_view rows = "ABCDEFGHJKLMNPQRSTUV";
    constexpr std::array<std::string_view, 3> columns{"ABCDEFGH", "JKLMNPQR", "STUVWXYZ"};
    bool const digits = tile.size() == 5 && std::isdigit(static_cast<unsigned char>(tile[0])) &&
                        std::isdigit(static_cast<unsigned char>(tile[1]));
    int zone = digits ? std::stoi(tile.substr(0, 2)) : 0;
    auto band = tile.size() == 5 ? bands.find(tile[2]) : std::string_view::npos;
    auto column = zone >= 1 ? columns[static_cast<std::size_t>(zone - 1) % 3].find(tile[3])
                            : std::string_view::npos;
    auto row = tile.size() == 5 ? rows.find(tile[4]) : std::string_view::npos;
    if (zone < 1 || zone > 60 || band == std::string_view::npos ||
        column == std::string_view::npos || row == std::string_view::npos) {
        throw Failure(exit_bad_parameters, fmt::format("'{}' is not an MGRS tile (e.g. 32TLR)", tile));
    }
    constexpr double metres_per_degree = 111'000;
    double band_south = -80.0 + 8.0 * static_cast<double>(band);
    // Rows cycle every 2000 km of northing, shifted by 5 in even zones; take the cycle that
    // falls in the band.
    auto row_in_cycle = (static_cast<int>(row) - (zone % 2 == 0 ? 5 : 0) + 20) % 20;
    double band_northing = band_south * metres_per_degree;
    double northing = std::floor(band_northing / 2e6) * 2e6 + row_in_cycle * 1e5 + 5e4;
    if (northing < band_northing - 1e5) northing += 2e6;
    // The approximation can miss the band near the poles; the band is the surer part.
    double latitude = std::clamp(northing / metres_per_degree, band_south + 0.5, band_south + 7.5);
    double easting = (static_cast<double>(column) + 1) * 1e5 + 5e4;
    double central_meridian = (zone - 1) * 6.0 - 180.0 + 3.0;
    double longitude =
        central_meridian + (easting - 5e5) / (metres_per_degree *
                                              std::cos(latitude * 3.14159265358979 / 180.0));
    return {std::round((longitude - 0.5) * 100) / 100, std::round((latitude - 0.5) * 100) / 100};
}

std::string wkt(Box box) {
    double east = box.west + 1;
    double north = box.south + 1;
    return fmt::format("POLYGON(({0:.2f} {1:.2f}, {2:.2f} {1:.2f}, {2:.2f} {3:.2f}, "
                       "{0:.2f} {3:.2f}, {0:.2f} {1:.2f}))",
                       box.west, box.south, east, north);
}

}  // namespace sample
