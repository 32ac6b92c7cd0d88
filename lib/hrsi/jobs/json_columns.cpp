// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/json_columns.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace hrsi::jobs {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

rapidjson::Document parse(std::string_view text, std::string_view column) {
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError()) throw InternalError(fmt::format("column {} does not hold JSON", column));
    return document;
}

// A string's content, or any other value as its JSON text.
std::string text_of(rapidjson::Value const& value) {
    if (value.IsString()) return {value.GetString(), value.GetStringLength()};
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    value.Accept(writer);
    return {buffer.GetString(), buffer.GetSize()};
}

void write_string(Writer& writer, std::string const& text) {
    writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

void read_object(std::string_view text, std::map<std::string, std::string>& value, std::string_view column) {
    value.clear();
    auto const document = parse(text, column);
    if (document.IsNull()) return;
    if (!document.IsObject()) throw InternalError(fmt::format("column {} holds no JSON object", column));
    for (auto const& member : document.GetObject()) {
        value.emplace(std::string(member.name.GetString(), member.name.GetStringLength()), text_of(member.value));
    }
}

template <typename WriteValue>
db::Param write_object(std::map<std::string, std::string> const& value, WriteValue&& write_value) {
    if (value.empty()) return {};
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    for (auto const& [key, item] : value) {
        write_string(writer, key);
        write_value(writer, key, item);
    }
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

void ColumnKind<std::vector<std::string>>::read(std::string_view text, std::vector<std::string>& value,
                                               std::string_view column) {
    value.clear();
    auto const document = parse(text, column);
    if (document.IsNull()) return;
    if (!document.IsArray()) throw InternalError(fmt::format("column {} holds no JSON array", column));
    for (auto const& item : document.GetArray()) value.push_back(text_of(item));
}

db::Param ColumnKind<std::vector<std::string>>::write(std::vector<std::string> const& value) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartArray();
    for (auto const& item : value) write_string(writer, item);
    writer.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

void ColumnKind<std::map<std::string, std::string>>::read(std::string_view text,
                                                         std::map<std::string, std::string>& value,
                                                         std::string_view column) {
    read_object(text, value, column);
}

db::Param ColumnKind<std::map<std::string, std::string>>::write(std::map<std::string, std::string> const& value) {
    return write_object(value, [](Writer& writer, std::string const&, std::string const& item) {
        write_string(writer, item);
    });
}

void JsonDocuments::read(std::string_view text, std::map<std::string, std::string>& value, std::string_view column) {
    read_object(text, value, column);
}

db::Param JsonDocuments::write(std::map<std::string, std::string> const& value) {
    return write_object(value, [](Writer& writer, std::string const& key, std::string const& item) {
        rapidjson::Document document;
        document.Parse(item.c_str(), item.size());
        if (document.HasParseError()) {
            throw InternalError(fmt::format("the JSON document of '{}' is not JSON", key));
        }
        document.Accept(writer);
    });
}

}  // namespace hrsi::jobs
