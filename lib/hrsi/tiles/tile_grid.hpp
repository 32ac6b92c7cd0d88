// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::tiles {

// One Sentinel-2 tile of the grid.
struct Tile {
    std::string id;  // without the T: "32TLR"
    int epsg = 0;    // its UTM zone: 326zz (north) or 327zz (south)
    // Its square in metres of that zone (109,800 m a side): upper left and lower right.
    double ulx = 0;
    double uly = 0;
    double lrx = 0;
    double lry = 0;
    // Its footprint in lon/lat (the shapefile's polygon: the 4 UTM corners through PROJ,
    // joined by straight lines in lon/lat), closed.
    std::vector<geometry::Point> footprint;
    std::vector<int> tracks;  // Sentinel-1 relative orbits with SWS/WDS auxiliary data
    bool mountain = false;    // SWS is produced here
    bool rlie = true;         // RLIE-S1+S2 is produced here (not a no-RLIE tile)
};

// The tile grid read from a data folder (data/eea39 in the sources, share/hrsi/eea39 when
// installed): tiles_utm.yml, eea39_s2_tiles.{shp,dbf}, tiles_mountains.txt,
// no_rlie_tiles.txt, tiles_tracks_sws_wds_process.yml. Immutable once loaded, so one grid can
// be shared by threads; each thread builds its own TileIndex over it.
class TileGrid {
public:
    // Reads the folder. Throws InputError naming the file and line for anything unreadable,
    // and when the UTM list and the shapefile do not hold the same tiles.
    [[nodiscard]] static TileGrid load(std::filesystem::path const& folder);

    // Sorted by id.
    [[nodiscard]] std::vector<Tile> const& tiles() const noexcept { return m_tiles; }
    // The tile with this id (with or without its T), or nullptr.
    [[nodiscard]] Tile const* find(std::string_view id) const;
    // The tile with this id; throws InputError "unknown tile" otherwise.
    [[nodiscard]] Tile const& at(std::string_view id) const;
    [[nodiscard]] std::filesystem::path const& folder() const noexcept { return m_folder; }

private:
    std::filesystem::path m_folder;
    std::vector<Tile> m_tiles;
};

// The data folder to read: `given` (an option or variable the program read) when not empty,
// else <program's folder>/../share/hrsi/eea39 (installed), else the source tree's data/eea39.
// Throws UsageError when `given` (or, without it, every candidate) holds no tiles_utm.yml,
// naming the places looked at and the option that sets it.
[[nodiscard]] std::filesystem::path find_tile_data(std::string const& given,
                                                   std::filesystem::path const& program);

}  // namespace hrsi::tiles
