// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <chrono>

namespace hrsi::jobs {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_or_null(Writer& writer, char const* key, std::optional<std::string> const& value) {
    writer.Key(key);
    if (value) {
        writer.String(value->data(), static_cast<rapidjson::SizeType>(value->size()));
    } else {
        writer.Null();
    }
}

void string(Writer& writer, char const* key, std::string const& value) {
    writer.Key(key);
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void number_or_null(Writer& writer, char const* key, std::optional<std::string> const& json_number) {
    writer.Key(key);
    if (json_number) {
        // A JSON number, or a JSON string as the program wrote it ("86.0").
        auto const kind = json_number->starts_with('"') ? rapidjson::kStringType : rapidjson::kNumberType;
        writer.RawValue(json_number->data(), json_number->size(), kind);
    } else {
        writer.Null();
    }
}

}  // namespace

std::optional<std::string> scalar_json(rapidjson::Value const& object, char const* key) {
    auto const member = object.FindMember(key);
    if (member == object.MemberEnd() || !(member->value.IsNumber() || member->value.IsString())) return std::nullopt;
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    member->value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<double> resource_kilobytes(rapidjson::Value const& properties) {
    auto const size = properties.FindMember("resourceSize");
    if (size == properties.MemberEnd()) return std::nullopt;
    if (size->value.IsNumber()) return size->value.GetDouble();
    if (!size->value.IsString()) return std::nullopt;
    std::string_view text(size->value.GetString(), size->value.GetStringLength());
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty() || text.size() > 15) return std::nullopt;
    double value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string resto_document(RestoProduct const& product) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    string(writer, "collection_name", "HR-S&I");
    writer.Key("resto");
    writer.StartObject();
    string(writer, "type", "Feature");
    writer.Key("geometry");
    writer.StartObject();
    string_or_null(writer, "wkt", product.wkt);
    writer.EndObject();
    writer.Key("properties");
    writer.StartObject();
    string(writer, "productIdentifier", product.product_identifier);
    string(writer, "title", product.title);
    writer.Key("resourceSize");
    if (product.resource_size) {
        writer.Int64(*product.resource_size);
    } else {
        writer.Null();
    }
    string(writer, "organisationName", "EEA");
    string_or_null(writer, "startDate", product.start_date);
    string_or_null(writer, "completionDate", product.completion_date);
    string(writer, "productType", product.product_type);
    number_or_null(writer, "resolution", product.resolution);
    string(writer, "mission", product.mission);
    number_or_null(writer, "cloudCover", product.cloud_cover);
    string(writer, "processingBaseline", product.processing_baseline);
    string(writer, "host_base", product.host_base);
    string(writer, "s3_bucket", product.s3_bucket);
    string(writer, "thumbnail", product.thumbnail);
    writer.EndObject();
    writer.EndObject();
    writer.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

std::string format_resto_time(util::TimePoint time) {
    // By civil fields, not fmt's chrono formatting, which converts to nanoseconds and
    // overflows after 2262 (a startDate of 4288 in program metadata: fuzz_program_metadata).
    auto const day = std::chrono::floor<std::chrono::days>(time);
    std::chrono::year_month_day const date{day};
    std::chrono::hh_mm_ss const clock{std::chrono::floor<std::chrono::microseconds>(time - day)};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock.hours().count(),
                       clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

std::string processing_baseline(std::string_view path) {
    for (std::size_t i = 0; i + 2 < path.size(); ++i) {
        if (path[i] != 'V') continue;
        std::size_t end = i + 1;
        while (end < path.size() && std::isdigit(static_cast<unsigned char>(path[end]))) ++end;
        if (end - i - 1 >= 2) return std::string(path.substr(i, end - i));
    }
    return {};
}

}  // namespace hrsi::jobs
