// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace sample {

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
    void boolean(std::string_view name, bool value) {
        key(name);
        m_out.Bool(value);
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

}  // namespace sample
