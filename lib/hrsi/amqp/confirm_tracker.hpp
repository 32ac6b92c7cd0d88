// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/amqp/message.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::amqp {

// What a basic.return says about the message it gives back (no delivery tag: AMQP has none
// there), to match it with the message published.
struct ReturnedMessage {
    std::string exchange;
    std::string routing_key;
    std::string message_id;
    std::string body;
    int reply_code = 0;
    std::string reply_text;
};

// The book-keeping of publisher confirms on one channel, without any I/O (so it is tested on its
// own). Every published message is pending until the broker settles it:
// - basic.ack (for one tag, or `multiple`: every pending tag up to it; tag 0 with multiple means
//   all) confirms it, unless a basic.return came for it before: RabbitMQ sends the return of an
//   unroutable mandatory message before its ack, so such a message ends `returned`, never
//   `confirmed`;
// - basic.nack settles it as `nacked`;
// - channel or connection loss (lost()) leaves it `unconfirmed`.
// A return carries no delivery tag: it is matched with the earliest pending message of the same
// exchange, routing key, message id and body. A return that matches none makes every message
// of the batch unconfirmed (when in doubt, not published).
class ConfirmTracker {
public:
    void published(std::uint64_t delivery_tag, std::string_view exchange, std::string_view routing_key,
                   std::string_view message_id, std::string_view body);
    void returned(ReturnedMessage const& message);
    void acked(std::uint64_t delivery_tag, bool multiple);
    void nacked(std::uint64_t delivery_tag, bool multiple);
    // Every pending message stays unconfirmed, with this reason.
    void lost(std::string const& reason);

    [[nodiscard]] std::size_t pending() const noexcept { return m_pending.size(); }
    [[nodiscard]] bool empty() const noexcept { return m_pending.empty() && m_settled.empty(); }

    // Every message since the last take(), by delivery tag; those still pending are reported
    // `unconfirmed` with `pending_reason`. Starts a new batch.
    [[nodiscard]] std::vector<PublishOutcome> take(std::string const& pending_reason);

private:
    struct Pending {
        std::string exchange;
        std::string routing_key;
        std::string message_id;
        std::size_t body_hash = 0;
        std::size_t body_size = 0;
        bool returned = false;
        std::string return_reply;
    };
    void settle(std::uint64_t delivery_tag, bool multiple, bool ack);
    void settle_one(std::map<std::uint64_t, Pending>::iterator it, bool ack);

    std::map<std::uint64_t, Pending> m_pending;
    std::map<std::uint64_t, PublishOutcome> m_settled;
    std::size_t m_unmatched_returns = 0;
    std::string m_unmatched_detail;
};

}  // namespace hrsi::amqp
