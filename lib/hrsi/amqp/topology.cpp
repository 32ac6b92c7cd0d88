// SPDX-License-Identifier: Apache-2.0
// Connection: exchanges, queues and bindings.
#include <hrsi/amqp/connection.hpp>

#include <hrsi/amqp/bytes.hpp>

#include <fmt/format.h>

namespace hrsi::amqp {

using detail::bytes;

void Connection::declare_exchange(std::string_view name, std::string_view type, bool durable) {
    ensure_channel();
    amqp_exchange_declare(state(), m_channel, bytes(name), bytes(type), /*passive=*/0, durable ? 1 : 0,
                          /*auto_delete=*/0, /*internal=*/0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(state()), fmt::format("declare exchange '{}' ({})", name, type));
    release_buffers();
}

void Connection::declare_queue(std::string_view name, bool durable) {
    ensure_channel();
    amqp_queue_declare(state(), m_channel, bytes(name), /*passive=*/0, durable ? 1 : 0, /*exclusive=*/0,
                       /*auto_delete=*/0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(state()), fmt::format("declare queue '{}'", name));
    release_buffers();
}

void Connection::bind_queue(std::string_view queue, std::string_view exchange, std::string_view routing_key) {
    ensure_channel();
    amqp_queue_bind(state(), m_channel, bytes(queue), bytes(exchange), bytes(routing_key), amqp_empty_table);
    check_reply(amqp_get_rpc_reply(state()),
                fmt::format("bind queue '{}' to exchange '{}' with key '{}'", queue, exchange, routing_key));
    release_buffers();
}

void Connection::delete_exchange(std::string_view name) {
    ensure_channel();
    amqp_exchange_delete(state(), m_channel, bytes(name), /*if_unused=*/0);
    check_reply(amqp_get_rpc_reply(state()), fmt::format("delete exchange '{}'", name));
    release_buffers();
}

void Connection::delete_queue(std::string_view name) {
    ensure_channel();
    amqp_queue_delete(state(), m_channel, bytes(name), /*if_unused=*/0, /*if_empty=*/0);
    check_reply(amqp_get_rpc_reply(state()), fmt::format("delete queue '{}'", name));
    release_buffers();
}

std::uint32_t Connection::purge_queue(std::string_view name) {
    ensure_channel();
    auto const* const ok = amqp_queue_purge(state(), m_channel, bytes(name));
    check_reply(amqp_get_rpc_reply(state()), fmt::format("purge queue '{}'", name));
    std::uint32_t const count = ok != nullptr ? ok->message_count : 0;
    release_buffers();
    return count;
}

}  // namespace hrsi::amqp
