// SPDX-License-Identifier: Apache-2.0
// The JSON catalogue answers (OData, resto/Finder GeoJSON, STAC), read with RapidJSON's SAX
// reader. A small state machine follows the few places products live in; one product's fields
// are collected at a time, handed on and dropped. Every other value is skipped by counting its
// nesting, however deep.
#include <hrsi/catalogue/catalogue_input.hpp>
#include <hrsi/catalogue/product_checks.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace hrsi::catalogue::detail {
namespace {

using namespace std::string_view_literals;

// A JSON value as far as a product field cares.
struct Field {
    // json: a structure captured whole as JSON text (geometry, polarisation arrays).
    enum class Kind : std::uint8_t { absent, null, text, number, boolean, structured, json };
    Kind kind = Kind::absent;
    std::string text;
    double number = 0;

    void clear() {
        kind = Kind::absent;
        text.clear();
    }
    // A non-empty string.
    [[nodiscard]] bool has_text() const { return kind == Kind::text && !text.empty(); }
    // Absent, null or "": nothing to read.
    [[nodiscard]] bool missing() const {
        return kind == Kind::absent || kind == Kind::null || (kind == Kind::text && text.empty());
    }
};

// The fields collected for one product (OData entry or GeoJSON feature).
enum Slot : std::uint8_t {
    // OData
    s_name,
    s_s3path,
    s_publication_date,
    s_content_start,
    s_content_end,
    s_attribute_name,
    s_attribute_value,
    s_cloud_attribute,
    s_snow_attribute,
    // GeoJSON: the feature, its properties, its assets
    s_id,
    s_product_identifier,
    s_title,
    s_published,
    s_start_date,
    s_completion_date,
    s_cloud_cover,
    s_snow_cover,
    s_datetime,
    s_start_datetime,
    s_end_datetime,
    s_created,
    s_eo_cloud_cover,
    s_product_uri,           // STAC: s2:product_uri (Earth Search), the ESA name
    s_sentinel_product_id,   // STAC: sentinel:product_id (sat-api catalogues), the ESA name
    s_href,
    s_alternate_href,
    // Footprint and Sentinel-1 fields, shared by the three formats
    s_footprint,      // OData Footprint (text)
    s_geometry,       // OData GeoFootprint, GeoJSON geometry (captured as JSON text)
    s_product_type,
    s_sensor_mode,
    s_platform,
    s_platform_serial,
    s_orbit_direction,
    s_absolute_orbit,
    s_relative_orbit,
    s_slice_number,
    s_total_slices,
    s_polarisations,  // text ("VV&VH") or an array (captured as JSON text)
    s_timeliness,
    slot_count,
    s_none = slot_count,
};

// Where the reader is: each object or array it follows is one level.
enum class In : std::uint8_t {
    document,
    top,            // the document's object
    odata_array,    // value[]
    odata_entry,    // value[i]
    content_date,   // value[i].ContentDate
    attributes,     // value[i].Attributes[]
    attribute,      // value[i].Attributes[j]
    features,       // features[]
    feature,        // features[i]
    properties,     // features[i].properties
    assets,         // features[i].assets
    asset,          // features[i].assets.<key>
    alternates,     // features[i].assets.<key>.alternate
    alternate,      // features[i].assets.<key>.alternate.<key>
};

// What the last key names, besides a field slot.
enum class KeyKind : std::uint8_t {
    other,
    value,         // top: "value"
    features,      // top: "features"
    content_date,  // entry: "ContentDate"
    attributes,    // entry: "Attributes"
    properties,    // feature: "properties"
    assets,        // feature: "assets"
    asset,         // assets: any key
    alternate,     // asset: "alternate"
};

bool is_storage_href(std::string_view href) {
    return href.starts_with("s3://"sv) || href.starts_with("/eodata"sv);
}

// "s3://EODATA/Sentinel-2/..." and "s3://eodata/..." -> "/eodata/Sentinel-2/...".
std::string storage_path(std::string_view href) {
    for (auto prefix : {"s3://eodata"sv, "s3://EODATA"sv}) {
        if (href.starts_with(prefix)) {
            auto rest = href.substr(prefix.size());
            if (rest.empty() || rest.front() == '/') return fmt::format("/eodata{}", rest);
        }
    }
    return std::string(href);
}

std::string_view kind_name(Field::Kind kind) {
    switch (kind) {
    case Field::Kind::text: return "a string";
    case Field::Kind::number: return "a number";
    case Field::Kind::boolean: return "a boolean";
    case Field::Kind::structured:
    case Field::Kind::json: return "an object or array";
    default: return "null";
    }
}

class Handler {
public:
    Handler(Format format, ProductCallback const& on_product)
        : m_format(format), m_on_product(on_product) {}

    // RapidJSON's SAX interface. Errors (ours and the callback's) are kept and the parse is
    // stopped by returning false; read_json rethrows them.
    bool Null() {
        if (m_capture > 0) return m_writer.Null();
        return m_skip > 0 || guard([&] { scalar().kind = Field::Kind::null; });
    }
    bool Bool(bool value) {
        if (m_capture > 0) return m_writer.Bool(value);
        return m_skip > 0 || guard([&] { scalar().kind = Field::Kind::boolean; });
    }
    bool Int(int value) {
        if (m_capture > 0) return m_writer.Int(value);
        return number(static_cast<double>(value));
    }
    bool Uint(unsigned value) {
        if (m_capture > 0) return m_writer.Uint(value);
        return number(static_cast<double>(value));
    }
    bool Int64(std::int64_t value) {
        if (m_capture > 0) return m_writer.Int64(value);
        return number(static_cast<double>(value));
    }
    bool Uint64(std::uint64_t value) {
        if (m_capture > 0) return m_writer.Uint64(value);
        return number(static_cast<double>(value));
    }
    bool Double(double value) {
        if (m_capture > 0) return m_writer.Double(value);
        return number(value);
    }
    bool RawNumber(char const* text, rapidjson::SizeType length, bool copy) {
        if (m_capture > 0) return m_writer.RawNumber(text, length, copy);
        return m_skip > 0 || guard([&] {
            Field& field = scalar();
            field.kind = Field::Kind::text;
            field.text.assign(text, length);
        });
    }
    bool String(char const* text, rapidjson::SizeType length, bool copy) {
        if (m_capture > 0) return m_writer.String(text, length, copy);
        if (m_skip > 0 || (m_slot == s_none && !in_list())) return true;  // nothing reads it
        return guard([&] {
            // No field read is longer than a path: refused before it is copied (memory).
            if (length > max_path_length) {
                throw InputError(fmt::format("{}: a value '{}' is longer than any product name or path "
                                             "({} bytes); fix the catalogue answer",
                                             source(), shortened({text, length}), max_path_length));
            }
            Field& field = scalar();
            field.kind = Field::Kind::text;
            field.text.assign(text, length);
        });
    }
    bool Key(char const* text, rapidjson::SizeType length, bool copy) {
        if (m_capture > 0) return m_writer.Key(text, length, copy);
        return m_skip > 0 || guard([&] { key({text, length}); });
    }
    bool StartObject() {
        if (m_capture > 0) return ++m_capture, m_writer.StartObject();
        return start(true);
    }
    bool StartArray() {
        if (m_capture > 0) return ++m_capture, m_writer.StartArray();
        return start(false);
    }
    bool EndObject(rapidjson::SizeType count) {
        if (m_capture > 0) return m_writer.EndObject(count) && end_capture();
        return end();
    }
    bool EndArray(rapidjson::SizeType count) {
        if (m_capture > 0) return m_writer.EndArray(count) && end_capture();
        return end();
    }

    [[nodiscard]] std::exception_ptr error() const { return m_error; }
    [[nodiscard]] ReadSummary summary() const { return m_summary; }

    // " (in value[3])" while inside a product, for parse error messages.
    [[nodiscard]] std::string where() const {
        for (int level = 0; level < m_depth; ++level) {
            if (m_stack[level] == In::odata_entry || m_stack[level] == In::feature) {
                return fmt::format(" (in {})", source());
            }
        }
        return {};
    }

private:
    template <typename Action>
    bool guard(Action&& action) noexcept {
        try {
            action();
            return true;
        } catch (...) {
            m_error = std::current_exception();
            return false;
        }
    }

    [[nodiscard]] In current() const { return m_depth == 0 ? In::document : m_stack[m_depth - 1]; }
    // In value[] or features[], where a scalar is an error.
    [[nodiscard]] bool in_list() const {
        return current() == In::odata_array || current() == In::features;
    }

    void push(In where) {
        // The followed levels are at most 8 deep (document > top > features > feature >
        // assets > asset > alternates > alternate); anything deeper is skipped.
        m_stack[static_cast<std::size_t>(m_depth++)] = where;
        m_key = KeyKind::other;
        m_slot = s_none;
    }

    Field& field(Slot slot) { return m_fields[slot]; }

    [[nodiscard]] std::string source() const {
        return fmt::format("{}[{}]", m_list == In::odata_array ? "value" : "features",
                           m_index - 1);
    }

    [[noreturn]] static void not_a_catalogue(std::string_view detail) {
        throw InputError(fmt::format(
            "not a catalogue answer: no 'value' (OData) or 'features' (GeoJSON/STAC) array{}",
            detail));
    }

    // The field a scalar value goes to; a throw-away one when nothing reads it.
    Field& scalar() {
        switch (current()) {
        case In::odata_array:
        case In::features:
            ++m_index;
            throw InputError(fmt::format("{}: not an object, so not a product", source()));
        default:
            break;
        }
        if (m_slot == s_none) {
            m_ignored.clear();
            return m_ignored;
        }
        return field(m_slot);
    }

    bool number(double value) {
        if (m_skip > 0 || (m_slot == s_none && !in_list())) return true;  // nothing reads it
        return guard([&] {
            Field& field = scalar();
            field.kind = Field::Kind::number;
            field.number = value;
        });
    }

    void key(std::string_view name) {
        m_key = KeyKind::other;
        m_slot = s_none;
        switch (current()) {
        case In::top:
            if (name == "value"sv) {
                m_key = KeyKind::value;
            } else if (name == "features"sv) {
                m_key = KeyKind::features;
            } else if (name == "stac_version"sv) {
                m_top_stac = true;
            }
            break;
        case In::odata_entry:
            if (name == "Name"sv) {
                m_slot = s_name;
            } else if (name == "S3Path"sv) {
                m_slot = s_s3path;
            } else if (name == "PublicationDate"sv) {
                m_slot = s_publication_date;
            } else if (name == "ContentDate"sv) {
                m_key = KeyKind::content_date;
            } else if (name == "Attributes"sv) {
                m_key = KeyKind::attributes;
            } else if (name == "Footprint"sv) {
                m_slot = s_footprint;
            } else if (name == "GeoFootprint"sv) {
                m_slot = s_geometry;
            }
            break;
        case In::content_date:
            if (name == "Start"sv) {
                m_slot = s_content_start;
            } else if (name == "End"sv) {
                m_slot = s_content_end;
            }
            break;
        case In::attribute:
            if (name == "Name"sv) {
                m_slot = s_attribute_name;
            } else if (name == "Value"sv) {
                m_slot = s_attribute_value;
            }
            break;
        case In::feature:
            if (name == "properties"sv) {
                m_key = KeyKind::properties;
            } else if (name == "id"sv) {
                m_slot = s_id;
            } else if (name == "assets"sv) {
                m_key = KeyKind::assets;
                m_has_assets = true;
            } else if (name == "stac_version"sv) {
                m_has_stac_version = true;
            } else if (name == "geometry"sv) {
                m_slot = s_geometry;
            }
            break;
        case In::properties: m_slot = property_slot(name); break;
        case In::assets:
            m_key = KeyKind::asset;
            m_asset_is_product = name.size() == 7 && (name[0] == 'p' || name[0] == 'P') &&
                                 name.substr(1) == "roduct"sv;
            break;
        case In::asset:
            if (name == "href"sv) {
                m_slot = s_href;
            } else if (name == "alternate"sv) {
                m_key = KeyKind::alternate;
            }
            break;
        case In::alternate:
            if (name == "href"sv) m_slot = s_alternate_href;
            break;
        default: break;
        }
    }

    static Slot property_slot(std::string_view name) {
        if (name == "productIdentifier"sv) return s_product_identifier;
        if (name == "title"sv) return s_title;
        if (name == "published"sv) return s_published;
        if (name == "startDate"sv) return s_start_date;
        if (name == "completionDate"sv) return s_completion_date;
        if (name == "cloudCover"sv) return s_cloud_cover;
        if (name == "snowCover"sv) return s_snow_cover;
        if (name == "datetime"sv) return s_datetime;
        if (name == "start_datetime"sv) return s_start_datetime;
        if (name == "end_datetime"sv) return s_end_datetime;
        if (name == "created"sv) return s_created;
        if (name == "s2:product_uri"sv) return s_product_uri;
        if (name == "sentinel:product_id"sv) return s_sentinel_product_id;
        if (name == "eo:cloud_cover"sv) return s_eo_cloud_cover;
        return sentinel1_property_slot(name);
    }

    // resto and STAC names of the Sentinel-1 fields.
    static Slot sentinel1_property_slot(std::string_view name) {
        if (name == "productType"sv || name == "product:type"sv || name == "sar:product_type"sv) {
            return s_product_type;
        }
        if (name == "sensorMode"sv || name == "sar:instrument_mode"sv) return s_sensor_mode;
        if (name == "platform"sv) return s_platform;
        if (name == "orbitDirection"sv || name == "sat:orbit_state"sv ||
            name == "sar:pass_direction"sv) {
            return s_orbit_direction;
        }
        if (name == "orbitNumber"sv || name == "sat:absolute_orbit"sv ||
            name == "sar:absolute_orbit"sv) {
            return s_absolute_orbit;
        }
        if (name == "relativeOrbitNumber"sv || name == "sat:relative_orbit"sv ||
            name == "sar:relative_orbit"sv) {
            return s_relative_orbit;
        }
        if (name == "sliceNumber"sv || name == "s1:slice_number"sv) return s_slice_number;
        if (name == "totalSlices"sv || name == "s1:total_slices"sv) return s_total_slices;
        if (name == "polarisation"sv || name == "sar:polarizations"sv ||
            name == "sar:polarization"sv) {
            return s_polarisations;
        }
        if (name == "timeliness"sv || name == "product:timeliness"sv ||
            name == "s1:product_timeliness"sv) {
            return s_timeliness;
        }
        return s_none;
    }

    bool start(bool object) {
        if (m_skip > 0) {
            ++m_skip;
            return true;
        }
        return guard([&] { start_value(object); });
    }

    void start_value(bool object) {
        switch (current()) {
        case In::document:
            if (!object) not_a_catalogue(" (the document is an array, not an object)");
            push(In::top);
            return;
        case In::top:
            if (!object && m_key == KeyKind::value) {
                begin_list(In::odata_array);
                return;
            }
            if (!object && m_key == KeyKind::features) {
                begin_list(In::features);
                return;
            }
            break;
        case In::odata_array:
        case In::features:
            ++m_index;
            if (!object) {
                throw InputError(fmt::format("{}: not an object, so not a product", source()));
            }
            begin_product();
            push(current() == In::odata_array ? In::odata_entry : In::feature);
            return;
        case In::odata_entry:
            if (object && m_key == KeyKind::content_date) {
                push(In::content_date);
                return;
            }
            if (!object && m_key == KeyKind::attributes) {
                push(In::attributes);
                return;
            }
            break;
        case In::attributes:
            if (object) {
                field(s_attribute_name).clear();
                field(s_attribute_value).clear();
                push(In::attribute);
                return;
            }
            break;
        case In::feature:
            if (object && m_key == KeyKind::properties) {
                push(In::properties);
                return;
            }
            if (object && m_key == KeyKind::assets) {
                push(In::assets);
                return;
            }
            break;
        case In::assets:
            if (object) {
                field(s_href).clear();
                m_asset_alternate.clear();
                m_in_product_asset = m_asset_is_product;
                push(In::asset);
                return;
            }
            break;
        case In::asset:
            if (object && m_key == KeyKind::alternate) {
                push(In::alternates);
                return;
            }
            break;
        case In::alternates:
            if (object) {
                field(s_alternate_href).clear();
                push(In::alternate);
                return;
            }
            break;
        default: break;
        }
        // A geometry or a polarisation array: kept whole as JSON text.
        if (m_slot == s_geometry || m_slot == s_polarisations) {
            begin_capture(object);
            return;
        }
        // Not followed: remember that a wanted field held a structure, and skip it.
        if (m_slot != s_none) field(m_slot).kind = Field::Kind::structured;
        m_skip = 1;
    }

    bool end() {
        if (m_skip > 0) {
            --m_skip;
            return true;
        }
        return guard([&] { end_value(); });
    }

    void end_value() {
        In const finished = m_stack[static_cast<std::size_t>(--m_depth)];
        m_key = KeyKind::other;
        m_slot = s_none;
        switch (finished) {
        case In::top:
            if (m_list == In::document) not_a_catalogue("");
            if (m_list == In::features && m_summary.format == Format::automatic) {
                m_summary.format = m_top_stac ? Format::stac : Format::resto;  // no features
            }
            break;
        case In::odata_entry: emit_odata(); break;
        case In::feature: emit_feature(); break;
        case In::attribute: end_attribute(); break;
        case In::asset: end_asset(); break;
        case In::alternate: {
            Field const& href = field(s_alternate_href);
            if (href.kind == Field::Kind::text && is_storage_href(href.text) &&
                m_asset_alternate.empty()) {
                m_asset_alternate = href.text;
            }
            break;
        }
        default: break;
        }
    }

    void begin_list(In list) {
        bool const odata = list == In::odata_array;
        if (m_list != In::document && m_list != list) {
            throw InputError(
                "not a catalogue answer: the document has both a 'value' (OData) and a "
                "'features' (GeoJSON/STAC) array");
        }
        if (odata && (m_format == Format::resto || m_format == Format::stac)) {
            throw InputError(fmt::format(
                "--format {}: the document has a 'value' array (an OData answer), not "
                "'features'; use --format odata or auto",
                format_name(m_format)));
        }
        if (!odata && m_format == Format::odata) {
            throw InputError(
                "--format odata: the document has a 'features' array (a resto/Finder or STAC "
                "answer), not 'value'; use --format resto, stac or auto");
        }
        m_list = list;
        m_index = 0;
        if (odata) m_summary.format = Format::odata;
        if (m_format != Format::automatic) m_summary.format = m_format;
        push(list);
    }

    void begin_product() {
        for (auto& one : m_fields) one.clear();
        m_has_assets = false;
        m_has_stac_version = false;
        m_product_href.clear();
        m_first_storage_href.clear();
    }

    void end_attribute() {
        Field& name = field(s_attribute_name);
        if (name.kind != Field::Kind::text) return;
        if (name.text == "cloudCover"sv) {
            std::swap(field(s_cloud_attribute), field(s_attribute_value));
        } else if (name.text == "snowCover"sv) {
            std::swap(field(s_snow_attribute), field(s_attribute_value));
        } else if (Slot const slot = odata_attribute_slot(name.text); slot != s_none) {
            std::swap(field(slot), field(s_attribute_value));
        }
    }

    // The OData attribute names of the Sentinel-1 fields.
    static Slot odata_attribute_slot(std::string_view name) {
        if (name == "productType"sv) return s_product_type;
        if (name == "operationalMode"sv) return s_sensor_mode;
        if (name == "platformShortName"sv) return s_platform;
        if (name == "platformSerialIdentifier"sv) return s_platform_serial;
        if (name == "orbitDirection"sv) return s_orbit_direction;
        if (name == "orbitNumber"sv) return s_absolute_orbit;
        if (name == "relativeOrbitNumber"sv) return s_relative_orbit;
        if (name == "sliceNumber"sv) return s_slice_number;
        if (name == "totalSlices"sv) return s_total_slices;
        if (name == "polarisationChannels"sv) return s_polarisations;
        if (name == "timeliness"sv) return s_timeliness;
        return s_none;
    }

    void begin_capture(bool object) {
        m_capture_slot = m_slot;
        m_buffer.Clear();
        m_writer.Reset(m_buffer);
        m_capture = 1;
        if (object) {
            m_writer.StartObject();
        } else {
            m_writer.StartArray();
        }
    }

    // After the end of a captured structure: the whole value kept once its outermost ends.
    bool end_capture() {
        if (--m_capture > 0) return true;
        Field& captured = field(m_capture_slot);
        captured.kind = Field::Kind::json;
        captured.text.assign(m_buffer.GetString(), m_buffer.GetSize());
        m_key = KeyKind::other;
        m_slot = s_none;
        return true;
    }

    // The product asset gives the path: its own storage href, else a storage href of its
    // alternates, else its href. Without one, the first storage href of any asset.
    void end_asset() {
        Field const& href = field(s_href);
        std::string_view const own =
            href.kind == Field::Kind::text ? std::string_view(href.text) : std::string_view{};
        std::string_view const storage = is_storage_href(own) ? own : m_asset_alternate;
        if (m_in_product_asset && m_product_href.empty()) {
            m_product_href = storage.empty() ? own : storage;
        }
        if (!storage.empty() && m_first_storage_href.empty()) m_first_storage_href = storage;
        m_in_product_asset = false;
    }

    // Field readers for emitting; `name` names the field in messages.
    std::string text(Slot slot, std::string_view name) {
        Field const& value = field(slot);
        if (value.missing()) return {};
        if (value.kind != Field::Kind::text) {
            throw InputError(fmt::format("{}: '{}' is {}, not a string", source(), name,
                                         kind_name(value.kind)));
        }
        return value.text;
    }

    std::optional<util::TimePoint> time(Slot slot, std::string_view name) {
        Field const& value = field(slot);
        if (value.missing()) return std::nullopt;
        if (value.kind != Field::Kind::text) {
            throw InputError(fmt::format("{}: '{}' is {}, not a date", source(), name,
                                         kind_name(value.kind)));
        }
        try {
            return util::parse_time(value.text);
        } catch (InputError const& error) {
            throw InputError(fmt::format("{}: '{}': {}", source(), name, error.what()));
        }
    }

    std::optional<double> percent(Slot slot, std::string_view name) {
        Field const& value = field(slot);
        if (value.missing()) return std::nullopt;
        if (value.kind == Field::Kind::number) return value.number;
        if (value.kind == Field::Kind::text) {
            std::string_view digits = value.text;
            while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
            while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
            if (digits.empty()) return std::nullopt;
            double number = 0;
            auto const [end, error] =
                std::from_chars(digits.data(), digits.data() + digits.size(), number);
            if (error == std::errc{} && end == digits.data() + digits.size()) return number;
            throw InputError(fmt::format("{}: '{}' is not a number: '{}'", source(), name,
                                         value.text));
        }
        throw InputError(fmt::format("{}: '{}' is {}, not a number", source(), name,
                                     kind_name(value.kind)));
    }

    std::optional<std::int64_t> whole_number(Slot slot, std::string_view name) {
        auto const value = percent(slot, name);
        if (!value) return std::nullopt;
        if (*value != std::floor(*value) || std::abs(*value) > 9e15) {
            throw InputError(fmt::format("{}: '{}' is not a whole number: {}", source(), name,
                                         *value));
        }
        return static_cast<std::int64_t>(*value);
    }

    // "S1A" from "SENTINEL-1" + "A", "sentinel-1a", "Sentinel-1A", "S1A".
    static std::string platform_code(std::string name, std::string_view serial) {
        name += serial;
        for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (name.starts_with("SENTINEL-")) name = "S" + name.substr(9);
        return name;
    }

    // "VV&VH", "VV VH", "VV+VH" or ["VV", "VH"] -> VV, VH.
    std::vector<std::string> polarisation_list() {
        Field const& value = field(s_polarisations);
        std::vector<std::string> result;
        if (value.missing()) return result;
        if (value.kind == Field::Kind::json) {
            rapidjson::Document array;
            array.Parse(value.text.c_str());
            if (array.IsArray()) {
                for (auto const& item : array.GetArray()) {
                    if (!item.IsString()) {
                        throw InputError(fmt::format("{}: polarisations hold a non-string",
                                                     source()));
                    }
                    result.emplace_back(item.GetString(), item.GetStringLength());
                }
                return result;
            }
        }
        if (value.kind != Field::Kind::text) {
            throw InputError(fmt::format("{}: polarisations are {}, not a string or an array",
                                         source(), kind_name(value.kind)));
        }
        std::string_view rest = value.text;
        while (!rest.empty()) {
            auto const end = rest.find_first_of(" &+,/");
            if (end != 0) result.emplace_back(rest.substr(0, end));
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
        return result;
    }

    // The footprint and the Sentinel-1 fields, whichever format gave them.
    void read_sentinel1_fields(CatalogueProduct& product) {
        Field const& geometry = field(s_geometry);
        if (geometry.kind == Field::Kind::json) {
            product.footprint = geometry.text;
        } else {
            product.footprint = text(s_footprint, "Footprint");
        }
        product.product_type = text(s_product_type, "product type");
        product.sensor_mode = text(s_sensor_mode, "sensor mode");
        auto platform = text(s_platform, "platform");
        if (!platform.empty()) {
            product.platform = platform_code(std::move(platform),
                                             text(s_platform_serial, "platformSerialIdentifier"));
        }
        product.orbit_direction = text(s_orbit_direction, "orbit direction");
        for (auto& c : product.orbit_direction) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        product.absolute_orbit = whole_number(s_absolute_orbit, "absolute orbit");
        product.relative_orbit = whole_number(s_relative_orbit, "relative orbit");
        product.slice_number = whole_number(s_slice_number, "slice number");
        product.total_slices = whole_number(s_total_slices, "total slices");
        product.polarisations = polarisation_list();
        product.timeliness = text(s_timeliness, "timeliness");
    }

    void emit(CatalogueProduct&& product) {
        read_sentinel1_fields(product);
        product.source = source();
        m_on_product(std::move(product));
        ++m_summary.products;
    }

    void emit_odata() {
        CatalogueProduct product;
        product.name = text(s_name, "Name");
        product.path = text(s_s3path, "S3Path");
        if (product.name.empty() && product.path.empty()) {
            throw InputError(fmt::format(
                "{}: neither 'Name' nor 'S3Path', so no product to read", source()));
        }
        if (product.path.empty()) product.path = product.name;
        if (product.name.empty()) product.name = util::last_component(product.path);
        product.published = time(s_publication_date, "PublicationDate");
        product.sensing_start = time(s_content_start, "ContentDate.Start");
        product.sensing_end = time(s_content_end, "ContentDate.End");
        product.cloud_cover = percent(s_cloud_attribute, "Attributes cloudCover");
        product.snow_cover = percent(s_snow_attribute, "Attributes snowCover");
        emit(std::move(product));
    }

    // A feature is a STAC item when it has "stac_version"; else a resto/Finder feature when
    // it has properties.productIdentifier; else a STAC item when it has "assets"; else resto
    // when it has properties.title; else a STAC item (by its id).
    [[nodiscard]] Format classify() const {
        if (m_has_stac_version) return Format::stac;
        if (!field(s_product_identifier).missing()) return Format::resto;
        if (m_has_assets) return Format::stac;
        if (!field(s_title).missing()) return Format::resto;
        return Format::stac;
    }
    [[nodiscard]] Field const& field(Slot slot) const { return m_fields[slot]; }

    void emit_feature() {
        Format format = m_format;
        bool const stac_marks = m_has_stac_version || m_has_assets;
        bool const resto_marks = !field(s_product_identifier).missing();
        if (format == Format::automatic) {
            format = classify();
        } else if (format == Format::stac && resto_marks && !stac_marks) {
            throw InputError(fmt::format(
                "--format stac: {} is a resto/Finder feature (properties.productIdentifier, no "
                "stac_version or assets), not a STAC item; use --format resto or auto",
                source()));
        } else if (format == Format::resto && stac_marks && !resto_marks) {
            throw InputError(fmt::format(
                "--format resto: {} is a STAC item (stac_version or assets, no "
                "properties.productIdentifier), not a resto/Finder feature; use --format stac "
                "or auto",
                source()));
        }
        if (m_summary.format == Format::automatic) m_summary.format = format;
        if (format == Format::stac) {
            emit_stac();
        } else {
            emit_resto();
        }
    }

    void emit_resto() {
        CatalogueProduct product;
        product.path = text(s_product_identifier, "properties.productIdentifier");
        product.name = text(s_title, "properties.title");
        if (product.name.empty() && product.path.empty()) {
            throw InputError(fmt::format(
                "{}: neither 'properties.productIdentifier' nor 'properties.title', so no "
                "product to read",
                source()));
        }
        if (product.name.empty()) product.name = util::last_component(product.path);
        if (product.path.empty()) product.path = product.name;
        product.published = time(s_published, "properties.published");
        product.sensing_start = time(s_start_date, "properties.startDate");
        product.sensing_end = time(s_completion_date, "properties.completionDate");
        product.cloud_cover = percent(s_cloud_cover, "properties.cloudCover");
        product.snow_cover = percent(s_snow_cover, "properties.snowCover");
        emit(std::move(product));
    }

    void emit_stac() {
        CatalogueProduct product;
        // The ESA product name: the id of some catalogues only (others have their own ids and
        // give the name in a property).
        product.name = text(s_product_uri, "properties.s2:product_uri");
        if (product.name.empty()) product.name = text(s_sentinel_product_id, "properties.sentinel:product_id");
        if (product.name.empty()) product.name = text(s_id, "id");
        if (!m_product_href.empty()) {
            product.path = storage_path(m_product_href);
        } else if (!m_first_storage_href.empty()) {
            product.path = storage_path(m_first_storage_href);
        }
        if (product.name.empty() && product.path.empty()) {
            throw InputError(fmt::format(
                "{}: neither an 'id' nor an asset with a storage href, so no product to read",
                source()));
        }
        if (product.path.empty()) product.path = product.name;
        if (product.name.empty()) product.name = util::last_component(product.path);
        product.sensing_start = field(s_datetime).missing()
                                    ? time(s_start_datetime, "properties.start_datetime")
                                    : time(s_datetime, "properties.datetime");
        product.sensing_end = time(s_end_datetime, "properties.end_datetime");
        product.published = field(s_published).missing()
                                ? time(s_created, "properties.created")
                                : time(s_published, "properties.published");
        product.cloud_cover = percent(s_eo_cloud_cover, "properties.eo:cloud_cover");
        emit(std::move(product));
    }

    Format m_format;
    ProductCallback const& m_on_product;
    ReadSummary m_summary{Format::automatic, 0};
    std::exception_ptr m_error;

    std::array<In, 8> m_stack{};
    int m_depth = 0;
    std::int64_t m_skip = 0;  // nesting depth inside a skipped value
    KeyKind m_key = KeyKind::other;
    Slot m_slot = s_none;

    In m_list = In::document;  // the product array found: odata_array or features
    std::int64_t m_index = 0;  // products begun in it
    bool m_top_stac = false;

    std::array<Field, slot_count> m_fields;
    Field m_ignored;
    bool m_has_assets = false;
    bool m_has_stac_version = false;
    bool m_asset_is_product = false;
    bool m_in_product_asset = false;
    std::string m_asset_alternate;
    std::string m_product_href;
    std::string m_first_storage_href;
    // A structure being captured as JSON text (m_capture: its nesting depth).
    int m_capture = 0;
    Slot m_capture_slot = s_none;
    rapidjson::StringBuffer m_buffer;
    rapidjson::Writer<rapidjson::StringBuffer> m_writer{m_buffer};
};

}  // namespace

ReadSummary read_json(InputCursor& input, Format format, ProductCallback const& on_product) {
    Handler handler(format, on_product);
    rapidjson::Reader reader;
    auto const result = reader.Parse<rapidjson::kParseIterativeFlag>(input, handler);
    if (auto error = handler.error()) std::rethrow_exception(error);
    if (result.IsError()) {
        throw InputError(fmt::format("broken JSON at byte {}{}: {}", result.Offset(),
                                     handler.where(), rapidjson::GetParseError_En(result.Code())));
    }
    return handler.summary();
}

}  // namespace hrsi::catalogue::detail
