// SPDX-License-Identifier: Apache-2.0
#pragma once

// The EEA39 tile grid of data/eea39, loaded once for all the unit tests that read it.

#include <hrsi/tiles/tile_grid.hpp>

namespace hrsi::testing {

inline tiles::TileGrid const& grid() {
    static tiles::TileGrid const loaded = tiles::TileGrid::load(HRSI_TILE_DATA_DIR);
    return loaded;
}

}  // namespace hrsi::testing
