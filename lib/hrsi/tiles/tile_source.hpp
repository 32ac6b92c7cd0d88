// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/tiles/tile_grid.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hrsi::tiles {

// The tile grid and its index for a job type's creation (RLIE-S1: which tiles a footprint
// intersects), read from the tile data folder on first use only: a run that creates jobs of
// another type never reads it. For one thread, like the index.
class TileSource {
public:
    // `given` and `program` as find_tile_data() takes them; `search` is how footprints are
    // looked up (the index; the brute-force ways are for benchmarks).
    TileSource(std::string given, std::filesystem::path program, Search search = Search::tree);
    TileSource(TileSource const&) = delete;
    TileSource& operator=(TileSource const&) = delete;
    ~TileSource();

    // Reads the folder (the first time). Throws UsageError when no folder holds the tile data,
    // InputError when its files are broken.
    [[nodiscard]] TileIndex& index();
    [[nodiscard]] Search search() const noexcept { return m_search; }

private:
    std::string m_given;
    std::filesystem::path m_program;
    Search m_search;
    std::optional<TileGrid> m_grid;
    std::unique_ptr<TileIndex> m_index;
};

}  // namespace hrsi::tiles
