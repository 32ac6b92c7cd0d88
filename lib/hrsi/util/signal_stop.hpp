// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <csignal>
#include <stop_token>
#include <string>
#include <thread>

namespace hrsi::util {

// Turns SIGTERM and SIGINT into a stop request that long work checks (Nomad sends SIGTERM
// when it stops an allocation; an operator presses Ctrl-C). Blocks both signals in the
// calling thread, and so in every thread started afterwards: construct it first in main().
// Children started with run_child get the default signal handling back.
class SignalStop {
public:
    SignalStop();
    SignalStop(SignalStop const&) = delete;
    SignalStop& operator=(SignalStop const&) = delete;
    ~SignalStop();

    [[nodiscard]] std::stop_token token() const noexcept { return m_source.get_token(); }
    // The first signal received, 0 if none.
    [[nodiscard]] int signal() const noexcept { return m_signal.load(); }
    // "SIGTERM", "SIGINT", or "" when no signal came.
    [[nodiscard]] std::string describe() const;

private:
    std::stop_source m_source;
    std::atomic<int> m_signal{0};
    sigset_t m_previous_mask{};
    int m_signals = -1;  // signalfd of SIGTERM and SIGINT
    int m_wake = -1;     // eventfd: the destructor ends the waiter through it
    std::thread m_waiter;
};

}  // namespace hrsi::util
