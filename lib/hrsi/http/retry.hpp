// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/http/client.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace hrsi::http {

// When and how long to try again. Retried: HTTP 408, 429, 500, 502, 503, 504, and transfer
// faults (unreachable, timeout, reset).
struct RetryPolicy {
    int retries = 5;                                          // tries after the first, per request
    std::chrono::milliseconds first_delay{std::chrono::seconds(2)};  // back-off: doubles per retry
    std::chrono::milliseconds max_delay{std::chrono::seconds(120)};  // longest wait; a longer
                                                                      // Retry-After gives up (75)
    std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};   // one request
    std::chrono::milliseconds total_timeout{std::chrono::minutes(30)};     // all requests and waits
};

// A Retry-After header's wait: delta-seconds, or an HTTP date (IMF-fixdate) from `now`.
// nullopt when it is neither.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// The back-off before retry `retry` (0 for the first): a random wait between half and all of
// min(max_delay, first_delay * 2^retry) ("equal jitter"), so that clients that failed together
// do not come back together.
[[nodiscard]] std::chrono::milliseconds backoff_delay(RetryPolicy const& policy, int retry,
                                                      std::mt19937_64& random);

// Performs requests with the policy's retries, within one overall deadline from its creation.
class RetryingClient {
public:
    RetryingClient(Client& client, RetryPolicy policy, util::Log const& log);

    // The 2xx answer to `request`. Throws TemporaryFailure (75) when the retries ran out on
    // 429/503 (the catalogue asks to come back later), when a Retry-After is longer than
    // max_delay, or when the overall deadline passed; ServiceUnavailable (69) when they ran
    // out on anything else, or on an answer that is not retried (other 4xx and 5xx).
    Response fetch(Request const& request);

    [[nodiscard]] int retries_done() const noexcept { return m_retries_done; }

private:
    [[nodiscard]] std::chrono::milliseconds remaining() const;
    void wait(std::chrono::milliseconds delay, std::string const& reason, Request const& request);

    Client& m_client;
    RetryPolicy m_policy;
    util::Log const& m_log;
    std::chrono::steady_clock::time_point m_deadline;
    std::mt19937_64 m_random;
    int m_retries_done = 0;
};

}  // namespace hrsi::http
