// SPDX-License-Identifier: Apache-2.0
// Connection: reading the frames the broker sends on its own (publisher confirms, returned
// messages, closes) and the content (header and body frames) of a message.
#include <hrsi/amqp/connection.hpp>

#include <hrsi/amqp/bytes.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::amqp {

using detail::to_string;
using detail::to_timeval;

namespace {

void copy_properties(amqp_basic_properties_t const& properties, Message& message) {
    if (properties._flags & AMQP_BASIC_CONTENT_TYPE_FLAG) message.content_type = to_string(properties.content_type);
    if (properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) message.message_id = to_string(properties.message_id);
    if (properties._flags & AMQP_BASIC_DELIVERY_MODE_FLAG) message.delivery_mode = properties.delivery_mode;
    if (properties._flags & AMQP_BASIC_HEADERS_FLAG) {
        for (int i = 0; i < properties.headers.num_entries; ++i) {
            auto const& entry = properties.headers.entries[i];
            if (entry.value.kind == AMQP_FIELD_KIND_UTF8 || entry.value.kind == AMQP_FIELD_KIND_BYTES) {
                message.headers.emplace_back(to_string(entry.key), to_string(entry.value.value.bytes));
            }
        }
    }
}

}  // namespace

std::optional<amqp_frame_t> Connection::next_frame(Clock::time_point deadline) {
    auto* const connection = state();
    auto const remaining = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    timeval timeout = to_timeval(remaining);  // 0 when past: still takes what is already there
    amqp_frame_t frame{};
    int const status = amqp_simple_wait_frame_noblock(connection, &frame, &timeout);
    if (status == AMQP_STATUS_TIMEOUT) return std::nullopt;
    if (status != AMQP_STATUS_OK) {
        connection_lost(
            fmt::format("the connection to the AMQP broker {} was lost: {}", m_url.describe(), amqp_error_string2(status)));
    }
    return frame;
}

void Connection::dispatch(amqp_frame_t const& frame, Clock::time_point deadline, std::string_view what) {
    if (frame.frame_type != AMQP_FRAME_METHOD) return;  // stray content: nothing waits for it
    auto const id = frame.payload.method.id;
    void const* const decoded = frame.payload.method.decoded;
    if (id == AMQP_CONNECTION_CLOSE_METHOD) {
        connection_closed_by_broker(*static_cast<amqp_connection_close_t const*>(decoded), what);
    }
    if (frame.channel != m_channel || !m_channel_open) return;  // a channel closed before
    switch (id) {
    case AMQP_BASIC_ACK_METHOD: {
        auto const& ack = *static_cast<amqp_basic_ack_t const*>(decoded);
        m_tracker.acked(ack.delivery_tag, ack.multiple != 0);
        break;
    }
    case AMQP_BASIC_NACK_METHOD: {
        auto const& nack = *static_cast<amqp_basic_nack_t const*>(decoded);
        m_tracker.nacked(nack.delivery_tag, nack.multiple != 0);
        break;
    }
    case AMQP_BASIC_RETURN_METHOD: {
        // Copied first: reading the content may reuse the frame memory.
        auto const& method = *static_cast<amqp_basic_return_t const*>(decoded);
        ReturnedMessage returned;
        returned.reply_code = method.reply_code;
        returned.reply_text = to_string(method.reply_text);
        returned.exchange = to_string(method.exchange);
        returned.routing_key = to_string(method.routing_key);
        auto content = read_content(deadline, what);
        returned.message_id = std::move(content.message_id);
        returned.body = std::move(content.body);
        m_tracker.returned(returned);
        break;
    }
    case AMQP_CHANNEL_CLOSE_METHOD:
        channel_closed_by_broker(*static_cast<amqp_channel_close_t const*>(decoded), what);
    default:
        break;  // nothing else is expected on a channel that does not consume
    }
}

Message Connection::read_content(Clock::time_point deadline, std::string_view what) {
    Message message;
    std::uint64_t body_size = 0;
    auto const timed_out = [&] {
        // The content is cut in the middle: the frame stream cannot be trusted any more.
        connection_lost(fmt::format("AMQP {}: the message's content did not arrive within {} ms from {}", what,
                                    m_timeout.count(), m_url.describe()));
    };
    for (;;) {
        auto const frame = next_frame(deadline);
        if (!frame) timed_out();
        if (frame->frame_type == AMQP_FRAME_HEADER && frame->channel == m_channel) {
            body_size = frame->payload.properties.body_size;
            copy_properties(*static_cast<amqp_basic_properties_t const*>(frame->payload.properties.decoded), message);
            break;
        }
        // Frames that came before the content (e.g. acks queued while waiting for get-ok).
        dispatch(*frame, deadline, what);
    }
    message.body.reserve(body_size);
    while (message.body.size() < body_size) {
        auto const frame = next_frame(deadline);
        if (!frame) timed_out();
        if (frame->frame_type != AMQP_FRAME_BODY || frame->channel != m_channel) {
            connection_lost(fmt::format("AMQP {}: unexpected frame (type {}) inside a message's content from {}", what,
                                        frame->frame_type, m_url.describe()));
        }
        message.body += to_string(frame->payload.body_fragment);
    }
    return message;
}

}  // namespace hrsi::amqp
