// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include <istream>
#include <ostream>
#include <string>

namespace hrsi::tools {

// hrsi-tiles: the tile grid for operators.
struct TilesOptions {
    std::string command;          // intersect, aoi, show, list
    std::string tile_data;        // --tile-data: the data folder; empty: $HRSI_TILE_DATA, then found
    std::string program;          // the running program's path (to find <prefix>/share/hrsi/eea39)
    std::string geometry;         // intersect: WKT, GeoJSON or OData footprint, or "-" for stdin
    double min_km2 = 0;           // intersect: smallest intersection kept
    std::string tile;             // show: the tile id
    std::string area = "EEA39";   // aoi, list: the area of interest
    double simplify_metres = 10000;  // aoi: simplification tolerance; 0 keeps every vertex
    int decimals = 4;             // aoi, show: digits after the point in WKT
    bool mountains = false;       // list: mountain tiles only
    bool json = false;            // JSON Lines
};

void add_tiles_options(CLI::App& app, TilesOptions& options);

// Runs the chosen command: data on `out`, a geometry "-" read from `in`. Returns the exit
// code; throws hrsi::Error for bad input (65) or usage (64).
int run_tiles(TilesOptions const& options, std::istream& in, std::ostream& out);

}  // namespace hrsi::tools
