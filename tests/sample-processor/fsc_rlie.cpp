// SPDX-License-Identifier: Apache-2.0
#include "fsc_rlie.hpp"

#include "exit_codes.hpp"
#include "files.hpp"
#include "json_out.hpp"
#include "tile_box.hpp"

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace sample {
namespace {

constexpr std::size_t raster_size = 16 * 1024;
constexpr std::size_t l2a_raster_size = 4 * 1024;
constexpr std::string_view product_version = "V102";

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// MMM_MSIL1C_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_YYYYMMDDTHHMMSS[.SAFE]
struct L1c {
    std::string name;     // without .SAFE
    std::string mission;  // S2A, S2B or S2C
    std::string sensing;  // YYYYMMDDTHHMMSS
    std::string tile;     // 32TLR
};

bool is_datetime(std::string_view text) {
    return text.size() == 15 && all_digits(text.substr(0, 8)) && text[8] == 'T' &&
           all_digits(text.substr(9));
}

L1c parse_l1c(fs::path const& path) {
    auto name = base_name(path);
    if (name.ends_with(".SAFE")) name.resize(name.size() - 5);
    // S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T124512
    //    3      10              26    32   37     44
    bool valid = name.size() == 60 && (name.starts_with("S2A") || name.starts_with("S2B") ||
                                       name.starts_with("S2C")) &&
                 name.substr(3, 8) == "_MSIL1C_" && is_datetime(name.substr(11, 15)) &&
                 name.substr(26, 2) == "_N" && all_digits(name.substr(28, 4)) &&
                 name.substr(32, 2) == "_R" && all_digits(name.substr(34, 3)) &&
                 name.substr(37, 2) == "_T" && name[44] == '_' && is_datetime(name.substr(45));
    if (!valid) {
        bad(fmt::format("{} is not a Sentinel-2 L1C name "
                        "(MMM_MSIL1C_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_YYYYMMDDTHHMMSS.SAFE)",
                        path.string()));
    }
    return {name, name.substr(0, 3), name.substr(11, 15), name.substr(39, 5)};
}

// What the L1C's MTD_MSIL1C.xml says, when it is there.
struct L1cMetadata {
    std::optional<double> cloud_cover;
    std::optional<std::string> start_time;  // PRODUCT_START_TIME: 2025-01-05T10:34:29.024Z
};

std::optional<std::string> element_text(std::string const& xml, std::string_view element) {
    auto open = fmt::format("<{}>", element);
    auto start = xml.find(open);
    if (start == std::string::npos) return std::nullopt;
    start += open.size();
    auto end = xml.find('<', start);
    if (end == std::string::npos) return std::nullopt;
    return xml.substr(start, end - start);
}

L1cMetadata read_l1c_metadata(fs::path const& folder) {
    std::ifstream in(folder / "MTD_MSIL1C.xml", std::ios::binary);
    if (!in) return {};
    std::ostringstream content;
    content << in.rdbuf();
    auto xml = std::move(content).str();
    L1cMetadata metadata;
    metadata.start_time = element_text(xml, "PRODUCT_START_TIME");
    if (auto text = element_text(xml, "Cloud_Coverage_Assessment")) {
        double value = 0;
        auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (error == std::errc() && end == text->data() + text->size()) {
            metadata.cloud_cover = value;
        } else {
            fmt::print(stderr, "sample processor: ignoring the cloud cover '{}' of {}\n", *text,
                       folder.string());
        }
    }
    return metadata;
}

// The L1C sensing time: the name's seconds, and the fraction from a fuller time text
// (metadata or parameters) of the same second.
struct SensingTime {
    std::string compact;  // YYYYMMDDTHHMMSS
    int microseconds = 0;

    [[nodiscard]] std::string iso() const {  // 2025-01-05T10:34:29.024000
        return fmt::format("{}-{}-{}T{}:{}:{}.{:06}", compact.substr(0, 4), compact.substr(4, 2),
                           compact.substr(6, 2), compact.substr(9, 2), compact.substr(11, 2),
                           compact.substr(13, 2), microseconds);
    }
    [[nodiscard]] std::string maja() const {  // 20250105-103429-024
        return fmt::format("{}-{}-{:03}", compact.substr(0, 8), compact.substr(9),
                           microseconds / 1000);
    }
};

std::optional<int> fraction_of(std::string const& compact, std::optional<std::string> const& time) {
    SensingTime whole{compact, 0};
    auto second = whole.iso().substr(0, 19);
    if (!time || !time->starts_with(second) || time->size() < 21 || (*time)[19] != '.') {
        return std::nullopt;
    }
    int microseconds = 0;
    int digits = 0;
    for (auto c : std::string_view(*time).substr(20)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) break;
        if (digits++ < 6) microseconds = microseconds * 10 + (c - '0');
    }
    for (; digits < 6; ++digits) microseconds *= 10;
    return microseconds;
}

// Everything the outputs derive from.
struct Run {
    Parameters::FscRlie const& job;
    L1c l1c;
    SensingTime sensing;
    std::optional<double> cloud_cover;
    Box footprint;
    std::uint64_t input_hash = 0;
    fs::path data_folder;
};

std::string metadata_xml(Run const& run, std::string_view name, std::string_view type) {
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- Written by hrsi-sample-processor, a stand-in: not a real product. -->\n"
        "<product>\n"
        "  <name>{}</name>\n"
        "  <type>{}</type>\n"
        "  <tile>T{}</tile>\n"
        "  <sensing_time>{}Z</sensing_time>\n"
        "  <input>{}.SAFE</input>\n"
        "  <maja_mode>{}</maja_mode>\n"
        "  <product_quality_flag>{}</product_quality_flag>\n"
        "  <cloud_cover>{}</cloud_cover>\n"
        "</product>\n",
        name, type, run.l1c.tile, run.sensing.iso(), run.l1c.name, run.job.maja_mode,
        run.job.product_quality_flag,
        run.cloud_cover ? fmt::format("{}", *run.cloud_cover) : "unknown");
}

std::string catalog_json(Run const& run, std::string_view name, std::string_view type,
                         std::uintmax_t size_kb) {
    JsonOut out;
    out.text("collection_name", "HR-S&I");
    out.open("resto");
    out.text("type", "Feature");
    out.open("geometry");
    out.text("wkt", wkt(run.footprint));
    out.close();
    out.open("properties");
    out.null("productIdentifier");  // where it gets published: not the processor's business
    out.text("title", name);
    out.integer("resourceSize", size_kb);
    out.text("startDate", run.sensing.iso());
    out.null("completionDate");
    out.text("productType", type);
    out.integer("resolution", 20);
    if (run.cloud_cover) {
        out.number("cloudCover", *run.cloud_cover);
    } else {
        out.null("cloudCover");
    }
    out.text("mission", "S2");
    out.close();
    out.close();
    return out.finish();
}


// FSC or RLIE: <TYPE>_<YYYYMMDDThhmmss>_<mission>_T<tile>_V102_<flag>/
std::string write_product(Run const& run, std::string_view type, std::string_view raster) {
    auto name = fmt::format("{}_{}_{}_T{}_{}_{}", type, run.sensing.compact, run.l1c.mission,
                            run.l1c.tile, product_version, run.job.product_quality_flag);
    fmt::print("sample processor: writing product {}\n", name);
    auto folder = run.data_folder / name;
    create_folder(folder);
    write_file(folder / fmt::format("{}_{}.tif", name, raster),
               pseudo_random_bytes(hash_bytes(type, run.input_hash), raster_size));
    if (type == "FSC") {
        // The top-of-canopy fraction too, as the real FSC holds it: the SWS/WDS program reads it.
        write_file(folder / fmt::format("{}_FSCTOC.tif", name),
                   pseudo_random_bytes(hash_bytes("FSCTOC", run.input_hash), raster_size));
    }
    write_file(folder / fmt::format("{}_MTD.xml", name), metadata_xml(run, name, type));
    write_file(folder / fmt::format("{}_QLK.png", name), quicklook_png());
    constexpr std::string_view catalog_file = "dias_catalog_submit.json";
    auto size_kb = (folder_size(folder, catalog_file) + 1023) / 1024;
    write_file(folder / catalog_file, catalog_json(run, name, type, size_kb));
    return name;
}

// MAJA's L2A: SENTINEL2B_20250105-103429-024_L2A_T32TLR_C_V1-0/
std::string write_l2a(Run const& run) {
    auto name = fmt::format("SENTINEL{}_{}_L2A_T{}_C_V1-0", run.l1c.mission.substr(1),
                            run.sensing.maja(), run.l1c.tile);
    fmt::print("sample processor: writing L2A {}\n", name);
    auto folder = run.data_folder / name;
    create_folder(folder);
    write_file(folder / fmt::format("{}_ATB_R2.tif", name),
               pseudo_random_bytes(hash_bytes("L2A", run.input_hash), l2a_raster_size));
    if (run.job.l2a_file) {
        // Continuity of the time series: this L2A was made from the previous one.
        write_file(folder / "previous_l2a.txt",
                   base_name(*run.job.l2a_file) + "\n");
    }
    return name;
}

void write_product_dict(Run const& run, std::string const& l2a, std::string const& fsc,
                        std::optional<std::string> const& rlie) {
    JsonOut out;
    out.text("l2a", l2a);
    out.text("fsc", fsc);
    if (rlie) out.text("rlie", *rlie);
    write_file_atomically(run.data_folder / "product_dict.json", out.finish());
}

void require_folder(std::string const& path, std::string_view what) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
        throw Failure(exit_missing_input,
                      fmt::format("{} {} is not there (or not a folder)", what, path));
    }
}

void require_file(std::string const& path, std::string_view what) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw Failure(exit_missing_input, fmt::format("{} {} is not there (or not a file)", what, path));
    }
}

// The tile's auxiliary data, as MAJA, LIS and ICE would read it.
void require_auxiliary_data(Parameters::FscRlie const& job) {
    require_folder(job.dem_dir, "DEM folder");
    require_file(job.tree_cover_density, "tree cover density");
    require_file(job.water_mask, "water mask");
    if (job.river_shapefile) require_file(*job.river_shapefile, "river shapefile");
    if (job.hrl_flags_file) require_file(*job.hrl_flags_file, "HRL quality flags");
    fmt::print("sample processor: auxiliary data of the tile found{}\n",
               job.generate_ice_product ? "" : " (no RLIE for this tile)");
}

std::uint64_t read_inputs(Parameters::FscRlie const& job) {
    ReadSummary summary;
    for (auto const& l1c : job.l1c_files) {
        fmt::print("sample processor: reading L1C {}\n", l1c);
        read_input(l1c, summary);
    }
    if (job.l2a_file) {
        fmt::print("sample processor: reading L2A {}\n", *job.l2a_file);
        read_input(*job.l2a_file, summary);
    }
    fmt::print("sample processor: {} file(s), {} bytes read\n", summary.files, summary.bytes);
    return summary.hash;
}

// Real processors need scratch space; this one only proves the temp folder is writable.
void use_temp_folder(fs::path const& temp_folder, std::uint64_t seed) {
    create_folder(temp_folder);
    auto scratch = temp_folder / "sample-processor-scratch.bin";
    write_file(scratch, pseudo_random_bytes(seed, raster_size));
    remove_file(scratch);
}

}  // namespace

int run_fsc_rlie(Parameters const& parameters) {
    auto const& job = *parameters.fsc_rlie;
    for (auto const& l1c : job.l1c_files) require_folder(l1c, "L1C");
    if (job.maja_mode == "nominal") require_folder(*job.l2a_file, "L2A");
    require_auxiliary_data(job);

    auto l1c = parse_l1c(job.l1c_files.front());
    auto tile = job.tile_id.starts_with('T') ? job.tile_id.substr(1) : job.tile_id;
    if (tile != l1c.tile) {
        bad(fmt::format("fsc_rlie.tile_id {} is not the tile of {}", tile, l1c.name));
    }
    fmt::print("sample processor: MAJA mode {}, {} L1C, tile {}\n", job.maja_mode,
               job.l1c_files.size(), tile);

    auto metadata = read_l1c_metadata(job.l1c_files.front());
    auto fraction = fraction_of(l1c.sensing, metadata.start_time);
    if (!fraction) fraction = fraction_of(l1c.sensing, job.measurement_date);
    SensingTime sensing{l1c.sensing, fraction.value_or(0)};
    Run run{job,
            l1c,
            sensing,
            metadata.cloud_cover ? metadata.cloud_cover : job.cloud_cover,
            tile_box(l1c.tile),
            read_inputs(job),
            fs::path(parameters.output_folder) / "data"};

    if (run.cloud_cover && *run.cloud_cover > job.max_cloud_cover_rate) {
        fmt::print("sample processor: too cloudy ({}% > {}%): no product\n", *run.cloud_cover,
                   job.max_cloud_cover_rate);
        return exit_too_cloudy;
    }
    fmt::print("sample processor: cloud cover {}\n",
               run.cloud_cover ? fmt::format("{}%", *run.cloud_cover) : "unknown");
    use_temp_folder(parameters.temp_folder, run.input_hash);
    create_folder(run.data_folder);
    auto l2a = write_l2a(run);
    auto fsc = write_product(run, "FSC", "FSCOG");
    std::optional<std::string> rlie;
    if (job.generate_ice_product) rlie = write_product(run, "RLIE", "RLIE");
    // Last: its presence tells that every product folder is complete.
    write_product_dict(run, l2a, fsc, rlie);
    fmt::print("sample processor: done\n");
    return 0;
}

}  // namespace sample
