// SPDX-License-Identifier: Apache-2.0
// Publishing with publisher confirms against a real RabbitMQ (scripts/local-services).
#include <hrsi/amqp/connection.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>

#include <unistd.h>

using namespace hrsi::amqp;
using namespace std::chrono_literals;
using Status = PublishOutcome::Status;

namespace {

// The test broker (HRSI_TEST_AMQP, an amqp:// URL).
std::string test_url_text() {
    char const* url = std::getenv("HRSI_TEST_AMQP");
    if (url == nullptr || *url == '\0') {
        FAIL("HRSI_TEST_AMQP is not set: start the private RabbitMQ with `scripts/local-services up` and load its "
             "settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    return url;
}
Url test_url() { return Url::parse(test_url_text()); }

std::string unique_name(std::string const& what) {
    static std::mt19937_64 random{std::random_device{}()};
    return "hrsi-test-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1'000'000'000);
}

// A direct exchange and a queue bound to it with key "json", deleted at the end.
class TempRoute {
public:
    TempRoute() : m_admin(Connection::open(test_url())) {
        m_admin.declare_exchange(exchange, "direct", /*durable=*/false);
        m_admin.declare_queue(queue, /*durable=*/true);
        m_admin.bind_queue(queue, exchange, "json");
    }
    TempRoute(TempRoute const&) = delete;
    TempRoute& operator=(TempRoute const&) = delete;
    ~TempRoute() {
        try {
            m_admin.delete_queue(queue);
            m_admin.delete_exchange(exchange);
        } catch (std::exception const& error) {
            std::cerr << "cleaning up the test exchange and queue: " << error.what() << '\n';
        }
    }
    std::string const exchange = unique_name("exchange");
    std::string const queue = unique_name("queue");

private:
    Connection m_admin;
};

// What amqp-get (amqp-tools, an independent client) takes from the queue: the body of one message.
std::string amqp_get_body(std::string const& queue) {
    auto const command = "amqp-get --url '" + test_url_text() + "' -q '" + queue + "' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    REQUIRE(pipe);
    std::string output;
    std::array<char, 4096> buffer{};
    while (auto const n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) output.append(buffer.data(), n);
    return output;
}

PublishOptions with_id(std::string id) {
    PublishOptions options;
    options.message_id = std::move(id);
    return options;
}

}  // namespace

TEST_CASE("amqp publish: a message arrives whole, persistent, with its id and type", "[amqp]") {
    TempRoute route;
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    std::string const body = R"({"resto":{"type":"Feature","properties":{"productIdentifier":"FSC_20240101T103421_S2A_T32TLR_V100_1"}},"é":"ü"})";
    PublishOptions options = with_id("FSC_20240101T103421_S2A_T32TLR_V100_1");
    options.headers = {{"job_id", "42"}, {"attempt", "1"}};
    auto const first = connection.publish(route.exchange, "json", body, options);
    auto const second = connection.publish(route.exchange, "json", body + " ", with_id("second"));
    CHECK(first == 1);
    CHECK(second == 2);
    auto const outcomes = connection.wait_for_confirms(10s);
    REQUIRE(outcomes.size() == 2);
    CHECK(outcomes[0].delivery_tag == 1);
    CHECK(outcomes[0].status == Status::confirmed);
    CHECK(outcomes[0].message_id == "FSC_20240101T103421_S2A_T32TLR_V100_1");
    CHECK(outcomes[1].status == Status::confirmed);

    // Read back on another connection: properties as sent.
    auto reader = Connection::open(test_url());
    auto message = reader.get(route.queue);
    REQUIRE(message);
    CHECK(message->body == body);
    CHECK(message->content_type == "application/json");
    CHECK(message->delivery_mode == 2);
    CHECK(message->message_id == "FSC_20240101T103421_S2A_T32TLR_V100_1");
    CHECK(message->header("job_id") == "42");
    CHECK(message->header("attempt") == "1");
    CHECK(message->exchange == route.exchange);
    CHECK(message->routing_key == "json");
    CHECK(message->message_count == 1);
    CHECK_FALSE(message->redelivered);
    reader.reject(message->delivery_tag, /*requeue=*/true);

    // And by an independent client (amqp-tools): the same bytes, first message first again.
    CHECK(amqp_get_body(route.queue) == body);
    CHECK(amqp_get_body(route.queue) == body + " ");
}

TEST_CASE("amqp publish: 1000 messages, all confirmed (and the rate for 10000)", "[amqp]") {
    TempRoute route;
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    std::string const body(300, 'x');
    for (int round : {1000, 10000}) {
        auto const start = std::chrono::steady_clock::now();
        for (int i = 1; i <= round; ++i) {
            CHECK(connection.publish(route.exchange, "json", body, with_id(std::to_string(i))) ==
                  static_cast<std::uint64_t>(i + (round == 1000 ? 0 : 1000)));
        }
        auto const outcomes = connection.wait_for_confirms(60s);
        auto const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        REQUIRE(outcomes.size() == static_cast<std::size_t>(round));
        std::size_t confirmed = 0;
        for (auto const& outcome : outcomes) confirmed += outcome.confirmed() ? 1 : 0;
        CHECK(confirmed == outcomes.size());
        CHECK(outcomes.front().message_id == "1");
        CHECK(outcomes.back().message_id == std::to_string(round));
        std::cerr << "amqp: " << round << " persistent messages of 300 bytes published and confirmed in " << seconds
                  << " s (" << static_cast<int>(round / seconds) << " per second)\n";
    }
    CHECK(connection.purge_queue(route.queue) == 11000);
}

TEST_CASE("amqp publish: an unroutable mandatory message is returned, not confirmed", "[amqp]") {
    TempRoute route;
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    connection.publish(route.exchange, "json", "{\"n\":1}", with_id("a"));
    connection.publish(route.exchange, "nowhere", "{\"n\":2}", with_id("b"));  // no queue bound with this key
    connection.publish(route.exchange, "json", "{\"n\":3}", with_id("c"));
    // Same id and body as a routed one: told apart by the routing key.
    connection.publish(route.exchange, "nowhere", "{\"n\":3}", with_id("c"));
    PublishOptions not_mandatory = with_id("e");
    not_mandatory.mandatory = false;  // dropped silently by the broker, and confirmed
    connection.publish(route.exchange, "nowhere", "{\"n\":5}", not_mandatory);
    auto const outcomes = connection.wait_for_confirms(10s);
    REQUIRE(outcomes.size() == 5);
    CHECK(outcomes[0].status == Status::confirmed);
    CHECK(outcomes[1].status == Status::returned);
    CHECK(outcomes[1].detail == "312 NO_ROUTE");
    CHECK(outcomes[1].message_id == "b");
    CHECK(outcomes[2].status == Status::confirmed);
    CHECK(outcomes[3].status == Status::returned);
    CHECK(outcomes[4].status == Status::confirmed);

    // An exchange with no queue at all; then the connection goes on as before.
    auto const lonely = unique_name("lonely");
    connection.declare_exchange(lonely, "direct", false);
    for (int i = 0; i < 50; ++i) connection.publish(lonely, "json", std::to_string(i), with_id(std::to_string(i)));
    auto const all_returned = connection.wait_for_confirms(10s);
    REQUIRE(all_returned.size() == 50);
    for (auto const& outcome : all_returned) CHECK(outcome.status == Status::returned);
    connection.delete_exchange(lonely);
    connection.publish(route.exchange, "json", "{}", with_id("f"));
    auto const after = connection.wait_for_confirms(10s);
    REQUIRE(after.size() == 1);
    CHECK(after[0].delivery_tag == 56);
    CHECK(after[0].status == Status::confirmed);
    CHECK(connection.purge_queue(route.queue) == 3);
}

TEST_CASE("amqp publish: a missing exchange closes the channel (404), the connection goes on", "[amqp]") {
    TempRoute route;
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    auto const missing = unique_name("missing");
    connection.publish(route.exchange, "json", "{}", with_id("before"));
    connection.publish(missing, "json", "{}", with_id("lost"));
    try {
        (void)connection.wait_for_confirms(10s);
        FAIL("no error");
    } catch (ConfirmsIncomplete const& error) {
        CHECK(error.reply_code() == 404);
        CHECK_THAT(error.what(), Catch::Contains("404 NOT_FOUND") && Catch::Contains(missing) &&
                                     Catch::Contains("closed the channel"));
        CHECK(hrsi::exit_code_for(error) == 69);
        REQUIRE(error.outcomes().size() == 2);
        // The first one may or may not have been confirmed before the channel closed.
        CHECK(error.outcomes()[1].status == Status::unconfirmed);
        CHECK(error.outcomes()[1].message_id == "lost");
    }
    // Still usable: a new channel, confirm mode again, delivery tags from 1.
    CHECK(connection.usable());
    CHECK(connection.publish(route.exchange, "json", "{}", with_id("after")) == 1);
    auto const outcomes = connection.wait_for_confirms(10s);
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].status == Status::confirmed);
}

TEST_CASE("amqp publish: waiting for confirms needs confirm mode, nothing published, nothing to wait for",
          "[amqp]") {
    TempRoute route;
    auto connection = Connection::open(test_url());
    CHECK(connection.publish(route.exchange, "json", "{}") == 0);
    CHECK_THROWS_AS(connection.wait_for_confirms(1s), hrsi::InternalError);
    connection.enable_confirms();
    auto const start = std::chrono::steady_clock::now();
    CHECK(connection.wait_for_confirms(5s).empty());
    CHECK(std::chrono::steady_clock::now() - start < 1s);
}
