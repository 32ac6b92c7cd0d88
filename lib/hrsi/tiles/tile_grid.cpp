// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/tile_grid.hpp>

#include <hrsi/error.hpp>
#include <hrsi/tiles/shapefile.hpp>
#include <hrsi/tiles/tile_lists.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fmt/std.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>

namespace hrsi::tiles {
namespace {

using namespace std::string_view_literals;
using util::trimmed;

template <typename Number>
Number number(std::string_view text, std::filesystem::path const& path, int line) {
    Number value{};
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        throw InputError(fmt::format("{}:{}: '{}' is not a number", path, line, text));
    }
    return value;
}

// tiles_utm.yml: "ID:" lines, each followed by "  epsg|ulx|uly|lrx|lry: NUMBER" lines.
std::vector<Tile> read_utm(std::filesystem::path const& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("cannot open {}", path));
    std::vector<Tile> tiles;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        std::string_view const content = trimmed(text);
        if (content.empty() || content.front() == '#') continue;
        auto const colon = content.find(':');
        if (colon == std::string_view::npos) {
            throw InputError(fmt::format("{}:{}: no 'key: value'", path, line));
        }
        auto const key = trimmed(content.substr(0, colon));
        auto const value = trimmed(content.substr(colon + 1));
        if (text.front() != ' ') {
            tiles.push_back({});
            tiles.back().id = normalize_tile_id(key);
            continue;
        }
        if (tiles.empty()) throw InputError(fmt::format("{}:{}: a value before any tile", path, line));
        Tile& tile = tiles.back();
        if (key == "epsg"sv) {
            tile.epsg = number<int>(value, path, line);
        } else if (key == "ulx"sv) {
            tile.ulx = number<double>(value, path, line);
        } else if (key == "uly"sv) {
            tile.uly = number<double>(value, path, line);
        } else if (key == "lrx"sv) {
            tile.lrx = number<double>(value, path, line);
        } else if (key == "lry"sv) {
            tile.lry = number<double>(value, path, line);
        } else {
            throw InputError(fmt::format("{}:{}: unknown key '{}'", path, line, key));
        }
    }
    for (auto const& tile : tiles) {
        if (tile.epsg == 0 || tile.ulx >= tile.lrx || tile.lry >= tile.uly) {
            throw InputError(fmt::format("{}: tile {} has no epsg or no square (ulx < lrx, lry "
                                         "< uly)",
                                         path, tile.id));
        }
    }
    return tiles;
}

std::set<std::string> read_id_list(std::filesystem::path const& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("cannot open {}", path));
    std::set<std::string> ids;
    std::string text;
    while (std::getline(in, text)) {
        auto const id = trimmed(text);
        if (!id.empty() && id.front() != '#') ids.insert(normalize_tile_id(id));
    }
    return ids;
}

// tiles_tracks_sws_wds_process.yml: "ID: [n, n, ...]".
std::map<std::string, std::vector<int>> read_tracks(std::filesystem::path const& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("cannot open {}", path));
    std::map<std::string, std::vector<int>> tracks;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        auto const content = trimmed(text);
        if (content.empty() || content.front() == '#') continue;
        auto const colon = content.find(':');
        auto const open = content.find('[');
        if (colon == std::string_view::npos || open == std::string_view::npos ||
            content.back() != ']') {
            throw InputError(fmt::format("{}:{}: not 'TILE: [track, ...]'", path, line));
        }
        auto& list = tracks[normalize_tile_id(trimmed(content.substr(0, colon)))];
        auto rest = content.substr(open + 1, content.size() - open - 2);
        while (!trimmed(rest).empty()) {
            auto const comma = rest.find(',');
            list.push_back(number<int>(trimmed(rest.substr(0, comma)), path, line));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        std::sort(list.begin(), list.end());
    }
    return tracks;
}

}  // namespace

TileGrid TileGrid::load(std::filesystem::path const& folder) {
    TileGrid grid;
    grid.m_folder = folder;
    grid.m_tiles = read_utm(folder / "tiles_utm.yml");
    std::sort(grid.m_tiles.begin(), grid.m_tiles.end(),
              [](Tile const& a, Tile const& b) { return a.id < b.id; });
    std::map<std::string, std::vector<geometry::Point>> footprints;
    for (auto& record : read_polygon_shapefile(folder / "eea39_s2_tiles", "Name")) {
        if (record.rings.size() != 1) {
            throw InputError(fmt::format("{}: tile {} has {} rings, not one", folder, record.name,
                                         record.rings.size()));
        }
        footprints[normalize_tile_id(record.name)] = std::move(record.rings.front());
    }
    auto const mountains = read_id_list(folder / "tiles_mountains.txt");
    auto const no_rlie = read_id_list(folder / "no_rlie_tiles.txt");
    auto tracks = read_tracks(folder / "tiles_tracks_sws_wds_process.yml");
    for (auto& tile : grid.m_tiles) {
        auto found = footprints.find(tile.id);
        if (found == footprints.end()) {
            throw InputError(fmt::format("{}: tile {} of tiles_utm.yml is not in the shapefile",
                                         folder, tile.id));
        }
        tile.footprint = std::move(found->second);
        footprints.erase(found);
        tile.mountain = mountains.contains(tile.id);
        tile.rlie = !no_rlie.contains(tile.id);
        if (auto listed = tracks.find(tile.id); listed != tracks.end()) {
            tile.tracks = std::move(listed->second);
        }
    }
    if (!footprints.empty()) {
        throw InputError(fmt::format("{}: tile {} of the shapefile is not in tiles_utm.yml",
                                     folder, footprints.begin()->first));
    }
    for (auto const* list : {&mountains, &no_rlie}) {
        for (auto const& id : *list) {
            if (grid.find(id) == nullptr) {
                throw InputError(fmt::format("{}: listed tile {} is not in tiles_utm.yml",
                                             folder, id));
            }
        }
    }
    return grid;
}

Tile const* TileGrid::find(std::string_view id) const {
    if (id.size() == 6 && (id.front() == 'T' || id.front() == 't')) id.remove_prefix(1);
    auto const found = std::lower_bound(m_tiles.begin(), m_tiles.end(), id,
                                        [](Tile const& tile, std::string_view key) {
                                            return tile.id < key;
                                        });
    return found != m_tiles.end() && found->id == id ? &*found : nullptr;
}

Tile const& TileGrid::at(std::string_view id) const {
    if (auto const* tile = find(id)) return *tile;
    throw InputError(fmt::format("unknown tile '{}': not one of the {} tiles of {}", id,
                                 m_tiles.size(), m_folder));
}

std::filesystem::path find_tile_data(std::string const& given,
                                     std::filesystem::path const& program) {
    auto const holds_grid = [](std::filesystem::path const& folder) {
        std::error_code ignored;
        return std::filesystem::is_regular_file(folder / "tiles_utm.yml", ignored);
    };
    if (!given.empty()) {
        if (holds_grid(given)) return given;
        throw UsageError(fmt::format("--tile-data / HRSI_TILE_DATA: {} holds no tiles_utm.yml "
                                     "(give the folder of the EEA39 tile data, data/eea39)",
                                     given));
    }
    std::vector<std::filesystem::path> candidates;
    if (!program.empty()) {
        candidates.push_back(program.parent_path().parent_path() / HRSI_INSTALL_DATA_SUBDIR /
                             "eea39");
    }
    candidates.push_back(std::filesystem::path(HRSI_SOURCE_DATA_DIR) / "eea39");
    for (auto const& candidate : candidates) {
        if (holds_grid(candidate)) return candidate;
    }
    throw UsageError(fmt::format("no tile data found (looked in {}); give its folder with "
                                 "--tile-data or HRSI_TILE_DATA",
                                 fmt::join(candidates, ", ")));
}

}  // namespace hrsi::tiles
