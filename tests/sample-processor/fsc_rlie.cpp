// SPDX-License-Identifier: Apache-2.0
#include "fsc_rlie.hpp"

#include "exit_codes.hpp"
#include "files.hpp"

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

// A fixed, valid 8x8 RGB PNG (white corner on blue-grey): the quicklook of every product.
constexpr std::array<unsigned char, 101> quicklook_png{
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b,
    0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x2c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8,
    0xf0, 0xe1, 0x17, 0x56, 0xc4, 0x80, 0x55, 0xd4, 0x2d, 0xa5, 0x87, 0x01, 0xab, 0x28, 0x16,
    0x09, 0x88, 0x28, 0xba, 0x04, 0x5c, 0x14, 0x45, 0x02, 0x59, 0x14, 0x21, 0x81, 0x26, 0x0a,
    0x95, 0xc0, 0x14, 0x05, 0x22, 0x00, 0xdc, 0xdc, 0x88, 0x91, 0xdc, 0x59, 0x52, 0xbd, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

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

// A plausible 1°x1° footprint around the MGRS tile (zone, latitude band and 100 km square;
// flat-earth approximation): good enough for a catalogue entry of a synthetic product.
struct Box {
    double west = 0;
    double south = 0;
};

Box tile_box(std::string const& tile) {
    constexpr std::string_view bands = "CDEFGHJKLMNPQRSTUVWX";
    constexpr std::string_view rows = "ABCDEFGHJKLMNPQRSTUV";
    constexpr std::array<std::string_view, 3> columns{"ABCDEFGH", "JKLMNPQR", "STUVWXYZ"};
    int zone = tile.size() == 5 && all_digits(tile.substr(0, 2)) ? std::stoi(tile.substr(0, 2)) : 0;
    auto band = tile.size() == 5 ? bands.find(tile[2]) : std::string_view::npos;
    auto column = zone >= 1 ? columns[static_cast<std::size_t>(zone - 1) % 3].find(tile[3])
                            : std::string_view::npos;
    auto row = tile.size() == 5 ? rows.find(tile[4]) : std::string_view::npos;
    if (zone < 1 || zone > 60 || band == std::string_view::npos ||
        column == std::string_view::npos || row == std::string_view::npos) {
        bad(fmt::format("'{}' is not an MGRS tile (e.g. 32TLR)", tile));
    }
    constexpr double metres_per_degree = 111'000;
    double band_south = -80.0 + 8.0 * static_cast<double>(band);
    // Rows cycle every 2000 km of northing, shifted by 5 in even zones; take the cycle that
    // falls in the band.
    auto row_in_cycle = (static_cast<int>(row) - (zone % 2 == 0 ? 5 : 0) + 20) % 20;
    double band_northing = band_south * metres_per_degree;
    double northing = std::floor(band_northing / 2e6) * 2e6 + row_in_cycle * 1e5 + 5e4;
    if (northing < band_northing - 1e5) northing += 2e6;
    // The approximation can miss the band near the poles; the band is the surer part.
    double latitude = std::clamp(northing / metres_per_degree, band_south + 0.5, band_south + 7.5);
    double easting = (static_cast<double>(column) + 1) * 1e5 + 5e4;
    double central_meridian = (zone - 1) * 6.0 - 180.0 + 3.0;
    double longitude =
        central_meridian + (easting - 5e5) / (metres_per_degree *
                                              std::cos(latitude * 3.14159265358979 / 180.0));
    return {std::round((longitude - 0.5) * 100) / 100, std::round((latitude - 0.5) * 100) / 100};
}

std::string wkt(Box box) {
    double east = box.west + 1;
    double north = box.south + 1;
    return fmt::format("POLYGON(({0:.2f} {1:.2f}, {2:.2f} {1:.2f}, {2:.2f} {3:.2f}, "
                       "{0:.2f} {3:.2f}, {0:.2f} {1:.2f}))",
                       box.west, box.south, east, north);
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

// JSON through RapidJSON's writer, one member at a time.
class JsonOut {
public:
    JsonOut() : m_out(m_buffer) { m_out.StartObject(); }
    void key(std::string_view key) {
        m_out.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    }
    void text(std::string_view name, std::string_view value) {
        key(name);
        m_out.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }
    void number(std::string_view name, double value) {
        key(name);
        m_out.Double(value);
    }
    void integer(std::string_view name, std::uintmax_t value) {
        key(name);
        m_out.Uint64(value);
    }
    void null(std::string_view name) {
        key(name);
        m_out.Null();
    }
    void open(std::string_view name) {
        key(name);
        m_out.StartObject();
    }
    void close() { m_out.EndObject(); }
    // Closes the top object.
    [[nodiscard]] std::string finish() {
        m_out.EndObject();
        return std::string(m_buffer.GetString(), m_buffer.GetSize()) + "\n";
    }

private:
    rapidjson::StringBuffer m_buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> m_out;
};

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

std::string_view png_bytes() {
    return {reinterpret_cast<char const*>(quicklook_png.data()), quicklook_png.size()};
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
    write_file(folder / fmt::format("{}_MTD.xml", name), metadata_xml(run, name, type));
    write_file(folder / fmt::format("{}_QLK.png", name), png_bytes());
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
