// SPDX-License-Identifier: Apache-2.0
#pragma once

// A file descriptor owned by one object: closed when it goes, moved but never copied.

#include <utility>

#include <unistd.h>

namespace hrsi::util {

class Fd {
public:
    Fd() noexcept = default;
    explicit Fd(int fd) noexcept : m_fd(fd) {}
    Fd(Fd const&) = delete;
    Fd& operator=(Fd const&) = delete;
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    ~Fd() { reset(); }

    [[nodiscard]] int get() const noexcept { return m_fd; }
    explicit operator bool() const noexcept { return m_fd >= 0; }
    // Closes now, ignoring errors (the descriptor is gone either way).
    void reset() noexcept {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }
    // Closes now and reports what close() said (a failed final write of a file may show only
    // there): 0, or -1 with errno set.
    int close() noexcept {
        int const result = m_fd >= 0 ? ::close(m_fd) : 0;
        m_fd = -1;
        return result;
    }

private:
    int m_fd = -1;
};

}  // namespace hrsi::util
