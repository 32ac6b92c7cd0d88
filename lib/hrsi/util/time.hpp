// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace hrsi::util {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

// Parses an ISO 8601 / RFC 3339 time: "2026-11-27", "2026-11-27T10:00", "2026-11-27 10:00:05",
// with 0-6 fractional digits, and "Z", "+01:00", "+0100" or no zone (= UTC).
// Throws InputError naming the text.
[[nodiscard]] TimePoint parse_time(std::string_view text);

// Like parse_time, and also "30m", "2h", "7d", "1w", "90s": that long before `now`.
[[nodiscard]] TimePoint parse_time_or_age(std::string_view text, TimePoint now);

// "2026-11-27T10:00:05.123456Z" (fraction only when not zero).
[[nodiscard]] std::string format_rfc3339(TimePoint time);

// A timestamptz as PostgreSQL prints it in UTC ("2026-11-27 10:00:05.12+00") -> RFC 3339.
[[nodiscard]] std::string pg_timestamp_to_rfc3339(std::string_view text);

[[nodiscard]] TimePoint now() noexcept;

// 00:00 UTC of the time's day.
[[nodiscard]] TimePoint day_of(TimePoint time) noexcept;

}  // namespace hrsi::util
