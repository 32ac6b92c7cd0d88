// SPDX-License-Identifier: Apache-2.0
// Connection: opening (socket, TLS, login, channel), closing, and turning the broker's and the
// library's failures into exceptions.
#include <hrsi/amqp/connection.hpp>

#include <hrsi/amqp/bytes.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/error.hpp>

#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <fmt/format.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <utility>

namespace hrsi::amqp {

using detail::bytes;
using detail::to_string;
using detail::to_timeval;

void Connection::Destroy::operator()(amqp_connection_state_t state) const noexcept {
    amqp_destroy_connection(state);
}

namespace {

amqp_socket_t* new_socket(amqp_connection_state_t state, Url const& url, ConnectOptions const& options) {
    if (!url.tls) {
        amqp_socket_t* socket = amqp_tcp_socket_new(state);
        if (socket == nullptr) throw InternalError("AMQP: cannot create a TCP socket object (out of memory)");
        return socket;
    }
    amqp_socket_t* socket = amqp_ssl_socket_new(state);
    if (socket == nullptr) throw InternalError("AMQP: cannot create a TLS socket object");
    amqp_ssl_socket_set_verify_peer(socket, options.verify_peer ? 1 : 0);
    amqp_ssl_socket_set_verify_hostname(socket, options.verify_peer ? 1 : 0);
    if (auto const& ca = options.ca_cert_file; !ca.empty()) {
        if (amqp_ssl_socket_set_cacert(socket, ca.c_str()) != AMQP_STATUS_OK) {
            throw InputError(fmt::format("AMQP: cannot read the CA certificates in '{}' (HRSI_AMQP_CA_CERT)", ca));
        }
    } else {
        // rabbitmq-c trusts no CA by default: use the system's store.
        SSL_CTX_set_default_verify_paths(static_cast<SSL_CTX*>(amqp_ssl_socket_get_context(socket)));
    }
    return socket;
}

// What a broker's reply code means for the caller.
bool is_access_refusal(int reply_code) { return reply_code == AMQP_ACCESS_REFUSED || reply_code == AMQP_NOT_ALLOWED; }

}  // namespace

Connection Connection::open(Url const& url, ConnectOptions const& options) {
    Connection connection;
    connection.m_url = url;
    connection.m_timeout = options.timeout;
    connection.m_state.reset(amqp_new_connection());
    if (!connection.m_state) throw InternalError("AMQP: cannot allocate a connection (out of memory)");
    auto* const state = connection.m_state.get();
    // Nothing to close politely until the login succeeds.
    connection.m_dead = true;
    connection.m_dead_reason = "not connected";

    amqp_socket_t* socket = new_socket(state, url, options);
    timeval timeout = to_timeval(options.timeout);
    if (int const status = amqp_socket_open_noblock(socket, url.host.c_str(), url.port, &timeout);
        status != AMQP_STATUS_OK) {
        connection.m_dead = true;
        std::string detail = amqp_error_string2(status);
        if (status == AMQP_STATUS_TIMEOUT) {
            detail += fmt::format(" (no answer within {} ms)", options.timeout.count());
        } else if (status == AMQP_STATUS_SOCKET_ERROR) {
            detail += " (connection refused or host unreachable: is the broker running there?)";
        }
        throw ServiceUnavailable(fmt::format("cannot connect to the AMQP broker {}: {}", url.describe(), detail));
    }
    amqp_set_handshake_timeout(state, &timeout);
    amqp_set_rpc_timeout(state, &timeout);
    connection.login(options);
    connection.m_dead = false;
    connection.m_dead_reason.clear();
    connection.ensure_channel();
    return connection;
}

void Connection::login(ConnectOptions const& options) {
    auto const reply = amqp_login(state(), m_url.vhost.c_str(), 0, AMQP_DEFAULT_FRAME_SIZE,
                                  static_cast<int>(options.heartbeat.count()), AMQP_SASL_METHOD_PLAIN,
                                  m_url.user.c_str(), m_url.password.c_str());
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
        (reply.library_error == AMQP_STATUS_CONNECTION_CLOSED || reply.library_error == AMQP_STATUS_SOCKET_CLOSED)) {
        // RabbitMQ says why it refuses a login (connection.close 403, handled by check_reply);
        // a bare hang-up may be a broker shutting down as well as an old one refusing: retryable.
        connection_lost(fmt::format("AMQP login on {}: the broker closed the connection without saying why "
                                    "(shutting down? or refused credentials on a broker that does not tell)",
                                    m_url.describe()));
    }
    check_reply(reply, "login");
}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        m_state = std::move(other.m_state);
        m_url = std::move(other.m_url);
        m_timeout = other.m_timeout;
        m_channel = other.m_channel;
        m_channel_open = other.m_channel_open;
        m_confirms = other.m_confirms;
        m_dead = other.m_dead;
        m_dead_reason = std::move(other.m_dead_reason);
        m_next_delivery_tag = other.m_next_delivery_tag;
        m_tracker = std::move(other.m_tracker);
    }
    return *this;
}

Connection::~Connection() { close(); }

void Connection::close() noexcept {
    if (!m_state) return;
    if (!m_dead) {
        // Each a request bounded by the connection's timeout; failures change nothing now.
        if (m_channel_open) amqp_channel_close(m_state.get(), m_channel, AMQP_REPLY_SUCCESS);
        amqp_connection_close(m_state.get(), AMQP_REPLY_SUCCESS);
    }
    m_state.reset();
    m_channel_open = false;
    m_dead = true;
    if (m_dead_reason.empty()) m_dead_reason = "the connection was closed";
}

amqp_connection_state_t Connection::state() const {
    if (!m_state) throw InternalError("AMQP: use of a closed or moved-from connection");
    return m_state.get();
}

void Connection::ensure_channel() {
    auto* const connection = state();
    if (m_dead) {
        throw ServiceUnavailable(fmt::format("the connection to the AMQP broker {} is closed: {}", m_url.describe(),
                                             m_dead_reason));
    }
    if (m_channel_open) return;
    auto const channel = static_cast<amqp_channel_t>(m_channel + 1);
    amqp_channel_open(connection, channel);
    check_reply(amqp_get_rpc_reply(connection), "channel.open");
    m_channel = channel;
    m_channel_open = true;
    m_next_delivery_tag = 1;
    if (m_confirms) {
        amqp_confirm_select(connection, m_channel);
        check_reply(amqp_get_rpc_reply(connection), "confirm.select");
    }
}

void Connection::check_reply(amqp_rpc_reply_t const& reply, std::string_view what) {
    switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return;
    case AMQP_RESPONSE_NONE:
        throw InternalError(fmt::format("AMQP {}: no reply to check (library misuse)", what));
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        connection_lost(fmt::format("AMQP {} on {}: {}", what, m_url.describe(),
                                    reply.library_error == AMQP_STATUS_TIMEOUT
                                        ? fmt::format("no answer from the broker within {} ms", m_timeout.count())
                                        : std::string(amqp_error_string2(reply.library_error))));
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            channel_closed_by_broker(*static_cast<amqp_channel_close_t const*>(reply.reply.decoded), what);
        }
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            connection_closed_by_broker(*static_cast<amqp_connection_close_t const*>(reply.reply.decoded), what);
        }
        throw InternalError(fmt::format("AMQP {}: unexpected method {} from the broker", what,
                                        amqp_method_name(reply.reply.id)));
    }
    throw InternalError(fmt::format("AMQP {}: unknown reply type {}", what, static_cast<int>(reply.reply_type)));
}

void Connection::channel_closed_by_broker(amqp_channel_close_t const& close, std::string_view what) {
    int const code = close.reply_code;
    auto const message = fmt::format("AMQP {}: the broker {} closed the channel: {} {}", what, m_url.describe(), code,
                                     to_string(close.reply_text));
    amqp_channel_close_ok_t close_ok{};
    int const status = amqp_send_method(state(), m_channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &close_ok);
    m_channel_open = false;
    m_tracker.lost(message);
    if (status != AMQP_STATUS_OK) {
        connection_lost(fmt::format("{}; then the connection failed: {}", message, amqp_error_string2(status)));
    }
    if (code == AMQP_ACCESS_REFUSED) throw AccessRefused(message, code);
    throw ChannelClosed(message, code);
}

void Connection::connection_closed_by_broker(amqp_connection_close_t const& close, std::string_view what) {
    int const code = close.reply_code;
    auto const message = fmt::format("AMQP {}: the broker {} closed the connection: {} {}", what, m_url.describe(),
                                     code, to_string(close.reply_text));
    amqp_connection_close_ok_t close_ok{};
    amqp_send_method(state(), 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &close_ok);
    m_dead = true;
    m_dead_reason = message;
    m_channel_open = false;
    m_tracker.lost(message);
    if (is_access_refusal(code)) throw AccessRefused(message, code);
    throw ServiceUnavailable(message);
}

void Connection::connection_lost(std::string const& reason) {
    m_dead = true;
    m_dead_reason = reason;
    m_channel_open = false;
    m_tracker.lost(reason);
    throw ServiceUnavailable(reason);
}

void Connection::release_buffers() noexcept {
    if (m_state) amqp_maybe_release_buffers(m_state.get());
}

}  // namespace hrsi::amqp
