// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/signal_stop.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace hrsi::util {
namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

int checked(int fd, char const* what) {
    if (fd < 0) throw InternalError(fmt::format("cannot create {}: {}", what, std::strerror(errno)));
    return fd;
}

}  // namespace

SignalStop::SignalStop() {
    auto const set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, &m_previous_mask);
    // Waits for a signal, or for the destructor's wake-up.
    auto const wait = [this] {
        pollfd fds[2] = {{m_signals, POLLIN, 0}, {m_wake, POLLIN, 0}};
        while (true) {
            if (poll(fds, 2, -1) < 0) {
                if (errno == EINTR) continue;
                return;
            }
            if (fds[1].revents != 0) return;
            signalfd_siginfo info{};
            if (read(m_signals, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
                int expected = 0;
                m_signal.compare_exchange_strong(expected, static_cast<int>(info.ssi_signo));
                m_source.request_stop();
            }
        }
    };
    try {
        m_signals = checked(signalfd(-1, &set, SFD_CLOEXEC), "a signalfd");
        m_wake = checked(eventfd(0, EFD_CLOEXEC), "an eventfd");
        m_waiter = std::thread(wait);
    } catch (...) {
        // No destructor runs for a constructor that throws: give back what was taken.
        if (m_wake >= 0) close(m_wake);
        if (m_signals >= 0) close(m_signals);
        pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr);
        throw;
    }
}

SignalStop::~SignalStop() {
    std::uint64_t const one = 1;
    if (write(m_wake, &one, sizeof one) < 0) {
        // Cannot happen with a fresh eventfd; the join below would then hang, so end here.
        std::terminate();
    }
    m_waiter.join();
    // A signal that came after the waiter stopped is taken here, not delivered on unblocking
    // (it would kill the process after its outcome was decided).
    auto const set = stop_signals();
    timespec const none{0, 0};
    while (sigtimedwait(&set, nullptr, &none) > 0) {
    }
    close(m_signals);
    close(m_wake);
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
