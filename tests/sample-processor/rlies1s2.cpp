// SPDX-License-Identifier: Apache-2.0
#include "rlies1s2.hpp"

#include "exit_codes.hpp"
#include "files.hpp"
#include "grd.hpp"
#include "json_out.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sample {
namespace {

constexpr std::size_t raster_size = 8 * 1024;
constexpr std::string_view product_version = "V100";

// The RLIE product folders of the tile in `folder` (RLIE_<YYYYMMDDTHHMMSS>_<mission>_T<tile>_…), sorted.
std::vector<fs::path> products_of(std::string const& folder, std::string const& tile, std::string_view what) {
    std::vector<fs::path> products;
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        throw Failure(exit_missing_input, fmt::format("{} folder {} is not there", what, folder));
    }
    auto const marker = fmt::format("_T{}_", tile);
    for (auto const& entry : fs::directory_iterator(folder)) {
        auto const name = entry.path().filename().string();
        if (entry.is_directory() && name.starts_with("RLIE_") && name.size() > 20 &&
            name.find(marker) != std::string::npos) {
            products.push_back(entry.path());
        }
    }
    std::sort(products.begin(), products.end());
    if (products.empty()) {
        throw Failure(exit_missing_input, fmt::format("no {} product of tile {} in {}", what, tile, folder));
    }
    return products;
}

std::string catalog_json(std::string const& name, std::string const& start, std::uintmax_t bytes) {
    JsonOut out;
    out.text("collection_name", "HR-S&I");
    out.open("resto");
    out.text("type", "Feature");
    out.open("geometry");
    out.text("wkt", "POLYGON((7 45, 8 45, 8 46, 7 46, 7 45))");
    out.close();
    out.open("properties");
    out.null("productIdentifier");
    out.text("title", name);
    out.integer("resourceSize", bytes);  // as the real chain: bytes (1024 × KB)
    out.text("organisationName", "EEA");
    out.text("startDate", iso_time(start));
    out.text("completionDate", iso_time(start));
    out.text("productType", "RLIE");
    out.integer("resolution", 20);
    out.text("mission", "S1-S2");
    out.text("processingBaseline", product_version);
    out.null("host_base");
    out.null("cloudCover");
    out.null("s3_bucket");
    out.null("thumbnail");
    out.close();
    out.close();
    return out.finish();
}

}  // namespace

int run_rlies1s2(Parameters const& parameters) {
    auto const& job = *parameters.rlies1s2;
    std::error_code error;
    if (!fs::is_regular_file(job.s2tiles_eea39_gdal_info, error)) {
        throw Failure(exit_missing_input, fmt::format("tile information {} is not there", job.s2tiles_eea39_gdal_info));
    }
    auto const s1 = products_of(job.rlie_s1_dir, job.tile_id, "RLIE-S1");
    auto const s2 = products_of(job.rlie_s2_dir, job.tile_id, "S2 RLIE");
    ReadSummary summary;
    for (auto const& folder : s1) read_input(folder, summary);
    for (auto const& folder : s2) read_input(folder, summary);
    fmt::print("sample processor: merging {} RLIE-S1 and {} S2 RLIE product(s) of T{} for {}\n", s1.size(),
               s2.size(), job.tile_id, job.date_to_process);
    auto const start = s2.front().filename().string().substr(5, 15);  // YYYYMMDDTHHMMSS
    auto const name = fmt::format("RLIE_{}_S1-S2_T{}_{}_1", start, job.tile_id, product_version);
    auto const data = fs::path(parameters.output_folder) / "data";
    auto const folder = data / name;
    create_folder(folder);
    create_folder(parameters.temp_folder);
    for (std::string_view suffix : {"RLIE", "QC", "QCFLAGS"}) {
        write_file(folder / fmt::format("{}_{}.tif", name, suffix),
                   pseudo_random_bytes(hash_bytes(suffix, summary.hash), raster_size));
    }
    write_file(folder / fmt::format("{}_MTD.xml", name),
               fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<!-- Written by hrsi-sample-processor, a stand-in: not a real product. -->\n"
                           "<product>\n  <name>{}</name>\n  <type>RLIE</type>\n  <tile>T{}</tile>\n"
                           "  <date>{}</date>\n</product>\n",
                           name, job.tile_id, job.date_to_process));
    write_file(folder / fmt::format("{}_QLK.png", name), quicklook_png());
    constexpr std::string_view catalog_file = "dias_catalog_submit.json";
    auto const kilobytes = (folder_size(folder, catalog_file) + 1023) / 1024;
    write_file(folder / catalog_file, catalog_json(name, start, 1024 * kilobytes));
    JsonOut dictionary;
    dictionary.text("rlies1s2_" + job.tile_id, name);
    // Last: its presence tells that the product folder is complete.
    write_file_atomically(data / "product_dict.json", dictionary.finish());
    fmt::print("sample processor: {} file(s), {} bytes read; wrote {} with {} process(es)\n", summary.files,
               summary.bytes, name, job.nprocs);
    return 0;
}

}  // namespace sample
