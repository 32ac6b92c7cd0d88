// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

namespace hrsi::util {

// Human log lines on stderr, prefixed with the program name. Level: -1 quiet (errors only),
// 0 normal (warnings and info), 1 verbose (debug). Safe to use from several threads (one
// write per line).
class Log {
public:
    Log(std::string program, int level) : m_program(std::move(program)), m_level(level) {}

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
    [[nodiscard]] std::string const& program() const noexcept { return m_program; }

private:
    // To stderr when `console`, and always to the copy.
    void write(char const* kind, std::string const& message, bool console) const;
    struct Close {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    std::string m_program;
    int m_level;
    std::shared_ptr<std::FILE> m_copy;
};

}  // namespace hrsi::util
