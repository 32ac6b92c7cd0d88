// SPDX-License-Identifier: Apache-2.0
#include "rlies1.hpp"

#include "exit_codes.hpp"
#include "files.hpp"
#include "grd.hpp"
#include "json_out.hpp"
#include "tile_box.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>

namespace sample {
namespace {

constexpr std::size_t raster_size = 8 * 1024;
constexpr std::string_view product_version = "V100";
constexpr std::string_view geometries_missing = "no intersection: the S1 GRD meets no tile";

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

rapidjson::Document read_json(fs::path const& path, std::string_view what) {
    auto const text = read_text_file(path, what);
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError()) bad(fmt::format("{} {} is not JSON", what, path.string()));
    return document;
}

fs::path tiles_info(Parameters::Rlies1 const& job) {
    return fs::path(job.static_aux) / "sentinel2tiles" / "s2tiles_eea39_gdal_info.json";
}

// The part of the tile's approximate box that the footprint's bounds cover, if any.
std::optional<std::string> overlap(Box tile, Bounds const& footprint) {
    double const west = std::max(tile.west, footprint.west);
    double const east = std::min(tile.west + 1, footprint.east);
    double const south = std::max(tile.south, footprint.south);
    double const north = std::min(tile.south + 1, footprint.north);
    if (west >= east || south >= north) return std::nullopt;
    return fmt::format("POLYGON(({0:.3f} {1:.3f}, {2:.3f} {1:.3f}, {2:.3f} {3:.3f}, {0:.3f} {3:.3f}, {0:.3f} {1:.3f}))",
                       west, south, east, north);
}

int run_intersection(Parameters const& parameters) {
    auto const& job = *parameters.rlies1;
    auto const grd = parse_grd(job.s1grd);
    auto const footprint = manifest_footprint(job.s1grd);
    auto const known = read_json(tiles_info(job), "tile information");
    if (!known.IsObject()) bad(fmt::format("{} is not a JSON object", tiles_info(job).string()));
    JsonOut out;
    int found = 0;
    for (auto const& tile : job.s2tile_ids) {
        if (!known.HasMember(tile.c_str())) continue;  // not a tile of the products area
        if (auto part = overlap(tile_box(tile), footprint)) {
            out.text(tile, *part);
            ++found;
        }
    }
    fmt::print("sample processor: {} meets {} of the {} catalogue tile(s)\n", grd.name, found,
               job.s2tile_ids.size());
    create_folder(fs::path(job.geometries_file).parent_path());
    // The real program writes null when the GRD meets no tile.
    write_file_atomically(job.geometries_file, found == 0 ? std::string("null\n") : out.finish());
    return 0;
}

std::string catalog_json(std::string const& name, Grd const& grd, std::string const& wkt, std::uintmax_t bytes) {
    JsonOut out;
    out.text("collection_name", "HR-S&I");
    out.open("resto");
    out.text("type", "Feature");
    out.open("geometry");
    out.text("wkt", wkt);
    out.close();
    out.open("properties");
    out.null("productIdentifier");
    out.text("title", name);
    out.integer("resourceSize", bytes);  // as the real chain: bytes (1024 × KB)
    out.text("organisationName", "EEA");
    out.text("startDate", iso_time(grd.start));
    out.text("completionDate", iso_time(grd.start));
    out.text("productType", "RLIE");
    out.integer("resolution", 20);
    out.text("mission", "S1");
    out.text("processingBaseline", product_version);
    out.null("host_base");
    out.null("cloudCover");
    out.null("s3_bucket");
    out.null("thumbnail");
    out.close();
    out.close();
    return out.finish();
}

std::string metadata_xml(std::string const& name, Grd const& grd, std::string const& tile) {
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- Written by hrsi-sample-processor, a stand-in: not a real product. -->\n"
        "<product>\n  <name>{}</name>\n  <type>RLIE</type>\n  <tile>T{}</tile>\n"
        "  <sensing_time>{}</sensing_time>\n  <input>{}.SAFE</input>\n</product>\n",
        name, tile, iso_time(grd.start), grd.name);
}

// RLIE_<YYYYMMDDThhmmss>_<S1A|S1B|S1C>_T<tile>_V100_1/ with the chain's files.
std::string write_product(fs::path const& data, Grd const& grd, std::string const& tile, std::string const& wkt,
                          std::uint64_t seed) {
    auto const name = fmt::format("RLIE_{}_{}_T{}_{}_1", grd.start, grd.mission, tile, product_version);
    fmt::print("sample processor: writing product {}\n", name);
    auto const folder = data / name;
    create_folder(folder);
    for (std::string_view suffix : {"RLIE", "QC", "QCFLAGS"}) {
        write_file(folder / fmt::format("{}_{}.tif", name, suffix),
                   pseudo_random_bytes(hash_bytes(suffix, hash_bytes(tile, seed)), raster_size));
    }
    write_file(folder / fmt::format("{}_MTD.xml", name), metadata_xml(name, grd, tile));
    write_file(folder / fmt::format("{}_QLK.png", name), quicklook_png());
    constexpr std::string_view catalog_file = "dias_catalog_submit.json";
    auto const kilobytes = (folder_size(folder, catalog_file) + 1023) / 1024;
    write_file(folder / catalog_file, catalog_json(name, grd, wkt, 1024 * kilobytes));
    return name;
}

void require_file(fs::path const& path, std::string_view what) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw Failure(exit_missing_input, fmt::format("{} {} is not there", what, path.string()));
    }
}

int run_chain(Parameters const& parameters) {
    auto const& job = *parameters.rlies1;
    auto const grd = parse_grd(job.s1grd);
    auto const geometries = read_json(job.geometries_file, "intersection");
    require_file(fs::path(job.static_aux) / "EU_HYDRO" / "eu_hydro_3035.shp", "EU-Hydro shapefile");
    ReadSummary summary;
    fmt::print("sample processor: reading S1 GRD {}\n", job.s1grd);
    read_input(job.s1grd, summary);
    auto const data = fs::path(parameters.output_folder) / "data";
    create_folder(data);
    create_folder(parameters.temp_folder);
    JsonOut dictionary;
    if (geometries.IsObject()) {
        for (auto const& member : geometries.GetObject()) {
            std::string const tile = member.name.GetString();
            if (!member.value.IsString()) bad(fmt::format("{}: {} has no WKT", job.geometries_file, tile));
            auto const dem = fs::path(job.dem_folder) / fmt::format("dem_20m_{}.tif", tile);
            require_file(dem, "DEM");
            read_input(dem, summary);
            auto const name = write_product(data, grd, tile, member.value.GetString(), summary.hash);
            dictionary.text(name, name);
        }
    } else {
        fmt::print("sample processor: {}\n", geometries_missing);
    }
    // Last: its presence tells that every product folder is complete.
    write_file_atomically(data / "product_dict.json", dictionary.finish());
    fmt::print("sample processor: {} file(s), {} bytes read; done with {} process(es)\n", summary.files,
               summary.bytes, job.nprocs);
    return 0;
}

}  // namespace

int run_rlies1(Parameters const& parameters, std::string_view step) {
    std::error_code error;
    if (!fs::is_directory(parameters.rlies1->s1grd, error)) {
        throw Failure(exit_missing_input,
                      fmt::format("S1 GRD {} is not there (or not a folder)", parameters.rlies1->s1grd));
    }
    if (step == "intersection") return run_intersection(parameters);
    if (step == "chain") return run_chain(parameters);
    bad(fmt::format("--step is intersection or chain, not '{}'", step));
}

}  // namespace sample
