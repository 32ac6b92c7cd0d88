// SPDX-License-Identifier: Apache-2.0
// Connection: publishing with publisher confirms.
#include <hrsi/amqp/connection.hpp>

#include <hrsi/amqp/bytes.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace hrsi::amqp {

using detail::bytes;

void Connection::enable_confirms() {
    ensure_channel();
    if (m_confirms) return;
    amqp_confirm_select(state(), m_channel);
    check_reply(amqp_get_rpc_reply(state()), "confirm.select");
    m_confirms = true;
    release_buffers();
}

std::uint64_t Connection::publish(std::string_view exchange, std::string_view routing_key, std::string_view body,
                                  PublishOptions const& options) {
    ensure_channel();
    amqp_basic_properties_t properties{};
    properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    properties.content_type = bytes(options.content_type);
    properties.delivery_mode = options.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
    if (!options.message_id.empty()) {
        properties._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
        properties.message_id = bytes(options.message_id);
    }
    std::vector<amqp_table_entry_t> headers;
    if (!options.headers.empty()) {
        headers.reserve(options.headers.size());
        for (auto const& [key, value] : options.headers) {
            amqp_table_entry_t entry{};
            entry.key = bytes(key);
            entry.value.kind = AMQP_FIELD_KIND_UTF8;
            entry.value.value.bytes = bytes(value);
            headers.push_back(entry);
        }
        properties._flags |= AMQP_BASIC_HEADERS_FLAG;
        properties.headers.num_entries = static_cast<int>(headers.size());
        properties.headers.entries = headers.data();
    }
    int const status = amqp_basic_publish(state(), m_channel, bytes(exchange), bytes(routing_key),
                                          options.mandatory ? 1 : 0, /*immediate=*/0, &properties, bytes(body));
    if (status != AMQP_STATUS_OK) {
        connection_lost(fmt::format("AMQP publish to exchange '{}' on {}: connection lost: {}", exchange, m_url.describe(),
                                    amqp_error_string2(status)));
    }
    if (!m_confirms) return 0;
    auto const delivery_tag = m_next_delivery_tag++;
    m_tracker.published(delivery_tag, exchange, routing_key, options.message_id, body);
    return delivery_tag;
}

std::vector<PublishOutcome> Connection::wait_for_confirms(std::chrono::milliseconds timeout) {
    if (!m_confirms) throw InternalError("AMQP wait_for_confirms: publisher confirms were never enabled");
    auto const deadline = Clock::now() + timeout;
    std::string failure;
    int reply_code = 0;
    try {
        if (m_state && !m_dead) {
            while (m_tracker.pending() > 0) {
                auto const frame = next_frame(deadline);
                if (!frame) break;
                dispatch(*frame, deadline, "waiting for publisher confirms");
                release_buffers();
            }
        }
    } catch (ChannelClosed const& error) {
        failure = error.what();
        reply_code = error.reply_code();
    } catch (AccessRefused const& error) {
        failure = error.what();
        reply_code = error.reply_code();
    } catch (ServiceUnavailable const& error) {
        failure = error.what();
    }
    auto const pending = m_tracker.pending();
    auto outcomes = m_tracker.take(
        failure.empty() ? (m_dead ? m_dead_reason
                                  : fmt::format("no confirm from the broker {} within {} ms", m_url.describe(),
                                                timeout.count()))
                        : failure);
    auto const unconfirmed = std::count_if(outcomes.begin(), outcomes.end(), [](PublishOutcome const& outcome) {
        return outcome.status == PublishOutcome::Status::unconfirmed;
    });
    if (unconfirmed == 0) return outcomes;
    // The reason: the failure met now, else the one recorded with the messages (a channel closed
    // during an earlier request, a return matching nothing, the time limit).
    auto const first = std::find_if(outcomes.begin(), outcomes.end(), [](PublishOutcome const& outcome) {
        return outcome.status == PublishOutcome::Status::unconfirmed;
    });
    auto const reason = failure.empty() ? first->detail : failure;
    auto message = fmt::format("{} of {} published messages not confirmed{}: {}", unconfirmed, outcomes.size(),
                               pending > 0 ? fmt::format(" ({} without any answer)", pending) : std::string{},
                               reason);
    throw ConfirmsIncomplete(message, std::move(outcomes), reply_code);
}

}  // namespace hrsi::amqp
