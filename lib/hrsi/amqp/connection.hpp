// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/amqp/confirm_tracker.hpp>
#include <hrsi/amqp/message.hpp>
#include <hrsi/amqp/url.hpp>

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::amqp {

// How to open a connection.
struct ConnectOptions {
    // Bound on each step: TCP connect, TLS handshake, login, and every request afterwards
    // (declare, bind, get, confirm.select, close).
    std::chrono::milliseconds timeout{10'000};
    // AMQP heartbeat interval; 0 turns heartbeats off. The library only sends and checks
    // heartbeats while inside a call of this class.
    std::chrono::seconds heartbeat{60};
    // amqps: a PEM file of the CA certificates to trust. Empty: $HRSI_AMQP_CA_CERT when set,
    // else the system's CA store.
    std::string ca_cert_file;
    // amqps: check the broker's certificate chain and host name. Off only for tests.
    bool verify_peer = true;
};

// One connection to a RabbitMQ broker over rabbitmq-c, with one channel: RAII over the
// amqp_connection_state_t (the destructor closes the channel and the connection politely, then
// frees everything). Move-only, not thread-safe: one thread at a time.
//
// Errors (lib/hrsi/amqp/errors.hpp): ServiceUnavailable when the broker cannot be reached, the
// connection is lost or a request gets no answer in time (the connection is then dead: every
// later call throws ServiceUnavailable again, usable() is false); AccessRefused for refused
// credentials, vhost or permission; ChannelClosed when the broker closes the channel because of a
// request (404 missing exchange or queue, 406 different settings, ...): the connection stays
// usable and the next call opens a new channel (confirm mode is selected again on it, delivery
// tags start again at 1); InternalError for misuse (e.g. waiting for confirms never enabled).
class Connection {
public:
    // Connects (TCP, or TLS for amqps:// with peer verification), logs in (PLAIN) and opens
    // channel 1. Throws AccessRefused, ServiceUnavailable, InputError (unreadable CA file).
    [[nodiscard]] static Connection open(Url const& url, ConnectOptions const& options = {});

    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&& other) noexcept;
    Connection(Connection const&) = delete;
    Connection& operator=(Connection const&) = delete;
    ~Connection();

    // Closes the channel and the connection now (what the destructor does); never throws.
    void close() noexcept;

    // False once the connection is lost, closed by the broker or closed by close().
    [[nodiscard]] bool usable() const noexcept { return m_state && !m_dead; }
    [[nodiscard]] Url const& url() const noexcept { return m_url; }

    // Topology (each a request that waits for the broker's answer).
    void declare_exchange(std::string_view name, std::string_view type = "direct", bool durable = true);
    void declare_queue(std::string_view name, bool durable = true);
    void bind_queue(std::string_view queue, std::string_view exchange, std::string_view routing_key);
    void delete_exchange(std::string_view name);
    void delete_queue(std::string_view name);
    // Drops every ready message of the queue; returns how many.
    std::uint32_t purge_queue(std::string_view name);

    // Publisher confirms (confirm.select) on the channel: from now on every publish() gets a
    // delivery tag (1, 2, ...) and wait_for_confirms() says what became of each.
    void enable_confirms();
    [[nodiscard]] bool confirms_enabled() const noexcept { return m_confirms; }

    // Sends one message (basic.publish) and returns its delivery tag (0 when confirms are off).
    // Does not wait: the broker's answer comes with wait_for_confirms(). A missing exchange shows
    // there too (the broker closes the channel: ConfirmsIncomplete with reply code 404).
    // Throws ServiceUnavailable when the connection is lost.
    std::uint64_t publish(std::string_view exchange, std::string_view routing_key, std::string_view body,
                          PublishOptions const& options = {});

    // Waits up to `timeout` until the broker has settled every message published since the last
    // call, and returns their outcomes by delivery tag: confirmed (basic.ack, single or
    // `multiple`), nacked (basic.nack), or returned (a mandatory message no queue took: the
    // broker sends basic.return, then acks it; it is reported returned, not confirmed). Throws
    // ConfirmsIncomplete (a ServiceUnavailable, with every outcome, the unsettled ones
    // `unconfirmed`) when time runs out, the connection is lost or the broker closes the channel
    // (reply_code(): 404 no exchange, ...) or the connection. InternalError without
    // enable_confirms().
    [[nodiscard]] std::vector<PublishOutcome> wait_for_confirms(std::chrono::milliseconds timeout);

    // Takes the next message of the queue (basic.get, to be acknowledged), or nullopt when the
    // queue is empty. Draining: `while (auto m = c.get(q)) { ...; c.ack(m->delivery_tag); }`.
    // A missing queue: ChannelClosed (404).
    [[nodiscard]] std::optional<Message> get(std::string_view queue);
    // Acknowledges a message taken by get() on the current channel (after a ChannelClosed the
    // broker has put the unacknowledged messages back). Not a request: an unknown delivery tag
    // makes the broker close the channel (406), which the next request reports.
    void ack(std::uint64_t delivery_tag);
    // Gives a message back to its queue (requeue) or drops it (dead-letters it if so set up).
    void reject(std::uint64_t delivery_tag, bool requeue);

private:
    struct Destroy {
        void operator()(amqp_connection_state_t state) const noexcept;
    };
    using Clock = std::chrono::steady_clock;

    Connection() = default;
    void login(ConnectOptions const& options);
    // Opens the next channel (and selects confirm mode again) if the broker closed the last one.
    void ensure_channel();
    amqp_connection_state_t state() const;
    // Throws for anything but a normal reply, after answering a channel.close or
    // connection.close of the broker.
    void check_reply(amqp_rpc_reply_t const& reply, std::string_view what);
    [[noreturn]] void channel_closed_by_broker(amqp_channel_close_t const& close, std::string_view what);
    [[noreturn]] void connection_closed_by_broker(amqp_connection_close_t const& close, std::string_view what);
    [[noreturn]] void connection_lost(std::string const& reason);
    // The next frame before the deadline (nullopt: none came); throws when the connection fails.
    std::optional<amqp_frame_t> next_frame(Clock::time_point deadline);
    // Handles a frame that was not asked for: acks, nacks, returns (reading their content),
    // channel and connection closes (which throw).
    void dispatch(amqp_frame_t const& frame, Clock::time_point deadline, std::string_view what);
    // Reads a content header and its body frames (into the message's properties and body),
    // dispatching the method frames queued before them.
    Message read_content(Clock::time_point deadline, std::string_view what);
    void release_buffers() noexcept;

    std::unique_ptr<amqp_connection_state_t_, Destroy> m_state;
    Url m_url;
    std::chrono::milliseconds m_timeout{10'000};
    amqp_channel_t m_channel = 0;
    bool m_channel_open = false;
    bool m_confirms = false;
    bool m_dead = false;
    std::string m_dead_reason;
    std::uint64_t m_next_delivery_tag = 1;
    ConfirmTracker m_tracker;
};

}  // namespace hrsi::amqp
