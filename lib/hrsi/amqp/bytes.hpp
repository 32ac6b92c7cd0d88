// SPDX-License-Identifier: Apache-2.0
// Internal to lib/hrsi/amqp: conversions between rabbitmq-c's amqp_bytes_t and C++ strings.
#pragma once

#include <amqp.h>

#include <chrono>
#include <string>
#include <string_view>

#include <sys/time.h>

namespace hrsi::amqp::detail {

// A view for rabbitmq-c, which takes non-const pointers but does not write through them.
inline amqp_bytes_t bytes(std::string_view text) noexcept {
    return amqp_bytes_t{text.size(), const_cast<char*>(text.data())};
}

inline std::string to_string(amqp_bytes_t const& bytes) {
    return bytes.len == 0 ? std::string{} : std::string(static_cast<char const*>(bytes.bytes), bytes.len);
}

// A non-negative duration as a timeval.
inline timeval to_timeval(std::chrono::microseconds duration) noexcept {
    if (duration.count() < 0) duration = std::chrono::microseconds{0};
    return timeval{static_cast<time_t>(duration.count() / 1'000'000),
                   static_cast<suseconds_t>(duration.count() % 1'000'000)};
}

}  // namespace hrsi::amqp::detail
