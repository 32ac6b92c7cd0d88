// SPDX-License-Identifier: Apache-2.0
#include <hrsi/geometry/parse.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <memory>
#include <string>
#include <vector>

namespace hrsi::geometry {
namespace {

using namespace std::string_view_literals;
using util::trimmed;

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != prefix[i]) return false;
    }
    return true;
}

// "SRID=4326;..." -> "..."; another SRID is refused.
std::string_view without_srid(std::string_view text) {
    if (!starts_with_nocase(text, "SRID="sv)) return text;
    auto const semicolon = text.find(';');
    if (semicolon == std::string_view::npos) {
        throw InputError(fmt::format("'{}': an SRID= prefix without ';'", text.substr(0, 40)));
    }
    auto const srid = text.substr(5, semicolon - 5);
    if (srid != "4326"sv) {
        throw InputError(fmt::format(
            "footprint in SRID {}: only lon/lat WGS84 (SRID=4326) footprints are read", srid));
    }
    return text.substr(semicolon + 1);
}

using Value = rapidjson::Value;

[[noreturn]] void bad_geojson(std::string const& what) {
    throw InputError(fmt::format("not a GeoJSON geometry: {}", what));
}

Point read_position(Value const& value) {
    if (!value.IsArray() || value.Size() < 2 || !value[0].IsNumber() || !value[1].IsNumber()) {
        bad_geojson("a position is not an array of at least two numbers");
    }
    return {value[0].GetDouble(), value[1].GetDouble()};
}

std::vector<Point> read_positions(Value const& value) {
    if (!value.IsArray()) bad_geojson("coordinates are not an array of positions");
    std::vector<Point> points;
    points.reserve(value.Size());
    for (auto const& position : value.GetArray()) points.push_back(read_position(position));
    return points;
}

Geometry read_polygon(GeosContext const& context, Value const& rings) {
    if (!rings.IsArray() || rings.Empty()) bad_geojson("a polygon's coordinates are no rings");
    std::vector<std::vector<Point>> holes;
    for (rapidjson::SizeType i = 1; i < rings.Size(); ++i) holes.push_back(read_positions(rings[i]));
    return Geometry::polygon(context, read_positions(rings[0]), holes);
}

Geometry from_wkt_text(GeosContext const& context, std::string const& wkt) {
    struct ReaderDeleter {
        GEOSContextHandle_t handle;
        void operator()(GEOSWKTReader* reader) const { GEOSWKTReader_destroy_r(handle, reader); }
    };
    std::unique_ptr<GEOSWKTReader, ReaderDeleter> reader(GEOSWKTReader_create_r(context.get()),
                                                         ReaderDeleter{context.get()});
    if (!reader) context.throw_last_error("cannot make a WKT reader");
    GEOSGeometry* geometry = GEOSWKTReader_read_r(context.get(), reader.get(), wkt.c_str());
    if (geometry == nullptr) {
        context.throw_last_error(fmt::format("not WKT: '{}'", wkt.substr(0, 60)));
    }
    return {context, geometry};
}

Geometry collection(GeosContext const& context, int type, std::vector<Geometry> parts) {
    std::vector<GEOSGeometry*> raw;
    for (auto& part : parts) raw.push_back(const_cast<GEOSGeometry*>(part.get()));
    GEOSGeometry* result = GEOSGeom_createCollection_r(context.get(), type, raw.data(),
                                                       static_cast<unsigned>(raw.size()));
    if (result == nullptr) context.throw_last_error("cannot make a geometry collection");
    for (auto& part : parts) (void)part.release();  // the collection owns them now
    return {context, result};
}

Geometry read_geometry_value(GeosContext const& context, Value const& value);

Geometry read_point(GeosContext const& context, Point point) {
    GEOSGeometry* geometry = GEOSGeom_createPointFromXY_r(context.get(), point.x, point.y);
    if (geometry == nullptr) context.throw_last_error("cannot make a point");
    return {context, geometry};
}

Geometry read_line(GeosContext const& context, std::vector<Point> const& points) {
    if (points.size() < 2) bad_geojson("a line string needs at least two positions");
    GEOSCoordSequence* sequence =
        GEOSCoordSeq_create_r(context.get(), static_cast<unsigned>(points.size()), 2);
    if (sequence == nullptr) context.throw_last_error("cannot make a coordinate sequence");
    for (std::size_t i = 0; i < points.size(); ++i) {
        GEOSCoordSeq_setXY_r(context.get(), sequence, static_cast<unsigned>(i), points[i].x,
                             points[i].y);
    }
    GEOSGeometry* line = GEOSGeom_createLineString_r(context.get(), sequence);
    if (line == nullptr) context.throw_last_error("cannot make a line string");
    return {context, line};
}

Geometry read_typed(GeosContext const& context, std::string_view type, Value const& value) {
    if (type == "GeometryCollection"sv) {
        auto const member = value.FindMember("geometries");
        if (member == value.MemberEnd() || !member->value.IsArray()) {
            bad_geojson("a GeometryCollection without a 'geometries' array");
        }
        std::vector<Geometry> parts;
        for (auto const& part : member->value.GetArray()) {
            parts.push_back(read_geometry_value(context, part));
        }
        return collection(context, GEOS_GEOMETRYCOLLECTION, std::move(parts));
    }
    auto const member = value.FindMember("coordinates");
    if (member == value.MemberEnd()) bad_geojson(fmt::format("a {} without coordinates", type));
    Value const& coordinates = member->value;
    if (type == "Polygon"sv) return read_polygon(context, coordinates);
    if (type == "Point"sv) return read_point(context, read_position(coordinates));
    if (type == "LineString"sv) return read_line(context, read_positions(coordinates));
    if (!coordinates.IsArray()) bad_geojson(fmt::format("a {}'s coordinates are no array", type));
    std::vector<Geometry> parts;
    if (type == "MultiPolygon"sv) {
        for (auto const& rings : coordinates.GetArray()) parts.push_back(read_polygon(context, rings));
        return collection(context, GEOS_MULTIPOLYGON, std::move(parts));
    }
    if (type == "MultiPoint"sv) {
        for (auto const& position : coordinates.GetArray()) {
            parts.push_back(read_point(context, read_position(position)));
        }
        return collection(context, GEOS_MULTIPOINT, std::move(parts));
    }
    if (type == "MultiLineString"sv) {
        for (auto const& line : coordinates.GetArray()) {
            parts.push_back(read_line(context, read_positions(line)));
        }
        return collection(context, GEOS_MULTILINESTRING, std::move(parts));
    }
    bad_geojson(fmt::format("unknown type '{}'", type));
}

Geometry read_geometry_value(GeosContext const& context, Value const& value) {
    if (!value.IsObject()) bad_geojson("not an object");
    auto const type = value.FindMember("type");
    if (type == value.MemberEnd() || !type->value.IsString()) bad_geojson("no 'type'");
    std::string_view const name{type->value.GetString(), type->value.GetStringLength()};
    if (name == "Feature"sv) {
        auto const geometry = value.FindMember("geometry");
        if (geometry == value.MemberEnd() || geometry->value.IsNull()) {
            bad_geojson("a Feature without a geometry");
        }
        return read_geometry_value(context, geometry->value);
    }
    if (name == "FeatureCollection"sv) {
        auto const features = value.FindMember("features");
        if (features == value.MemberEnd() || !features->value.IsArray()) {
            bad_geojson("a FeatureCollection without a 'features' array");
        }
        std::vector<Geometry> parts;
        for (auto const& feature : features->value.GetArray()) {
            parts.push_back(read_geometry_value(context, feature));
        }
        return collection(context, GEOS_GEOMETRYCOLLECTION, std::move(parts));
    }
    return read_typed(context, name, value);
}

}  // namespace

Geometry read_wkt(GeosContext const& context, std::string_view text) {
    return from_wkt_text(context, std::string(without_srid(trimmed(text))));
}

Geometry read_geojson(GeosContext const& context, std::string_view text) {
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError()) {
        throw InputError(fmt::format("broken GeoJSON at byte {}: {}", document.GetErrorOffset(),
                                     rapidjson::GetParseError_En(document.GetParseError())));
    }
    return read_geometry_value(context, document);
}

Geometry read_footprint(GeosContext const& context, std::string_view text) {
    text = trimmed(text);
    if (text.empty()) throw InputError("an empty footprint");
    if (text.front() == '{') return read_geojson(context, text);
    if (starts_with_nocase(text, "GEOGRAPHY'"sv) || starts_with_nocase(text, "GEOMETRY'"sv)) {
        auto const open = text.find('\'');
        if (text.back() != '\'' || text.size() < open + 2) {
            throw InputError(fmt::format("'{}': an OData geography literal without its closing "
                                         "quote",
                                         text.substr(0, 60)));
        }
        text = text.substr(open + 1, text.size() - open - 2);
    }
    return read_wkt(context, text);
}

}  // namespace hrsi::geometry
