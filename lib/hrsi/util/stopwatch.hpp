// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/log.hpp>

#include <chrono>

namespace hrsi::util {

// Logs, at debug level (-v), how long each step took since the previous one.
class Stopwatch {
public:
    explicit Stopwatch(Log const& log) : m_log(log), m_last(std::chrono::steady_clock::now()) {}

    void lap(char const* step) {
        auto now = std::chrono::steady_clock::now();
        m_log.debug("{}: {} ms", step,
                    std::chrono::duration_cast<std::chrono::milliseconds>(now - m_last).count());
        m_last = now;
    }

private:
    Log const& m_log;
    std::chrono::steady_clock::time_point m_last;
};

}  // namespace hrsi::util
