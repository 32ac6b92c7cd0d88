// SPDX-License-Identifier: Apache-2.0
#include <hrsi/products/product_id.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <array>
#include <cstddef>

// Hand-written field checks, no regex: hrsi-create-jobs parses 100k+ names per second.
// Every refusal names the input as given and says which field is wrong and what it should be.

namespace hrsi::products {
namespace {

constexpr std::string_view safe_suffix = ".SAFE";
constexpr std::size_t max_shown = 300;  // longer inputs are cut in messages

constexpr std::string_view l1c_form =
    "MMM_MSIL1C_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_YYYYMMDDTHHMMSS[.SAFE]";
constexpr std::string_view s1_form =
    "MMM_BB_TTTR_LFPP_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS_OOOOOO_DDDDDD_CCCC[.SAFE]";
constexpr std::string_view hrsi_form = "<TYPE>_YYYYMMDDTHHMMSS_<mission>_T<tile>_Vnnn_<0|1>";
constexpr std::string_view gfsc_form =
    "GFSC_YYYYMMDD-NNN_<missions>_T<tile>_Vnnn_<curation unix seconds>";
constexpr std::string_view hrsi_forms =
    "<TYPE>_YYYYMMDDTHHMMSS_<mission>_T<tile>_Vnnn_<0|1> with TYPE FSC, RLIE, SWS or WDS, or "
    "GFSC_YYYYMMDD-NNN_<missions>_T<tile>_Vnnn_<curation unix seconds>";

// ---- the input -------------------------------------------------------------------------------

// The input as given (for messages) and the product name in it.
struct Name {
    std::string_view input;
    std::string_view name;  // last path component without .SAFE
    bool safe = false;      // the name ended in .SAFE
};

std::string_view last_url_component(std::string_view text) {
    if (auto scheme = text.find("://"); scheme != std::string_view::npos) {
        text.remove_prefix(scheme + 3);
    }
    return util::last_component(text);
}

Name name_of(std::string_view input) {
    Name name{input, last_url_component(input)};
    if (name.name.ends_with(safe_suffix)) {
        name.name.remove_suffix(safe_suffix.size());
        name.safe = true;
    }
    return name;
}

// The input for a message: control characters shown as '?', very long inputs cut.
std::string shown(std::string_view input) {
    std::string text(input.substr(0, max_shown));
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    if (input.size() > max_shown) text += "...";
    return text;
}

[[noreturn]] void refuse(Name const& name, std::string_view reason) {
    if (name.input.empty()) throw InputError(std::string(reason));
    throw InputError(fmt::format("{}: {}", shown(name.input), reason));
}

// ---- fields ----------------------------------------------------------------------------------

// The '_'-separated fields of a name, without allocating. `count` counts all fields, also those
// beyond the capacity (which no kind needs).
class Fields {
public:
    static constexpr std::size_t capacity = 12;

    explicit Fields(std::string_view name) : m_name(name) {
        std::size_t start = 0;
        while (true) {
            auto end = name.find('_', start);
            if (m_count < capacity) {
                m_fields[m_count] = name.substr(start, end == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : end - start);
            }
            ++m_count;
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
    }

    [[nodiscard]] std::size_t count() const { return m_count; }
    [[nodiscard]] std::string_view operator[](std::size_t i) const {
        return i < m_count && i < capacity ? m_fields[i] : std::string_view{};
    }
    // "_<field i>_<...>": the end of the name from field i on, with its separator.
    [[nodiscard]] std::string_view rest_from(std::size_t i) const {
        auto offset = static_cast<std::size_t>(m_fields[i].data() - m_name.data());
        return m_name.substr(offset - 1);
    }
    // Field i becomes "<field i>_" when field i + 1 is empty (Sentinel-1's "OCN_" with no
    // resolution class); the fields after it move up.
    void join_empty_next(std::size_t i) {
        if (i + 1 >= m_count || i + 1 >= capacity || !m_fields[i + 1].empty()) return;
        m_fields[i] = std::string_view(m_fields[i].data(), m_fields[i].size() + 1);
        for (std::size_t k = i + 1; k + 1 < capacity; ++k) m_fields[k] = m_fields[k + 1];
        --m_count;
    }

private:
    std::string_view m_name;
    std::array<std::string_view, capacity> m_fields{};
    std::size_t m_count = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); }

// The value of a field of only digits (at most 9), or -1.
int digits_value(std::string_view text) {
    if (text.empty() || text.size() > 9) return -1;
    int value = 0;
    for (char c : text) {
        if (!is_digit(c)) return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool all_upper_hex(std::string_view text) {
    for (char c : text) {
        if (!is_upper_hex(c)) return false;
    }
    return true;
}

bool has_lowercase(std::string_view text) {
    for (char c : text) {
        if (is_lower(c)) return true;
    }
    return false;
}

bool has_space_or_control(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
    }
    return false;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = is_lower(a[i]) ? static_cast<char>(a[i] - 'a' + 'A') : a[i];
        if (c != b[i]) return false;
    }
    return true;
}

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

template <std::size_t N>
bool one_of(std::string_view text, std::array<std::string_view, N> const& values) {
    for (auto value : values) {
        if (text == value) return true;
    }
    return false;
}

constexpr std::array<std::string_view, 3> s2_missions{"S2A", "S2B", "S2C"};
constexpr std::array<std::string_view, 3> s1_missions{"S1A", "S1B", "S1C"};

// "YYYYMMDDTHHMMSS" at the start of `text`.
bool starts_with_compact_time(std::string_view text) {
    if (text.size() < 15) return false;
    for (std::size_t i = 0; i < 15; ++i) {
        if (i == 8 ? text[i] != 'T' : !is_digit(text[i])) return false;
    }
    return true;
}

// A "YYYYMMDDTHHMMSS" field, `what` naming it in messages; the calendar check is parse_time's.
util::TimePoint compact_time(Name const& name, std::string_view field, std::string_view what) {
    if (!starts_with_compact_time(field)) {
        refuse(name, fmt::format("bad {} '{}' (YYYYMMDDTHHMMSS)", what, field));
    }
    if (field.size() > 15) {
        refuse(name, fmt::format("unexpected '{}' after the {}", field.substr(15), what));
    }
    std::array<char, 20> text{};  // YYYY-MM-DDTHH:MM:SSZ
    std::size_t n = 0;
    for (std::size_t i = 0; i < 15; ++i) {
        if (i == 4 || i == 6) text[n++] = '-';
        if (i == 11 || i == 13) text[n++] = ':';
        text[n++] = field[i];
    }
    text[n++] = 'Z';
    try {
        return util::parse_time(std::string_view(text.data(), n));
    } catch (InputError const&) {
        refuse(name, fmt::format("bad {} '{}': no such date or time", what, field));
    }
}

// A Sentinel-2 (MGRS) tile without the T: UTM zone 01..60, latitude band C..X without I and O,
// 100 km square column A..Z and row A..V, both without I and O.
bool valid_tile(std::string_view tile) {
    if (tile.size() != 5) return false;
    int zone = digits_value(tile.substr(0, 2));
    auto letter_ok = [](char c, char last) { return c >= 'A' && c <= last && c != 'I' && c != 'O'; };
    return zone >= 1 && zone <= 60 && letter_ok(tile[2], 'X') && tile[2] >= 'C' &&
           letter_ok(tile[3], 'Z') && letter_ok(tile[4], 'V');
}

std::string_view check_tile_field(Name const& name, std::string_view field) {
    if (field.size() != 6 || field[0] != 'T' || !valid_tile(field.substr(1))) {
        refuse(name, fmt::format("bad tile '{}' (T and a Sentinel-2 tile: UTM zone 01-60, "
                                 "latitude band C-X, two letters; e.g. T31TGL)",
                                 field));
    }
    return field.substr(1);
}

// ---- what a name looks like ------------------------------------------------------------------

enum class Kind {
    sentinel2_l1c,    // S2x_MSIL1C_... or any S2x name that is not another known Sentinel-2 kind
    sentinel2_other,  // S2x_MSIL2A_..., S2x_MSIL1B_..., S2x_OPER_... (the 2015-2016 naming)
    sentinel1,        // S1x_...
    hrsi,             // FSC_, RLIE_, SWS_, WDS_, GFSC_
    hrsi_other,       // HR-S&I products hrsi does not take: GFSC1_ (intermediate), PSA_, ARLIE_
    other_sentinel,   // S3A_..., S5P_, ...
    unknown,
};

struct Shape {
    Kind kind = Kind::unknown;
    std::string_view detail;  // the field that decided: level, HR-S&I type, mission
};

// Decided on the first two fields, ignoring case (lowercase is refused later, precisely).
Shape classify(Fields const& fields) {
    auto first = fields[0];
    if (first.size() == 3 && istarts_with(first, "S2")) {
        auto second = fields[1];
        if (iequals(second, "MSIL1C")) return {Kind::sentinel2_l1c, second};
        if (istarts_with(second, "MSIL") || iequals(second, "OPER")) {
            return {Kind::sentinel2_other, second};
        }
        return {Kind::sentinel2_l1c, second};
    }
    if (first.size() == 3 && istarts_with(first, "S1")) return {Kind::sentinel1, first};
    if (first.size() == 3 && (first[0] == 'S' || first[0] == 's') && is_digit(first[1])) {
        return {Kind::other_sentinel, first};
    }
    for (auto type : {"FSC", "RLIE", "SWS", "WDS", "GFSC"}) {
        if (iequals(first, type)) return {Kind::hrsi, first};
    }
    for (auto type : {"GFSC1", "PSA", "ARLIE"}) {
        if (iequals(first, type)) return {Kind::hrsi_other, first};
    }
    return {Kind::unknown, first};
}

std::string describe(Shape const& shape) {
    switch (shape.kind) {
        case Kind::sentinel2_l1c: return "a Sentinel-2 L1C product";
        case Kind::sentinel2_other:
            if (iequals(shape.detail, "OPER")) {
                return "a Sentinel-2 product in the 2015-2016 naming (S2x_OPER_PRD_...)";
            }
            return fmt::format("a Sentinel-2 {} product", shape.detail.substr(3));
        case Kind::sentinel1: return "a Sentinel-1 product";
        case Kind::hrsi: return fmt::format("an HR-S&I {} product", shape.detail);
        case Kind::hrsi_other: return fmt::format("an HR-S&I {} product", shape.detail);
        case Kind::other_sentinel: return fmt::format("a Sentinel-{} product", shape.detail[1]);
        case Kind::unknown: break;
    }
    return "an unknown product";
}

// The checks every parser makes before looking at fields.
void check_common(Name const& name, Shape const& shape) {
    if (name.input.empty()) {
        refuse(name, "empty product name (expected a product name or path)");
    }
    if (name.name.empty()) {
        refuse(name, "no product name in this path (it ends with a folder, not a product)");
    }
    if (has_space_or_control(name.name)) {
        refuse(name, "the product name contains spaces or control characters");
    }
    // A lowercase extension (".zip") is left to the field checks: "unexpected '.zip' after ...".
    if (shape.kind != Kind::unknown && has_lowercase(name.name.substr(0, name.name.find('.')))) {
        refuse(name, fmt::format("lowercase letters in '{}'; product names are upper case",
                                 name.name));
    }
}

void check_field_count(Name const& name, Fields const& fields, std::size_t expected,
                       std::string_view what, std::string_view form, std::string_view last) {
    if (fields.count() < expected) {
        refuse(name, fmt::format("missing fields: {} fields where {} name has {} ({})",
                                 fields.count(), what, expected, form));
    }
    if (fields.count() > expected) {
        refuse(name, fmt::format("unexpected '{}' after the {}", fields.rest_from(expected), last));
    }
}

// ---- Sentinel-2 L1C --------------------------------------------------------------------------

Sentinel2L1c sentinel2_l1c_from(Name const& name, Fields const& fields) {
    check_field_count(name, fields, 7, "a Sentinel-2 L1C", l1c_form, "discriminator date");
    Sentinel2L1c product;
    if (!one_of(fields[0], s2_missions)) {
        refuse(name, fmt::format("unknown Sentinel-2 mission '{}' (S2A, S2B or S2C)", fields[0]));
    }
    if (fields[1] != "MSIL1C") {
        refuse(name, fmt::format("bad product type '{}' (MSIL1C; {})", fields[1], l1c_form));
    }
    product.sensing_start = compact_time(name, fields[2], "sensing start");
    auto baseline = fields[3];
    if (baseline.size() != 5 || baseline[0] != 'N' || digits_value(baseline.substr(1)) < 0) {
        refuse(name, fmt::format("bad processing baseline '{}' (N and 4 digits, e.g. N0509)",
                                 baseline));
    }
    auto orbit = fields[4];
    int orbit_number = orbit.size() == 4 && orbit[0] == 'R' ? digits_value(orbit.substr(1)) : -1;
    if (orbit_number < 1 || orbit_number > 143) {
        refuse(name, fmt::format("bad relative orbit '{}' (R001 to R143)", orbit));
    }
    auto tile = check_tile_field(name, fields[5]);
    product.discriminator = compact_time(name, fields[6], "discriminator date");
    product.product_id = std::string(name.name);
    product.mission = std::string(fields[0]);
    product.baseline = std::string(baseline);
    product.relative_orbit = orbit_number;
    product.tile = std::string(tile);
    return product;
}

// ---- Sentinel-1 ------------------------------------------------------------------------------

Sentinel1 sentinel1_from(Name const& name, Fields fields) {
    if (fields[2].size() == 3) fields.join_empty_next(2);  // "OCN_" / "SLC_": no resolution
    check_field_count(name, fields, 9, "a Sentinel-1", s1_form, "product unique id");
    Sentinel1 product;
    auto mission = fields[0];
    if (!one_of(mission, s1_missions)) {
        refuse(name, fmt::format("unknown Sentinel-1 mission '{}' (S1A, S1B or S1C)", mission));
    }
    auto mode = fields[1];
    bool stripmap = mode.size() == 2 && mode[0] == 'S' && mode[1] >= '1' && mode[1] <= '6';
    if (!stripmap && mode != "IW" && mode != "EW" && mode != "WV") {
        refuse(name, fmt::format("unknown Sentinel-1 mode '{}' (S1 to S6, IW, EW or WV)", mode));
    }
    auto type = fields[2];
    if (type.size() != 4) {
        refuse(name, fmt::format("bad product type and resolution '{}' (SLC_, GRDF, GRDH, GRDM "
                                 "or OCN_)",
                                 type));
    }
    auto type_name = type.substr(0, 3);
    char resolution = type[3];
    if (type_name != "SLC" && type_name != "GRD" && type_name != "OCN") {
        refuse(name, fmt::format("unknown Sentinel-1 product type '{}' (SLC, GRD or OCN)",
                                 type_name));
    }
    if (type_name == "GRD" && resolution != 'F' && resolution != 'H' && resolution != 'M') {
        refuse(name, fmt::format("bad resolution class '{}' of a GRD product (F, H or M)",
                                 resolution));
    }
    if (type_name != "GRD" && resolution != '_') {
        refuse(name, fmt::format("bad resolution class '{}' of an {} product (none: '{}_')",
                                 resolution, type_name, type_name));
    }
    auto lfpp = fields[3];
    if (lfpp.size() != 4) {
        refuse(name, fmt::format("bad level, class and polarisation '{}' (LFPP, e.g. 1SDV)", lfpp));
    }
    if (lfpp[0] != '1' && lfpp[0] != '2') {
        refuse(name, fmt::format("bad processing level '{}' in '{}' (1 or 2)", lfpp[0], lfpp));
    }
    int level = lfpp[0] - '0';
    if ((type_name == "OCN") != (level == 2)) {
        refuse(name, fmt::format("processing level {} in '{}' does not fit an {} product ({})",
                                 level, lfpp, type_name, type_name == "OCN" ? 2 : 1));
    }
    if (lfpp[1] != 'S' && lfpp[1] != 'A') {
        refuse(name, fmt::format("bad product class '{}' in '{}' (S or A)", lfpp[1], lfpp));
    }
    auto polarisation = lfpp.substr(2);
    if (polarisation != "SH" && polarisation != "SV" && polarisation != "DH" &&
        polarisation != "DV") {
        refuse(name, fmt::format("bad polarisation '{}' in '{}' (SH, SV, DH or DV)", polarisation,
                                 lfpp));
    }
    product.start = compact_time(name, fields[4], "start time");
    product.stop = compact_time(name, fields[5], "stop time");
    if (product.stop < product.start) {
        refuse(name, fmt::format("stop time {} precedes start time {}", fields[5], fields[4]));
    }
    auto orbit = fields[6];
    int orbit_number = orbit.size() == 6 ? digits_value(orbit) : -1;
    if (orbit_number < 0) {
        refuse(name, fmt::format("bad absolute orbit '{}' (6 digits)", orbit));
    }
    auto take = fields[7];
    if (take.size() != 6 || !all_upper_hex(take)) {
        refuse(name, fmt::format("bad mission take id '{}' (6 hexadecimal digits, 0-9 A-F)", take));
    }
    auto unique = fields[8];
    if (unique.size() != 4 || !all_upper_hex(unique)) {
        refuse(name, fmt::format("bad product unique id '{}' (4 hexadecimal digits, 0-9 A-F)",
                                 unique));
    }
    product.product_id = std::string(name.name);
    product.mission = std::string(mission);
    product.mode = std::string(mode);
    product.product_type = std::string(type_name);
    product.resolution = resolution;
    product.level = level;
    product.product_class = lfpp[1];
    product.polarisation = std::string(polarisation);
    product.absolute_orbit = orbit_number;
    product.mission_take_id = std::string(take);
    product.unique_id = std::string(unique);
    return product;
}

// ---- HR-S&I ----------------------------------------------------------------------------------

std::string_view check_version(Name const& name, std::string_view field) {
    if (field.size() != 4 || field[0] != 'V' || digits_value(field.substr(1)) < 0) {
        refuse(name, fmt::format("bad product version '{}' (V and 3 digits, e.g. V102)", field));
    }
    return field;
}

// GFSC missions: S1 or S2, with or without the unit letter, joined by '-': S1-S2, S2, S1A-S2B.
bool valid_gfsc_missions(std::string_view text) {
    if (text.empty()) return false;
    while (true) {
        auto dash = text.find('-');
        auto part = text.substr(0, dash);
        bool ok = (part.size() == 2 || part.size() == 3) && part[0] == 'S' &&
                  (part[1] == '1' || part[1] == '2') &&
                  (part.size() == 2 || (part[2] >= 'A' && part[2] <= 'C'));
        if (!ok) return false;
        if (dash == std::string_view::npos) return true;
        text.remove_prefix(dash + 1);
    }
}

HrsiProduct gfsc_from(Name const& name, Fields const& fields) {
    check_field_count(name, fields, 6, "a GFSC", gfsc_form, "curation time");
    HrsiProduct product;
    auto date = fields[1];
    bool shape_ok = date.size() == 12 && date[8] == '-' && digits_value(date.substr(0, 8)) >= 0 &&
                    digits_value(date.substr(9)) >= 0;
    if (!shape_ok) {
        refuse(name, fmt::format("bad date and aggregation '{}' (YYYYMMDD-NNN, e.g. 20210412-007)",
                                 date));
    }
    std::array<char, 10> day{date[0], date[1], date[2], date[3], '-',
                             date[4], date[5], '-', date[6], date[7]};
    try {
        product.measurement = util::parse_time(std::string_view(day.data(), day.size()));
    } catch (InputError const&) {
        refuse(name, fmt::format("bad date '{}' in '{}': no such date", date.substr(0, 8), date));
    }
    product.aggregation_days = digits_value(date.substr(9));
    if (product.aggregation_days < 1) {
        refuse(name, fmt::format("bad aggregation '{}' in '{}' (001 days or more)",
                                 date.substr(9), date));
    }
    auto missions = fields[2];
    if (!valid_gfsc_missions(missions)) {
        refuse(name, fmt::format("bad GFSC missions '{}' (S1 and/or S2 joined by '-', e.g. S1-S2)",
                                 missions));
    }
    auto tile = fields[3];
    check_tile_field(name, tile);
    auto version = check_version(name, fields[4]);
    auto curation = fields[5];
    long long seconds = -1;
    if (!curation.empty() && curation.size() <= 12) {
        seconds = 0;
        for (char c : curation) {
            if (!is_digit(c)) {
                seconds = -1;
                break;
            }
            seconds = seconds * 10 + (c - '0');
        }
    }
    if (seconds < 0) {
        refuse(name, fmt::format("bad curation time '{}' (unix seconds, e.g. 1618300800)",
                                 curation));
    }
    product.product_id = std::string(name.name);
    product.product_type = "GFSC";
    product.mission = std::string(missions);
    product.tile = std::string(tile);
    product.version = std::string(version);
    product.curation_timestamp = seconds;
    return product;
}

HrsiProduct hrsi_from(Name const& name, Fields const& fields) {
    if (name.safe) {
        refuse(name, "HR-S&I product names have no .SAFE");
    }
    auto type = fields[0];
    if (type == "GFSC") return gfsc_from(name, fields);
    check_field_count(name, fields, 6, "an HR-S&I", hrsi_form, "quality flag");
    HrsiProduct product;
    product.measurement = compact_time(name, fields[1], "measurement date");
    auto mission = fields[2];
    bool s2 = one_of(mission, s2_missions);
    bool s1 = one_of(mission, s1_missions);
    if (type == "FSC" && !s2) {
        refuse(name, fmt::format("unknown mission '{}' of an FSC product (S2A, S2B or S2C)",
                                 mission));
    }
    if ((type == "SWS" || type == "WDS") && !s1) {
        refuse(name, fmt::format("unknown mission '{}' of an {} product (S1A, S1B or S1C)",
                                 mission, type));
    }
    if (type == "RLIE" && !s2 && !s1 && mission != "S1-S2") {
        refuse(name, fmt::format("unknown mission '{}' of an RLIE product (S2A, S2B, S2C, S1A, "
                                 "S1B, S1C or S1-S2)",
                                 mission));
    }
    auto tile = fields[3];
    check_tile_field(name, tile);
    auto version = check_version(name, fields[4]);
    auto flag = fields[5];
    if (flag != "0" && flag != "1") {
        refuse(name, fmt::format("bad quality flag '{}' (0 or 1)", flag));
    }
    product.product_id = std::string(name.name);
    product.product_type = std::string(type);
    product.mission = std::string(mission);
    product.tile = std::string(tile);
    product.version = std::string(version);
    product.quality_flag = flag[0] - '0';
    return product;
}

// ---- kind-specific entry points --------------------------------------------------------------

// Refuses a name of another known kind than `wanted` with "<what it is>, <job> takes <what>";
// `not_a` says what an unknown name is not ("a Sentinel-1 product name").
void check_kind(Name const& name, Shape const& shape, Kind wanted, std::string_view job_type,
                std::string_view takes, std::string_view not_a, std::string_view form) {
    if (shape.kind == wanted) return;
    if (shape.kind == Kind::unknown) {
        refuse(name, fmt::format("'{}' is not {} ({})", name.name, not_a, form));
    }
    refuse(name, fmt::format("{}, {} takes {}", describe(shape), job_type, takes));
}

}  // namespace

std::string product_name_of(std::string_view name_or_path) {
    return std::string(name_of(name_or_path).name);
}

std::string const& product_id_of(ProductId const& product) noexcept {
    return std::visit([](auto const& p) -> std::string const& { return p.product_id; }, product);
}

ProductId parse_product(std::string_view name_or_path) {
    auto name = name_of(name_or_path);
    Fields fields(name.name);
    auto shape = classify(fields);
    check_common(name, shape);
    switch (shape.kind) {
        case Kind::sentinel2_l1c: return sentinel2_l1c_from(name, fields);
        case Kind::sentinel1: return sentinel1_from(name, fields);
        case Kind::hrsi: return hrsi_from(name, fields);
        case Kind::sentinel2_other:
            if (iequals(shape.detail, "OPER")) {
                refuse(name, fmt::format("{}; hrsi takes the compact naming ({})",
                                         describe(shape), l1c_form));
            }
            refuse(name, fmt::format("{}, not L1C", describe(shape)));
        case Kind::hrsi_other:
        case Kind::other_sentinel:
            refuse(name, fmt::format("{}; hrsi takes Sentinel-2 L1C, Sentinel-1 and HR-S&I FSC, "
                                     "RLIE, SWS, WDS and GFSC products",
                                     describe(shape)));
        case Kind::unknown: break;
    }
    refuse(name, fmt::format("'{}' is not a Sentinel-2 L1C, Sentinel-1 or HR-S&I product name "
                             "(e.g. S2A_MSIL1C_..., S1A_IW_GRDH_..., FSC_..., GFSC_...)",
                             name.name));
}

Sentinel2L1c parse_sentinel2_l1c(std::string_view name_or_path, std::string_view job_type) {
    auto name = name_of(name_or_path);
    Fields fields(name.name);
    auto shape = classify(fields);
    check_common(name, shape);
    check_kind(name, shape, Kind::sentinel2_l1c, job_type, "Sentinel-2 L1C",
               "a Sentinel-2 L1C product name", l1c_form);
    return sentinel2_l1c_from(name, fields);
}

Sentinel1 parse_sentinel1(std::string_view name_or_path, std::string_view job_type) {
    auto name = name_of(name_or_path);
    Fields fields(name.name);
    auto shape = classify(fields);
    check_common(name, shape);
    check_kind(name, shape, Kind::sentinel1, job_type, "Sentinel-1", "a Sentinel-1 product name",
               s1_form);
    return sentinel1_from(name, fields);
}

HrsiProduct parse_hrsi_product(std::string_view name_or_path, std::string_view job_type) {
    auto name = name_of(name_or_path);
    Fields fields(name.name);
    auto shape = classify(fields);
    check_common(name, shape);
    check_kind(name, shape, Kind::hrsi, job_type, "HR-S&I products",
               "an HR-S&I product name", hrsi_forms);
    return hrsi_from(name, fields);
}

}  // namespace hrsi::products
