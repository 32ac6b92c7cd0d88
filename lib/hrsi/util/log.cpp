// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/log.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cstring>

namespace hrsi::util {

Log Log::with_copy_to(std::filesystem::path const& file) const {
    Log copy = *this;
    std::FILE* handle = std::fopen(file.c_str(), "ae");
    if (handle == nullptr) {
        throw InternalError(fmt::format("cannot open log file {}: {}", file.string(), std::strerror(errno)));
    }
    std::setvbuf(handle, nullptr, _IOLBF, 0);
    copy.m_copy = std::shared_ptr<std::FILE>(handle, Close{});
    return copy;
}

namespace {

std::string json_line(std::string const& program, char const* kind, std::string const& message) {
    std::string_view level = kind;
    if (level.empty()) level = "info";
    if (level.ends_with(": ")) level.remove_suffix(2);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("time");
    auto const time = format_rfc3339(now());
    writer.String(time.c_str());
    writer.Key("program");
    writer.String(program.c_str());
    writer.Key("level");
    writer.String(level.data(), static_cast<rapidjson::SizeType>(level.size()));
    writer.Key("message");
    writer.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
    writer.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

Log::Format parse_log_format(std::string_view text) {
    if (text == "human") return Log::Format::human;
    if (text == "json") return Log::Format::json;
    throw UsageError(fmt::format("unknown log format '{}' (expected human or json)", text));
}

void Log::write(char const* kind, std::string const& message, bool console) const {
    if (console) {
        if (m_format == Format::json) {
            std::fprintf(stderr, "%s\n", json_line(m_program, kind, message).c_str());
        } else {
            std::fprintf(stderr, "%s: %s%s\n", m_program.c_str(), kind, message.c_str());
        }
    }
    if (m_copy) {
        std::fprintf(m_copy.get(), "%s %s%s\n", format_rfc3339(now()).c_str(), kind, message.c_str());
    }
}

}  // namespace hrsi::util
