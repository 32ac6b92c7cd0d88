// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace hrsi::util {

// Human log lines on stderr, prefixed with the program name. Level: -1 quiet (errors only),
// 0 normal (warnings and info), 1 verbose (debug). Safe to use from several threads (one
// write per line).
class Log {
public:
    // human: "program: warning: message"; json: one object per line for log collectors,
    // {"time": RFC 3339, "program", "level": error|warning|info|debug, "message"}.
    enum class Format { human, json };

    Log(std::string program, int level, Format format = Format::human)
        : m_program(std::move(program)), m_level(level), m_format(format) {}

    // The same log, also appending its lines with a UTC time stamp to `file` (e.g. a worker's
    // log kept in its job's folder): errors, warnings and information whatever the level,
    // debug lines when verbose. Throws InternalError when the file cannot be opened.
    [[nodiscard]] Log with_copy_to(std::filesystem::path const& file) const;

    template <typename... Args>
    void error(fmt::format_string<Args...> format, Args&&... args) const {
        write("error: ", fmt::format(format, std::forward<Args>(args)...), true);
    }
    template <typename... Args>
    void warn(fmt::format_string<Args...> format, Args&&... args) const {
        if (m_level >= 0 || m_copy) write("warning: ", fmt::format(format, std::forward<Args>(args)...), m_level >= 0);
    }
    template <typename... Args>
    void info(fmt::format_string<Args...> format, Args&&... args) const {
        if (m_level >= 0 || m_copy) write("", fmt::format(format, std::forward<Args>(args)...), m_level >= 0);
    }
    template <typename... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) const {
        if (m_level >= 1) write("debug: ", fmt::format(format, std::forward<Args>(args)...), true);
    }
    [[nodiscard]] int level() const noexcept { return m_level; }
    [[nodiscard]] Format format() const noexcept { return m_format; }
    [[nodiscard]] std::string const& program() const noexcept { return m_program; }

private:
    // To stderr when `console`, and always to the copy.
    void write(char const* kind, std::string const& message, bool console) const;
    struct Close {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    std::string m_program;
    int m_level;
    Format m_format = Format::human;
    std::shared_ptr<std::FILE> m_copy;
};

// "human" or "json"; throws UsageError.
[[nodiscard]] Log::Format parse_log_format(std::string_view text);

}  // namespace hrsi::util
