// SPDX-License-Identifier: Apache-2.0
// Sentinel-1 slices of real form over the Alps, for the assembly and SWS/WDS tests.
#pragma once

#include <hrsi/sentinel1/slice.hpp>
#include <hrsi/tiles/tile_grid.hpp>

#include <fmt/format.h>

#include <chrono>
#include <string>

namespace hrsi::test {

using std::chrono::seconds;
using sentinel1::Pass;
using sentinel1::Slice;

inline tiles::TileGrid const& grid() {
    static tiles::TileGrid const loaded = tiles::TileGrid::load(HRSI_TILE_DATA_DIR);
    return loaded;
}

inline util::TimePoint const datatake_start = util::parse_time("2024-01-05T17:15:30Z");

inline std::string compact(util::TimePoint time) {
    auto const day = std::chrono::floor<std::chrono::days>(time);
    std::chrono::year_month_day const date(day);
    std::chrono::hh_mm_ss const clock(std::chrono::floor<seconds>(time - day));
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

// Slice `number` (1-based) of an ascending S1A datatake of `total` 25-second slices over the
// western Alps, as the catalogue gives them: each slice ~172 km along track (1.55° north,
// 0.4° west), 250 km across (3.3° east, 0.4° north), sharing its edges with its neighbours.
// Its western part lies over zone-31 tiles, the rest over zone 32.
inline Slice alpine_slice(int number, int total, char const* unique_id = "A1B2",
                   std::string take = "06476F") {
    double const x = 7.6 - 0.4 * (number - 1);
    double const y = 43.5 + 1.55 * (number - 1);
    auto const start = datatake_start + seconds(25 * (number - 1));
    Slice slice;
    slice.product_id = fmt::format("S1A_IW_GRDH_1SDV_{}_{}_051887_{}_{}", compact(start),
                                   compact(start + seconds(25)), take, unique_id);
    slice.path = "/eodata/Sentinel-1/SAR/GRD/2024/01/05/" + slice.product_id + ".SAFE";
    slice.platform = "S1A";
    slice.mission_take_id = take;
    slice.slice_number = number;
    slice.total_slices = total;
    slice.start = start;
    slice.stop = start + seconds(25);
    slice.published = datatake_start + std::chrono::hours(2) + std::chrono::minutes(number);
    slice.relative_orbit = 15;  // (51887 - 73) mod 175 + 1
    slice.pass = Pass::ascending;
    slice.footprint = fmt::format("POLYGON (({} {}, {} {}, {} {}, {} {}, {} {}))", x, y, x + 3.3,
                                  y + 0.4, x + 2.9, y + 1.95, x - 0.4, y + 1.55, x, y);
    return slice;
}

}  // namespace hrsi::test
