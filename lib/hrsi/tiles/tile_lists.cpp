// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/tile_lists.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace hrsi::tiles {

std::string normalize_tile_id(std::string_view tile) {
    std::string id(tile);
    for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (id.size() == 6 && id.front() == 'T') id.erase(0, 1);
    auto const digit = [](char c) { return c >= '0' && c <= '9'; };
    auto const letter = [](char c) { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'; };
    if (id.size() != 5 || !digit(id[0]) || !digit(id[1]) || !letter(id[2]) || !letter(id[3]) ||
        !letter(id[4])) {
        throw InputError(fmt::format("'{}' is not a Sentinel-2 tile id (such as 32TLR or T32TLR)",
                                     tile));
    }
    return id;
}

bool list_holds(std::span<std::string_view const> list, std::string_view tile) {
    if (tile.size() == 6 && (tile.front() == 'T' || tile.front() == 't')) tile.remove_prefix(1);
    return std::binary_search(list.begin(), list.end(), tile);
}

}  // namespace hrsi::tiles
