// SPDX-License-Identifier: Apache-2.0
#include <hrsi/amqp/confirm_tracker.hpp>

#include <fmt/format.h>

#include <functional>

namespace hrsi::amqp {

void ConfirmTracker::published(std::uint64_t delivery_tag, std::string_view exchange, std::string_view routing_key,
                               std::string_view message_id, std::string_view body) {
    m_pending[delivery_tag] = Pending{std::string(exchange), std::string(routing_key), std::string(message_id),
                                      std::hash<std::string_view>{}(body), body.size(), false, {}};
}

void ConfirmTracker::returned(ReturnedMessage const& message) {
    auto const hash = std::hash<std::string_view>{}(message.body);
    for (auto& [tag, pending] : m_pending) {
        if (!pending.returned && pending.exchange == message.exchange && pending.routing_key == message.routing_key &&
            pending.message_id == message.message_id && pending.body_size == message.body.size() &&
            pending.body_hash == hash) {
            pending.returned = true;
            pending.return_reply = fmt::format("{} {}", message.reply_code, message.reply_text);
            return;
        }
    }
    ++m_unmatched_returns;
    m_unmatched_detail = fmt::format("the broker returned a message (id '{}', {} {}) that matches none published",
                                     message.message_id, message.reply_code, message.reply_text);
}

void ConfirmTracker::acked(std::uint64_t delivery_tag, bool multiple) { settle(delivery_tag, multiple, true); }

void ConfirmTracker::nacked(std::uint64_t delivery_tag, bool multiple) { settle(delivery_tag, multiple, false); }

void ConfirmTracker::settle(std::uint64_t delivery_tag, bool multiple, bool ack) {
    if (!multiple) {
        if (auto it = m_pending.find(delivery_tag); it != m_pending.end()) settle_one(it, ack);
        return;
    }
    // multiple: every pending tag up to this one (0: all of them).
    auto const end = delivery_tag == 0 ? m_pending.end() : m_pending.upper_bound(delivery_tag);
    for (auto it = m_pending.begin(); it != end;) {
        auto const next = std::next(it);
        settle_one(it, ack);
        it = next;
    }
}

void ConfirmTracker::settle_one(std::map<std::uint64_t, Pending>::iterator it, bool ack) {
    PublishOutcome outcome;
    outcome.delivery_tag = it->first;
    outcome.message_id = it->second.message_id;
    if (it->second.returned) {
        outcome.status = PublishOutcome::Status::returned;
        outcome.detail = it->second.return_reply;
    } else if (ack) {
        outcome.status = PublishOutcome::Status::confirmed;
    } else {
        outcome.status = PublishOutcome::Status::nacked;
        outcome.detail = "basic.nack";
    }
    m_settled[it->first] = std::move(outcome);
    m_pending.erase(it);
}

void ConfirmTracker::lost(std::string const& reason) {
    for (auto& [tag, pending] : m_pending) {
        m_settled[tag] = PublishOutcome{tag, pending.message_id, PublishOutcome::Status::unconfirmed, reason};
    }
    m_pending.clear();
}

std::vector<PublishOutcome> ConfirmTracker::take(std::string const& pending_reason) {
    lost(pending_reason);
    std::vector<PublishOutcome> outcomes;
    outcomes.reserve(m_settled.size());
    for (auto& [tag, outcome] : m_settled) {
        if (m_unmatched_returns > 0 && outcome.status == PublishOutcome::Status::confirmed) {
            outcome.status = PublishOutcome::Status::unconfirmed;
            outcome.detail = m_unmatched_detail;
        }
        outcomes.push_back(std::move(outcome));
    }
    m_settled.clear();
    m_unmatched_returns = 0;
    m_unmatched_detail.clear();
    return outcomes;
}

}  // namespace hrsi::amqp
