// SPDX-License-Identifier: Apache-2.0
#pragma once

// One connection to the publication broker, opened when first needed: the exchange declared
// (direct, durable), publisher confirms on. Sends outbox messages and says what became of each.

#include <hrsi/amqp/connection.hpp>
#include <hrsi/publish/outbox.hpp>
#include <hrsi/publish/publisher.hpp>
#include <hrsi/util/log.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::publish {

struct SendResult {
    // One per message, in the order given: confirmed, returned, nacked or unconfirmed.
    std::vector<amqp::PublishOutcome> outcomes;
    // Set when the connection failed (lost, timed out, closed by the broker): the unconfirmed
    // messages were not published; the caller records that and stops.
    std::optional<std::string> failure;
};

class BrokerSession {
public:
    BrokerSession(BrokerOptions options, util::Log const& log);

    // Opens the connection now (throws ServiceUnavailable, amqp::AccessRefused, UsageError when
    // no URL is configured).
    amqp::Connection& connection();
    // `reconnect`: open a new connection if the current one was lost. False where the caller
    // holds deliveries of the current connection (failure reports: their tags die with it).
    [[nodiscard]] SendResult send(std::vector<OutboxMessage> const& messages, bool reconnect = true);
    [[nodiscard]] BrokerOptions const& options() const noexcept { return m_options; }

private:
    BrokerOptions m_options;
    util::Log const& m_log;
    std::optional<amqp::Connection> m_connection;
};

}  // namespace hrsi::publish
