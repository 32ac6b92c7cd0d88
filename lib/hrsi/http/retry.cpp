// SPDX-License-Identifier: Apache-2.0
#include <hrsi/http/retry.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <thread>

namespace hrsi::http {
namespace {

using std::chrono::milliseconds;

bool retried_status(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

// "come back later" rather than "broken".
bool busy_status(long status) { return status == 429 || status == 503; }

std::string excerpt(std::string const& body) {
    std::string text = body.substr(0, 200);
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text.empty() ? std::string("(empty body)") : text;
}

std::string fault_name(TransferFault fault) {
    switch (fault) {
    case TransferFault::unreachable: return "unreachable";
    case TransferFault::timeout: return "timed out";
    case TransferFault::reset: return "connection reset";
    case TransferFault::other: return "transfer failed";
    }
    return "transfer failed";
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
    long long seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
        return std::chrono::seconds(seconds);
    }
    std::tm tm{};
    std::istringstream in{std::string(value)};
    in.imbue(std::locale::classic());
    in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S");
    if (in.fail()) {
        return std::nullopt;
    }
    auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(when - now));
}

milliseconds backoff_delay(RetryPolicy const& policy, int retry, std::mt19937_64& random) {
    double full = static_cast<double>(policy.first_delay.count()) * std::pow(2.0, std::min(retry, 30));
    full = std::min(full, static_cast<double>(policy.max_delay.count()));
    std::uniform_real_distribution<double> share(0.5, 1.0);
    return milliseconds(static_cast<std::int64_t>(full * share(random)));
}

RetryingClient::RetryingClient(Client& client, RetryPolicy policy, util::Log const& log)
    : m_client(client),
      m_policy(policy),
      m_log(log),
      m_deadline(std::chrono::steady_clock::now() + policy.total_timeout),
      m_random(std::random_device{}()) {}

milliseconds RetryingClient::remaining() const {
    return std::chrono::duration_cast<milliseconds>(m_deadline - std::chrono::steady_clock::now());
}

void RetryingClient::wait(milliseconds delay, std::string const& reason, Request const& request) {
    if (delay >= remaining()) {
        throw TemporaryFailure(fmt::format(
            "{}: {}; the next try would pass the overall time limit ({} s): try again later",
            request.url, reason, m_policy.total_timeout.count() / 1000));
    }
    m_log.info("{}; trying again in {:.1f} s", reason, static_cast<double>(delay.count()) / 1000.0);
    std::this_thread::sleep_for(delay);
}

Response RetryingClient::fetch(Request const& request) {
    for (int attempt = 0;; ++attempt) {
        auto left = remaining();
        if (left <= milliseconds(0)) {
            throw TemporaryFailure(fmt::format("{}: the overall time limit ({} s) passed: try again later",
                                               request.url, m_policy.total_timeout.count() / 1000));
        }
        bool last = attempt >= m_policy.retries;
        std::string reason;
        milliseconds delay = backoff_delay(m_policy, attempt, m_random);
        try {
            auto response = m_client.perform(request, std::min(m_policy.request_timeout, left));
            if (response.status >= 200 && response.status < 300) {
                return response;
            }
            reason = fmt::format("{}: HTTP {}", request.url, response.status);
            if (!retried_status(response.status)) {
                throw ServiceUnavailable(fmt::format("{}: {}; check the catalogue URL and the query "
                                                     "(--dry-run prints it)",
                                                     reason, excerpt(response.body)));
            }
            if (response.retry_after) {
                auto asked = parse_retry_after(*response.retry_after, std::chrono::system_clock::now());
                if (asked && *asked > m_policy.max_delay) {
                    throw TemporaryFailure(fmt::format(
                        "{}, asked to retry after {} s, more than the longest wait ({} s): try again later",
                        reason, asked->count() / 1000, m_policy.max_delay.count() / 1000));
                }
                if (asked) {
                    delay = std::max(delay, *asked);
                }
            }
            if (last) {
                auto message = fmt::format("{} after {} tries: {}", reason, attempt + 1, excerpt(response.body));
                if (busy_status(response.status)) {
                    throw TemporaryFailure(message + "; the catalogue is busy: try again later");
                }
                throw ServiceUnavailable(message);
            }
        } catch (TransferError const& e) {
            reason = fmt::format("{} ({})", e.what(), fault_name(e.fault()));
            if (e.fault() == TransferFault::other || last) {
                throw ServiceUnavailable(fmt::format("catalogue unreachable after {} tries: {}", attempt + 1, reason));
            }
        }
        ++m_retries_done;
        wait(delay, reason, request);
    }
}

}  // namespace hrsi::http
