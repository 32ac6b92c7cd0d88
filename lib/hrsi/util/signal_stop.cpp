// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/signal_stop.hpp>

#include <pthread.h>

#include <ctime>

namespace hrsi::util {
namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

SignalStop::SignalStop() {
    auto const set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, &m_previous_mask);
    // Waits with a timeout so that the destructor can end the thread without a signal.
    m_waiter = std::jthread([this](std::stop_token done) {
        auto const waited = stop_signals();
        timespec const tick{0, 100'000'000};
        while (!done.stop_requested()) {
            int const received = sigtimedwait(&waited, nullptr, &tick);
            if (received > 0) {
                int expected = 0;
                m_signal.compare_exchange_strong(expected, received);
                m_source.request_stop();
            }
        }
    });
}

SignalStop::~SignalStop() {
    m_waiter.request_stop();
    m_waiter.join();
    // A signal that came after the waiter stopped is taken here, not delivered on unblocking
    // (it would kill the process after its outcome was decided).
    auto const set = stop_signals();
    timespec const none{0, 0};
    while (sigtimedwait(&set, nullptr, &none) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr);
}

std::string SignalStop::describe() const {
    switch (m_signal.load()) {
    case 0: return "";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    default: return "signal " + std::to_string(m_signal.load());
    }
}

}  // namespace hrsi::util
