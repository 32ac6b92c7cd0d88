// SPDX-License-Identifier: Apache-2.0
#include "sws_wds.hpp"

#include "exit_codes.hpp"
#include "files.hpp"
#include "grd.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <vector>

namespace sample {
namespace {

constexpr std::size_t raster_size = 8 * 1024;
constexpr std::size_t assembly_size = 16 * 1024;

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

void require_file(fs::path const& path, std::string_view what) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw Failure(exit_missing_input, fmt::format("{} {} is not there", what, path.string()));
    }
}

// "minLon;minLat;maxLon;maxLat"
Bounds parse_envelope(std::string const& text) {
    double values[4]{};
    std::string_view rest = text;
    for (int i = 0; i < 4; ++i) {
        auto const semicolon = rest.find(';');
        if ((i < 3) == (semicolon == std::string_view::npos)) bad(fmt::format("sws_wds.envelope '{}' is not minLon;minLat;maxLon;maxLat", text));
        auto const part = rest.substr(0, semicolon);
        auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), values[i]);
        if (error != std::errc() || end != part.data() + part.size()) {
            bad(fmt::format("sws_wds.envelope '{}': '{}' is not a number", text, part));
        }
        rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
    }
    return {values[0], values[1], values[2], values[3]};
}

bool overlaps(Bounds const& a, Bounds const& b) {
    return std::max(a.west, b.west) < std::min(a.east, b.east) &&
           std::max(a.south, b.south) < std::min(a.north, b.north);
}

void check_product_id(std::string const& id, std::string_view type, Parameters::SwsWds const& job) {
    auto const prefix = fmt::format("{}_{}_{}_T{}_", type, job.measurement_date, job.platform, job.tile_id);
    if (!id.starts_with(prefix) || id.size() != prefix.size() + 6) {
        bad(fmt::format("sws_wds.{}_product_id '{}' is not {}Vnnn_M", type == "SWS" ? "sws" : "wds", id, prefix));
    }
}

// The masks and the track's data the program reads (the worker extracted and copied them).
void check_auxiliary(Parameters::SwsWds const& job) {
    fs::path const aux = job.aux_dir;
    auto const base = fmt::format("T{}_60m", job.tile_id);
    require_file(aux / fmt::format("{}_t{}_S1_AUX_{}", base, job.track, job.ssp_aux_version) /
                     fmt::format("{}_t{}_REF.tif", base, job.track),
                 "track auxiliary data");
    require_file(aux / fmt::format("{}_MASK_FOREST_URBAN_WATER_{}.tif", base, job.ssp_aux_version), "mask");
    if (!job.generate_sws_product) return;
    require_file(aux / fmt::format("{}_MASK_NON_MOUNTAIN_AREA_{}.tif", base, job.ssp_aux_version), "mask");
    require_file(aux / fmt::format("{}_MASK_SNOW_m{}_{}.tif", base, job.month, job.ssp_aux_version), "mask");
}

// Reads the slices and the DEM; whether any slice's footprint meets the tile's envelope.
bool read_slices(Parameters::SwsWds const& job, ReadSummary& summary) {
    auto const envelope = parse_envelope(job.envelope);
    bool meets = false;
    for (auto const& path : job.s1_paths) {
        std::error_code error;
        if (!fs::is_directory(path, error)) {
            throw Failure(exit_missing_input, fmt::format("S1 slice {} is not there (or not a folder)", path));
        }
        auto const grd = parse_grd(path);
        if (grd.mission != job.platform || grd.mission_take_id != job.mission_take_id) {
            bad(fmt::format("S1 slice {} is not of datatake {} of {}", grd.name, job.mission_take_id, job.platform));
        }
        meets = overlaps(manifest_footprint(path), envelope) || meets;
        fmt::print("sample processor: reading S1 slice {}\n", path);
        read_input(path, summary);
    }
    require_file(*job.dem, "DEM");
    read_input(*job.dem, summary);
    return meets;
}

void write_assembly(Parameters::SwsWds const& job, std::uint64_t seed) {
    fs::path const file = job.assembly_file;
    create_folder(file.parent_path());
    auto content = fmt::format("hrsi-sample-processor: S1 assembly {} (not real data)\n", job.assembly_id);
    content += pseudo_random_bytes(seed, assembly_size);
    write_file_atomically(file, content);
    fmt::print("sample processor: assembly {} written ({} slice(s))\n", file.string(), job.s1_paths.size());
}

// <id>/ with its two rasters and thumbnail.png, as sws_wds_create_wsm.py leaves it.
void write_product(fs::path const& data, std::string const& id, std::string_view raster, std::uint64_t seed) {
    fmt::print("sample processor: writing product {}\n", id);
    auto const folder = data / id;
    create_folder(folder);
    for (auto const& suffix : {std::string(raster), "QC" + std::string(raster)}) {
        write_file(folder / fmt::format("{}_{}.tif", id, suffix),
                   pseudo_random_bytes(hash_bytes(suffix, hash_bytes(id, seed)), raster_size));
    }
    write_file(folder / "thumbnail.png", quicklook_png());
}

int natural_flags(Parameters::SwsWds const& job, bool assembly_empty) {
    if (assembly_empty) return flag_assembly_empty | flag_no_sws | flag_no_wds;
    return job.generate_wds_product && job.fsc_paths.empty() ? flag_no_wds : 0;
}

}  // namespace

int run_sws_wds(Parameters const& parameters, std::optional<int> forced_flags) {
    auto const& job = *parameters.sws_wds;
    check_product_id(job.sws_product_id, "SWS", job);
    check_product_id(job.wds_product_id, "WDS", job);
    check_auxiliary(job);
    ReadSummary summary;
    bool empty = false;
    if (job.create_assembly) {
        empty = !read_slices(job, summary);
        if (empty) fmt::print("sample processor: no slice meets tile {}: the assembly is empty\n", job.tile_id);
    } else {
        require_file(job.assembly_file, "the master's assembly");
        fmt::print("sample processor: reading the master's assembly {}\n", job.assembly_file);
        read_input(job.assembly_file, summary);
    }
    int const flags = forced_flags.value_or(natural_flags(job, empty));
    if (job.create_assembly && !(flags & flag_assembly_empty)) write_assembly(job, summary.hash);
    bool const sws = job.generate_sws_product && !(flags & flag_no_sws);
    bool const wds = job.generate_wds_product && !(flags & flag_no_wds);
    if (wds) {
        for (auto const& fsc : job.fsc_paths) {
            require_file(fsc, "FSC");
            read_input(fsc, summary);
        }
    }
    auto const data = fs::path(parameters.output_folder) / "data";
    create_folder(data);
    create_folder(parameters.temp_folder);
    if (sws) write_product(data, job.sws_product_id, "WSM", summary.hash);
    if (wds) write_product(data, job.wds_product_id, "SSC", summary.hash);
    fmt::print("sample processor: {} file(s), {} bytes read; SWS {}, WDS {}\n", summary.files, summary.bytes,
               sws ? "written" : "not written", wds ? "written" : "not written");
    if (!forced_flags && flags == 0) return 0;
    return sws_wds_exit_flags | flags;
}

}  // namespace sample
