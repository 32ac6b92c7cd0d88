// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/log.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hrsi::util {

// A progress line on stderr for long work — "creating jobs: 120,000 products, 7,130/s" or, with
// a total, "publishing: 4,000 of 10,000 jobs (40%), 2,010/s, about 3 s left" — redrawn at most
// every half second, and only when stderr is a terminal and the log is human and not quiet
// (logs for programs and files stay clean). The line is cleared when the work ends.
class Progress {
public:
    Progress(Log const& log, std::string what, std::string unit, std::optional<std::int64_t> total = std::nullopt);
    Progress(Progress const&) = delete;
    Progress& operator=(Progress const&) = delete;
    ~Progress();

    void update(std::int64_t done);
    [[nodiscard]] bool shown() const noexcept { return m_enabled; }

    // The line for `done` after `elapsed` (without the carriage return), for tests.
    [[nodiscard]] static std::string line(std::string const& what, std::string const& unit, std::int64_t done,
                                          std::optional<std::int64_t> total, std::chrono::duration<double> elapsed);

private:
    std::string m_what;
    std::string m_unit;
    std::optional<std::int64_t> m_total;
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
};

}  // namespace hrsi::util
