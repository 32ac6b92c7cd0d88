// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/amqp/message.hpp>
#include <hrsi/error.hpp>

#include <string>
#include <utility>
#include <vector>

namespace hrsi::amqp {

// The errors of hrsi::amqp, besides plain ServiceUnavailable (the broker cannot be reached, the
// connection was lost, a request timed out: worth retrying later) and InternalError (misuse).
// All of them exit 69 like any unavailable service; the classes let a caller decide whether
// to retry.

// The broker refused who we are: login refused (wrong user or password), 530 NOT_ALLOWED (no
// access to the vhost), or 403 ACCESS_REFUSED on a resource. Retrying does not help: map it to
// "internal error, no retry".
class AccessRefused : public ServiceUnavailable {
public:
    AccessRefused(std::string const& message, int reply_code) : ServiceUnavailable(message), m_reply_code(reply_code) {}
    // 403 ACCESS_REFUSED or 530 NOT_ALLOWED.
    [[nodiscard]] int reply_code() const noexcept { return m_reply_code; }

private:
    int m_reply_code;
};

// The broker closed the channel because of a request of ours: 404 NOT_FOUND (no such exchange or
// queue), 406 PRECONDITION_FAILED (declared before with other settings, unknown delivery tag),
// ... The connection stays usable: its next call opens a new channel.
class ChannelClosed : public ServiceUnavailable {
public:
    ChannelClosed(std::string const& message, int reply_code) : ServiceUnavailable(message), m_reply_code(reply_code) {}
    [[nodiscard]] int reply_code() const noexcept { return m_reply_code; }

private:
    int m_reply_code;
};

// wait_for_confirms() could not settle every message: the time ran out, the connection was lost,
// or the broker closed the channel (reply_code() then says why, e.g. 404 for a missing
// exchange) or the connection. outcomes() still lists every message of the batch: those the
// broker settled as it said, the others `unconfirmed` (to be treated as not published).
class ConfirmsIncomplete : public ServiceUnavailable {
public:
    ConfirmsIncomplete(std::string const& message, std::vector<PublishOutcome> outcomes, int reply_code)
        : ServiceUnavailable(message), m_outcomes(std::move(outcomes)), m_reply_code(reply_code) {}
    [[nodiscard]] std::vector<PublishOutcome> const& outcomes() const noexcept { return m_outcomes; }
    // The broker's reply code when it closed the channel or the connection; 0 otherwise.
    [[nodiscard]] int reply_code() const noexcept { return m_reply_code; }

private:
    std::vector<PublishOutcome> m_outcomes;
    int m_reply_code;
};

}  // namespace hrsi::amqp
