// SPDX-License-Identifier: Apache-2.0
#include <hrsi/publish/broker_session.hpp>

#include <hrsi/amqp/errors.hpp>
#include <hrsi/amqp/url.hpp>
#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <map>

namespace hrsi::publish {

BrokerSession::BrokerSession(BrokerOptions options, util::Log const& log) : m_options(std::move(options)), m_log(log) {}

amqp::Connection& BrokerSession::connection() {
    if (m_connection && m_connection->usable()) return *m_connection;
    if (!m_options.url) {
        throw UsageError("no broker to publish to: set HRSI_AMQP_URL (amqp://user:password@host:port/vhost), or "
                         "--amqp-url-file FILE (for example in a --config file)");
    }
    auto const url = amqp::Url::parse(*m_options.url);
    amqp::ConnectOptions connect;
    connect.timeout = m_options.connect_timeout;
    connect.ca_cert_file = m_options.ca_cert_file;
    try {
        m_connection.emplace(amqp::Connection::open(url, connect));
    } catch (amqp::AccessRefused const& error) {
        throw amqp::AccessRefused(fmt::format("the broker {} refused us: {}; check the user, password and vhost "
                                              "of HRSI_AMQP_URL (nothing was published)",
                                              url.describe(), error.what()),
                                  error.reply_code());
    }
    m_connection->declare_exchange(m_options.exchange, "direct", true);
    if (!m_options.queue.empty()) {
        m_connection->declare_queue(m_options.queue, true);
        m_connection->bind_queue(m_options.queue, m_options.exchange, m_options.routing_key);
    }
    m_connection->enable_confirms();
    m_log.debug("connected to {}, exchange {} (direct, durable), routing key {}", url.describe(), m_options.exchange,
                m_options.routing_key);
    return *m_connection;
}

SendResult BrokerSession::send(std::vector<OutboxMessage> const& messages, bool reconnect) {
    if (!reconnect && m_connection && !m_connection->usable()) {
        throw ServiceUnavailable("the connection to the broker was lost");
    }
    SendResult result;
    result.outcomes.resize(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
        result.outcomes[i].message_id = messages[i].message_id;
        result.outcomes[i].detail = "not sent";
    }
    auto& conn = connection();
    std::map<std::uint64_t, std::size_t> by_tag;
    try {
        for (std::size_t i = 0; i < messages.size(); ++i) {
            amqp::PublishOptions publish;
            publish.message_id = messages[i].message_id;
            publish.headers = {{"product_type", messages[i].product},
                               {"job_id", std::to_string(messages[i].job_id)}};
            auto const tag = conn.publish(m_options.exchange, m_options.routing_key, messages[i].body, publish);
            by_tag[tag] = i;
            result.outcomes[i].delivery_tag = tag;
            result.outcomes[i].detail = "no confirmation";
        }
        for (auto const& outcome : conn.wait_for_confirms(m_options.confirm_timeout)) {
            if (auto const found = by_tag.find(outcome.delivery_tag); found != by_tag.end()) {
                result.outcomes[found->second] = outcome;
            }
        }
    } catch (amqp::ConfirmsIncomplete const& error) {
        for (auto const& outcome : error.outcomes()) {
            if (auto const found = by_tag.find(outcome.delivery_tag); found != by_tag.end()) {
                result.outcomes[found->second] = outcome;
            }
        }
        result.failure = error.what();
    } catch (ServiceUnavailable const& error) {
        result.failure = error.what();
    }
    return result;
}

}  // namespace hrsi::publish
