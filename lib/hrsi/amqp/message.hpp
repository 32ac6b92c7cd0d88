// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hrsi::amqp {

// How to publish one message (Connection::publish).
struct PublishOptions {
    // The message-id property: a caller's id for the message (hrsi-publish: the product's
    // publication id). Also how a returned message is matched to its delivery tag.
    std::string message_id;
    std::string content_type = "application/json";
    // Delivery mode 2: the broker writes the message to disk in durable queues.
    bool persistent = true;
    // The broker returns the message (basic.return) when no queue takes it, instead of
    // dropping it silently.
    bool mandatory = true;
    // Application headers, as strings.
    std::vector<std::pair<std::string, std::string>> headers;
};

// What became of one published message (Connection::wait_for_confirms).
struct PublishOutcome {
    enum class Status {
        confirmed,    // basic.ack: the broker took responsibility for it
        returned,     // basic.return: no queue took it (then acked: still NOT published)
        nacked,       // basic.nack: the broker could not take it
        unconfirmed,  // no answer: time ran out, channel or connection closed
    };
    std::uint64_t delivery_tag = 0;
    std::string message_id;
    Status status = Status::unconfirmed;
    // For returned: the broker's reply ("312 NO_ROUTE"); for unconfirmed: why.
    std::string detail;

    [[nodiscard]] bool confirmed() const noexcept { return status == Status::confirmed; }
};

[[nodiscard]] char const* to_string(PublishOutcome::Status status) noexcept;

// A message taken from a queue (Connection::get), to be acknowledged with its delivery tag.
struct Message {
    std::uint64_t delivery_tag = 0;
    bool redelivered = false;
    std::string exchange;
    std::string routing_key;
    // Messages left in the queue after this one, as the broker counted when it answered.
    std::uint32_t message_count = 0;
    std::string body;
    std::string content_type;
    std::string message_id;
    // 0 when the property is absent, 1 transient, 2 persistent.
    int delivery_mode = 0;
    // Application headers whose values are strings (others are left out).
    std::vector<std::pair<std::string, std::string>> headers;

    [[nodiscard]] std::optional<std::string> header(std::string const& name) const;
};

}  // namespace hrsi::amqp
