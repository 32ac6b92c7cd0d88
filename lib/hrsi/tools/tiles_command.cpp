// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/tiles_command.hpp>

#include <hrsi/cli/common.hpp>
#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_index.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <iterator>

namespace hrsi::tools {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_key(Writer& writer, char const* key) { writer.Key(key); }
void write_text(Writer& writer, std::string_view text) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

tiles::TileGrid load_grid(TilesOptions const& options) {
    return tiles::TileGrid::load(tiles::find_tile_data(options.tile_data, options.program));
}

std::string read_geometry_text(TilesOptions const& options, std::istream& in) {
    if (options.geometry != "-") return options.geometry;
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw InputError("cannot read the geometry from stdin");
    return text;
}

int run_intersect(TilesOptions const& options, std::istream& in, std::ostream& out) {
    auto const grid = load_grid(options);
    tiles::TileIndex index(grid);
    auto const footprint = geometry::read_footprint(index.context(), read_geometry_text(options, in));
    for (auto const& part : index.intersections(footprint, options.min_km2)) {
        if (!options.json) {
            out << fmt::format("{}\t{:.3f}\n", part.tile->id, part.km2);
            continue;
        }
        rapidjson::StringBuffer buffer;
        Writer writer(buffer);
        writer.StartObject();
        write_key(writer, "tile");
        write_text(writer, part.tile->id);
        write_key(writer, "km2");
        writer.Double(std::round(part.km2 * 1000) / 1000);
        write_key(writer, "epsg");
        writer.Int(part.tile->epsg);
        writer.EndObject();
        out << buffer.GetString() << '\n';
    }
    return exit_ok;
}

int run_aoi(TilesOptions const& options, std::ostream& out) {
    auto const area = tiles::AreaOfInterest::named(options.area);
    if (!area.restricted()) throw UsageError("--area world: the whole world has no outline");
    auto const grid = load_grid(options);
    tiles::TileIndex index(grid);
    auto const wkt = index.simplified_area(area, options.simplify_metres).wkt(options.decimals);
    if (!options.json) {
        out << wkt << '\n';
        return exit_ok;
    }
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    write_key(writer, "area");
    write_text(writer, area.name());
    write_key(writer, "simplify_metres");
    writer.Double(options.simplify_metres);
    write_key(writer, "characters");
    writer.Uint64(wkt.size());
    write_key(writer, "wkt");
    write_text(writer, wkt);
    writer.EndObject();
    out << buffer.GetString() << '\n';
    return exit_ok;
}

int run_show(TilesOptions const& options, std::ostream& out) {
    auto const grid = load_grid(options);
    tiles::TileIndex index(grid);
    auto const& tile = grid.at(tiles::normalize_tile_id(options.tile));
    auto const wkt = index.footprint(tile).wkt(options.decimals);
    if (!options.json) {
        out << fmt::format("tile       {}\nepsg       {}\nutm        ulx {} uly {} lrx {} lry {}\n"
                           "footprint  {}\nmountain   {}\nrlie       {}\ntracks     {}\n",
                           tile.id, tile.epsg, tile.ulx, tile.uly, tile.lrx, tile.lry, wkt,
                           tile.mountain ? "yes" : "no", tile.rlie ? "yes" : "no",
                           fmt::join(tile.tracks, " "));
        return exit_ok;
    }
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    write_key(writer, "tile");
    write_text(writer, tile.id);
    write_key(writer, "epsg");
    writer.Int(tile.epsg);
    for (auto [key, value] : {std::pair<char const*, double>{"ulx", tile.ulx},
                              {"uly", tile.uly}, {"lrx", tile.lrx}, {"lry", tile.lry}}) {
        write_key(writer, key);
        writer.Double(value);
    }
    write_key(writer, "footprint");
    write_text(writer, wkt);
    write_key(writer, "mountain");
    writer.Bool(tile.mountain);
    write_key(writer, "rlie");
    writer.Bool(tile.rlie);
    write_key(writer, "tracks");
    writer.StartArray();
    for (int track : tile.tracks) writer.Int(track);
    writer.EndArray();
    writer.EndObject();
    out << buffer.GetString() << '\n';
    return exit_ok;
}

int run_list(TilesOptions const& options, std::ostream& out) {
    auto const area = tiles::AreaOfInterest::named(options.area);
    auto const grid = load_grid(options);
    for (auto const& tile : grid.tiles()) {
        if (!area.contains(tile.id) || (options.mountains && !tile.mountain)) continue;
        out << (options.json ? fmt::format("{{\"tile\":\"{}\",\"epsg\":{}}}\n", tile.id, tile.epsg)
                             : tile.id + '\n');
    }
    return exit_ok;
}

}  // namespace

void add_tiles_options(CLI::App& app, TilesOptions& options) {
    app.description(
        "The Sentinel-2 tile grid of the products area (EEA39, 1,054 tiles): which tiles a "
        "footprint intersects and by how many km², the area of interest as WKT for a catalogue "
        "query, one tile's description, the tiles of an area.");
    app.add_option("--tile-data", options.tile_data,
                   "Folder of the tile data (default: $HRSI_TILE_DATA, else "
                   "<prefix>/share/hrsi/eea39 beside the program, else the source tree's "
                   "data/eea39)")
        ->type_name("DIR");
    app.add_flag("--json", options.json, "JSON Lines instead of text");
    app.footer("Exit status: 0 ok, 64 usage, 65 bad input, 70 internal error.\nManual: man hrsi-tiles");

    auto* intersect = cli::add_command(
        app, options.command, "intersect",
        "Print the tiles a footprint intersects, sorted, with the km² of each intersection "
        "(computed in the tile's UTM zone): TILE<tab>KM2");
    intersect->add_option("geometry", options.geometry,
                          "The footprint: WKT, EWKT (SRID=4326;...), an OData footprint "
                          "(geography'SRID=4326;POLYGON ((...))'), GeoJSON (geometry or Feature), "
                          "or - to read it from stdin; lon/lat WGS84")
        ->required()
        ->type_name("GEOMETRY|-");
    intersect->add_option("--min-km2", options.min_km2,
                          "Leave out intersections smaller than this (SWS/WDS use 10)")
        ->type_name("KM2")
        ->check(CLI::NonNegativeNumber);

    auto* aoi = cli::add_command(app, options.command, "aoi",
                                 "Print the area of interest as WKT, simplified "
                                 "(grown so that it still covers every tile)");
    aoi->add_option("--area", options.area, "EEA39 (default) or EEA39_RLIE")->type_name("AREA");
    aoi->add_option("--simplify", options.simplify_metres,
                    "Simplification tolerance in metres (default 10000; 0 keeps every vertex)")
        ->type_name("METRES")
        ->check(CLI::NonNegativeNumber);
    aoi->add_option("--decimals", options.decimals, "Digits after the point (default 4)")
        ->type_name("N")
        ->check(CLI::Range(0, 15));

    auto* show = cli::add_command(app, options.command, "show",
                                  "Describe one tile: UTM zone and square, footprint, mountain, "
                                  "RLIE, Sentinel-1 tracks");
    show->add_option("tile", options.tile, "The tile id (32TLR or T32TLR)")
        ->required()
        ->type_name("TILE");
    show->add_option("--decimals", options.decimals, "Digits after the point (default 4)")
        ->type_name("N")
        ->check(CLI::Range(0, 15));

    auto* list = cli::add_command(app, options.command, "list", "Print the tiles of an area, sorted");
    list->add_option("--area", options.area, "EEA39 (default), EEA39_RLIE or world")
        ->type_name("AREA");
    list->add_flag("--mountains", options.mountains, "Only the mountain tiles (SWS)");
}

int run_tiles(TilesOptions const& options, std::istream& in, std::ostream& out) {
    if (options.command == "intersect") return run_intersect(options, in, out);
    if (options.command == "aoi") return run_aoi(options, out);
    if (options.command == "show") return run_show(options, out);
    if (options.command == "list") return run_list(options, out);
    throw UsageError("a command is needed: intersect, aoi, show or list (see --help)");
}

}  // namespace hrsi::tools
