// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hrsi::tiles {

// The tile lists of data/eea39/, compiled in; ids without the T ("32TLR"), sorted.
// The 1,054 Sentinel-2 tiles of the EEA39 area (tiles_utm.yml).
[[nodiscard]] std::span<std::string_view const> eea39_tiles() noexcept;
// The 165 mountain tiles, where SWS is produced (tiles_mountains.txt).
[[nodiscard]] std::span<std::string_view const> mountain_tiles() noexcept;
// The 54 tiles without RLIE-S1+S2 (no_rlie_tiles.txt).
[[nodiscard]] std::span<std::string_view const> no_rlie_tiles() noexcept;

// "T32TLR" or "32TLR" -> "32TLR" (the T is optional, letters may be lower case). Throws
// InputError for anything that is not an MGRS tile id.
[[nodiscard]] std::string normalize_tile_id(std::string_view tile);

// Whether a sorted list holds a tile (given with or without its T).
[[nodiscard]] bool list_holds(std::span<std::string_view const> list, std::string_view tile);

}  // namespace hrsi::tiles
