// SPDX-License-Identifier: Apache-2.0
// Taking messages from a queue (basic.get) and acknowledging them, against a real RabbitMQ.
#include <hrsi/amqp/connection.hpp>
#include <hrsi/amqp/errors.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <string>

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

// A durable queue (the "failed products" kind), deleted at the end.
class TempQueue {
public:
    TempQueue() : m_admin(Connection::open(test_url())) { m_admin.declare_queue(name, true); }
    TempQueue(TempQueue const&) = delete;
    TempQueue& operator=(TempQueue const&) = delete;
    ~TempQueue() {
        try {
            m_admin.delete_queue(name);
        } catch (std::exception const&) {
        }
    }
    std::string const name = unique_name("failed-products");

private:
    Connection m_admin;
};

// Publishes `count` messages to the queue (default exchange), confirmed.
void fill(std::string const& queue, int count) {
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    for (int i = 0; i < count; ++i) {
        PublishOptions options;
        options.message_id = "failed-" + std::to_string(i);
        connection.publish("", queue, "{\"product\":" + std::to_string(i) + "}", options);
    }
    for (auto const& outcome : connection.wait_for_confirms(10s)) REQUIRE(outcome.confirmed());
}

}  // namespace

TEST_CASE("amqp get: draining a queue, acknowledging each message", "[amqp]") {
    TempQueue queue;
    fill(queue.name, 25);
    auto connection = Connection::open(test_url());
    std::set<std::string> ids;
    auto const deadline = std::chrono::steady_clock::now() + 10s;
    while (auto message = connection.get(queue.name)) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        CHECK(message->message_count == 24 - ids.size());
        CHECK(message->body == "{\"product\":" + std::to_string(ids.size()) + "}");
        CHECK(message->routing_key == queue.name);
        CHECK(message->exchange.empty());
        ids.insert(message->message_id);
        connection.ack(message->delivery_tag);
    }
    CHECK(ids.size() == 25);
    CHECK_FALSE(connection.get(queue.name));
    // Acknowledged: nothing comes back on another connection.
    connection.close();
    auto other = Connection::open(test_url());
    CHECK_FALSE(other.get(queue.name));
}

TEST_CASE("amqp get: a message not acknowledged comes back", "[amqp]") {
    TempQueue queue;
    fill(queue.name, 2);
    {
        auto connection = Connection::open(test_url());
        auto const first = connection.get(queue.name);
        REQUIRE(first);
        CHECK(first->message_id == "failed-0");
        CHECK_FALSE(first->redelivered);
        // closed without ack
    }
    auto connection = Connection::open(test_url());
    auto const again = connection.get(queue.name);
    REQUIRE(again);
    CHECK(again->message_id == "failed-0");
    CHECK(again->redelivered);
    connection.ack(again->delivery_tag);
    auto const second = connection.get(queue.name);
    REQUIRE(second);
    CHECK(second->message_id == "failed-1");
    connection.reject(second->delivery_tag, /*requeue=*/false);  // dropped
    CHECK_FALSE(connection.get(queue.name));
}

TEST_CASE("amqp get: while confirms are pending, both are handled", "[amqp]") {
    TempQueue queue;
    fill(queue.name, 3);
    auto connection = Connection::open(test_url());
    connection.enable_confirms();
    // Confirms of these arrive while basic.get waits for its answer.
    for (int i = 0; i < 200; ++i) connection.publish("", queue.name, "later", PublishOptions{});
    connection.publish("", unique_name("nobody"), "returned", PublishOptions{});
    int taken = 0;
    while (taken < 3) {
        auto message = connection.get(queue.name);
        REQUIRE(message);
        CHECK(message->body.starts_with("{\"product\":"));
        connection.ack(message->delivery_tag);
        ++taken;
    }
    auto const outcomes = connection.wait_for_confirms(10s);
    REQUIRE(outcomes.size() == 201);
    for (std::size_t i = 0; i < 200; ++i) CHECK(outcomes[i].confirmed());
    CHECK(outcomes[200].status == PublishOutcome::Status::returned);
    CHECK(connection.purge_queue(queue.name) == 200);
}
