// SPDX-License-Identifier: Apache-2.0
// Connecting to a real RabbitMQ (scripts/local-services): credentials, unreachable brokers,
// timeouts, requests the broker refuses.
#include <hrsi/amqp/connection.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace hrsi::amqp;
using namespace std::chrono_literals;

namespace {

Url test_url() {
    char const* url = std::getenv("HRSI_TEST_AMQP");
    if (url == nullptr || *url == '\0') {
        FAIL("HRSI_TEST_AMQP is not set: start the private RabbitMQ with `scripts/local-services up` and load its "
             "settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    return Url::parse(url);
}

std::string unique_name(std::string const& what) {
    static std::mt19937_64 random{std::random_device{}()};
    return "hrsi-test-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1'000'000'000);
}

// A TCP socket on 127.0.0.1 that listens (connections complete) but never says a word.
class SilentListener {
public:
    SilentListener() : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(m_fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_fd, 8) == 0);
        socklen_t size = sizeof address;
        REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        m_port = ntohs(address.sin_port);
    }
    SilentListener(SilentListener const&) = delete;
    SilentListener& operator=(SilentListener const&) = delete;
    ~SilentListener() { ::close(m_fd); }
    [[nodiscard]] std::uint16_t port() const noexcept { return m_port; }
    void close() { ::close(m_fd); m_fd = -1; }

private:
    int m_fd;
    std::uint16_t m_port = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("amqp connection: opens, declares, closes", "[amqp]") {
    auto const start = std::chrono::steady_clock::now();
    auto connection = Connection::open(test_url());
    CHECK(connection.usable());
    CHECK(seconds_since(start) < 2.0);
    auto const queue = unique_name("queue");
    connection.declare_queue(queue, true);
    connection.declare_queue(queue, true);  // the same again: fine
    auto moved = std::move(connection);
    CHECK(moved.usable());
    CHECK_FALSE(connection.usable());  // NOLINT(bugprone-use-after-move): moved-from is empty
    moved.delete_queue(queue);
    moved.close();
    CHECK_FALSE(moved.usable());
    CHECK_THROWS_AS(moved.declare_queue(queue, true), hrsi::InternalError);
}

TEST_CASE("amqp connection: refused credentials are AccessRefused", "[amqp]") {
    auto url = test_url();
    url.password = "not-the-password";
    try {
        (void)Connection::open(url);
        FAIL("no error");
    } catch (AccessRefused const& error) {
        CHECK(hrsi::exit_code_for(error) == 69);
        CHECK_THAT(error.what(), Catch::Contains(url.describe()));
        CHECK_THAT(error.what(), !Catch::Contains("not-the-password"));
    }
    url = test_url();
    url.user = "nobody-" + unique_name("user");
    CHECK_THROWS_AS(Connection::open(url), AccessRefused);

    url = test_url();
    url.vhost = unique_name("vhost");  // no such vhost: 530 NOT_ALLOWED
    try {
        (void)Connection::open(url);
        FAIL("no error");
    } catch (AccessRefused const& error) {
        CHECK(error.reply_code() == 530);
        CHECK_THAT(error.what(), Catch::Contains("NOT_ALLOWED"));
    }
}

TEST_CASE("amqp connection: a closed port is ServiceUnavailable at once", "[amqp]") {
    SilentListener listener;
    auto const port = listener.port();
    listener.close();  // nothing listens there now
    auto url = test_url();
    url.port = port;
    auto const start = std::chrono::steady_clock::now();
    try {
        (void)Connection::open(url);
        FAIL("no error");
    } catch (AccessRefused const&) {
        FAIL("not a credentials problem");
    } catch (hrsi::ServiceUnavailable const& error) {
        CHECK_THAT(error.what(), Catch::Contains("cannot connect to the AMQP broker") &&
                                     Catch::Contains(std::to_string(port)));
    }
    CHECK(seconds_since(start) < 1.0);
}

TEST_CASE("amqp connection: a server that does not answer times out as ServiceUnavailable", "[amqp]") {
    SilentListener listener;
    auto url = test_url();
    url.port = listener.port();
    ConnectOptions options;
    options.timeout = 700ms;
    auto const start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(Connection::open(url, options), hrsi::ServiceUnavailable);
    auto const took = seconds_since(start);
    CHECK(took >= 0.6);
    CHECK(took < 3.0);
}

TEST_CASE("amqp connection: a TLS handshake with a plain server fails as ServiceUnavailable", "[amqp]") {
    auto url = test_url();
    url.tls = true;  // the test broker speaks plain AMQP on this port
    ConnectOptions options;
    options.timeout = 2s;
    CHECK_THROWS_AS(Connection::open(url, options), hrsi::ServiceUnavailable);
    options.ca_cert_file = "/nonexistent/ca.pem";
    CHECK_THROWS_AS(Connection::open(url, options), hrsi::InputError);
}

TEST_CASE("amqp connection: a refused request closes the channel, not the connection", "[amqp]") {
    auto connection = Connection::open(test_url());
    auto const queue = unique_name("queue");
    connection.declare_queue(queue, /*durable=*/true);
    try {
        connection.declare_queue(queue, /*durable=*/false);  // other settings: 406
        FAIL("no error");
    } catch (ChannelClosed const& error) {
        CHECK(error.reply_code() == 406);
        CHECK_THAT(error.what(), Catch::Contains("PRECONDITION_FAILED") && Catch::Contains(queue));
    }
    CHECK(connection.usable());
    try {
        (void)connection.get(unique_name("no-such-queue"));
        FAIL("no error");
    } catch (ChannelClosed const& error) {
        CHECK(error.reply_code() == 404);
    }
    try {
        connection.bind_queue(queue, unique_name("no-such-exchange"), "json");
        FAIL("no error");
    } catch (ChannelClosed const& error) {
        CHECK(error.reply_code() == 404);
    }
    connection.delete_queue(queue);
    CHECK(connection.usable());
}
