// SPDX-License-Identifier: Apache-2.0
// Connection: taking messages from a queue (basic.get) and acknowledging them.
#include <hrsi/amqp/connection.hpp>

#include <hrsi/amqp/bytes.hpp>

#include <fmt/format.h>

namespace hrsi::amqp {

using detail::bytes;
using detail::to_string;

std::optional<Message> Connection::get(std::string_view queue) {
    ensure_channel();
    auto const what = fmt::format("basic.get from queue '{}'", queue);
    auto const reply = amqp_basic_get(state(), m_channel, bytes(queue), /*no_ack=*/0);
    check_reply(reply, what);
    if (reply.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) {
        release_buffers();
        return std::nullopt;
    }
    if (reply.reply.id != AMQP_BASIC_GET_OK_METHOD) {
        connection_lost(fmt::format("AMQP {}: unexpected answer {}", what, amqp_method_name(reply.reply.id)));
    }
    // Copied first: reading the content may reuse the frame memory.
    auto const& ok = *static_cast<amqp_basic_get_ok_t const*>(reply.reply.decoded);
    auto const delivery_tag = ok.delivery_tag;
    bool const redelivered = ok.redelivered != 0;
    auto exchange = to_string(ok.exchange);
    auto routing_key = to_string(ok.routing_key);
    auto const message_count = ok.message_count;

    auto message = read_content(Clock::now() + m_timeout, what);
    message.delivery_tag = delivery_tag;
    message.redelivered = redelivered;
    message.exchange = std::move(exchange);
    message.routing_key = std::move(routing_key);
    message.message_count = message_count;
    release_buffers();
    return message;
}

void Connection::ack(std::uint64_t delivery_tag) {
    ensure_channel();
    if (int const status = amqp_basic_ack(state(), m_channel, delivery_tag, /*multiple=*/0); status != AMQP_STATUS_OK) {
        connection_lost(fmt::format("AMQP basic.ack of delivery {} on {}: {}", delivery_tag, m_url.describe(),
                                    amqp_error_string2(status)));
    }
}

void Connection::reject(std::uint64_t delivery_tag, bool requeue) {
    ensure_channel();
    if (int const status = amqp_basic_reject(state(), m_channel, delivery_tag, requeue ? 1 : 0);
        status != AMQP_STATUS_OK) {
        connection_lost(fmt::format("AMQP basic.reject of delivery {} on {}: {}", delivery_tag, m_url.describe(),
                                    amqp_error_string2(status)));
    }
}

}  // namespace hrsi::amqp
