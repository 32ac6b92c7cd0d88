// SPDX-License-Identifier: Apache-2.0
// Back-off and Retry-After of hrsi-search's HTTP client.
#include <hrsi/http/retry.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace std::chrono_literals;

TEST_CASE("http::parse_retry_after reads seconds and HTTP dates", "[http]") {
    auto now = std::chrono::system_clock::from_time_t(1704067200);  // 2024-01-01T00:00:00Z
    CHECK(hrsi::http::parse_retry_after("120", now) == std::chrono::milliseconds(120s));
    CHECK(hrsi::http::parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now) == std::chrono::milliseconds(30s));
    CHECK(hrsi::http::parse_retry_after("Sun, 31 Dec 2023 23:00:00 GMT", now) == std::chrono::milliseconds(0));
    CHECK_FALSE(hrsi::http::parse_retry_after("soon", now));
    CHECK_FALSE(hrsi::http::parse_retry_after("-5", now));
}

TEST_CASE("http::backoff_delay doubles, stays within its bound, and is jittered", "[http]") {
    hrsi::http::RetryPolicy policy;
    policy.first_delay = 100ms;
    policy.max_delay = 1000ms;
    std::mt19937_64 random(42);
    for (int retry = 0; retry < 8; ++retry) {
        auto full = std::min<std::int64_t>(100 << retry, 1000);
        for (int i = 0; i < 20; ++i) {
            auto delay = hrsi::http::backoff_delay(policy, retry, random).count();
            CHECK(delay >= full / 2);
            CHECK(delay <= full);
        }
    }
    std::set<std::int64_t> seen;
    for (int i = 0; i < 20; ++i) seen.insert(hrsi::http::backoff_delay(policy, 3, random).count());
    CHECK(seen.size() > 5);
}
