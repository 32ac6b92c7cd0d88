// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/progress.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace hrsi::util {
namespace {

// 1234567 -> "1,234,567"
std::string grouped(std::int64_t value) {
    auto const digits = std::to_string(value < 0 ? -value : value);
    std::string out = value < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string duration(double seconds) {
    auto const s = static_cast<long long>(std::llround(seconds));
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
    return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
}

}  // namespace

Progress::Progress(Log const& log, std::string what, std::string unit, std::optional<std::int64_t> total)
    : m_what(std::move(what)), m_unit(std::move(unit)), m_total(total),
      m_enabled(log.level() >= 0 && log.format() == Log::Format::human && ::isatty(STDERR_FILENO) == 1),
      m_start(std::chrono::steady_clock::now()), m_last(m_start) {}

Progress::~Progress() {
    if (m_drawn) std::fputs("\r\033[K", stderr);
}

std::string Progress::line(std::string const& what, std::string const& unit, std::int64_t done,
                           std::optional<std::int64_t> total, std::chrono::duration<double> elapsed) {
    double const seconds = elapsed.count();
    double const rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    auto text = total ? fmt::format("{}: {} of {} {}", what, grouped(done), grouped(*total), unit)
                      : fmt::format("{}: {} {}", what, grouped(done), unit);
    if (total && *total > 0) text += fmt::format(" ({}%)", done * 100 / *total);
    if (rate > 0) text += fmt::format(", {}/s", grouped(static_cast<std::int64_t>(rate)));
    if (total && rate > 0 && done < *total) {
        text += fmt::format(", about {} left", duration(static_cast<double>(*total - done) / rate));
    }
    return text;
}

void Progress::update(std::int64_t done) {
    if (!m_enabled) return;
    auto const now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_last < std::chrono::milliseconds(500)) return;
    m_last = now;
    m_drawn = true;
    std::fprintf(stderr, "\r\033[K%s", line(m_what, m_unit, done, m_total, now - m_start).c_str());
    std::fflush(stderr);
}

}  // namespace hrsi::util
