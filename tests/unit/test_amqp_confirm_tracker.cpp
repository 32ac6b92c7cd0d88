// SPDX-License-Identifier: Apache-2.0
// The book-keeping of publisher confirms, without a broker (pure: kept here because only
// test_amqp_*.cpp files of tests/integration were open to this change; it could move to unit/).
#include <hrsi/amqp/confirm_tracker.hpp>

#include <catch2/catch.hpp>

using namespace hrsi::amqp;
using Status = PublishOutcome::Status;

namespace {

ConfirmTracker with_messages(int count) {
    ConfirmTracker tracker;
    for (int i = 1; i <= count; ++i) {
        tracker.published(static_cast<std::uint64_t>(i), "products", "json", "id-" + std::to_string(i),
                          "body-" + std::to_string(i));
    }
    return tracker;
}

ReturnedMessage return_of(int i, std::string routing_key = "json") {
    return ReturnedMessage{"products", std::move(routing_key), "id-" + std::to_string(i), "body-" + std::to_string(i),
                           312, "NO_ROUTE"};
}

}  // namespace

TEST_CASE("amqp::ConfirmTracker: single and multiple acks, nacks", "[amqp]") {
    auto tracker = with_messages(6);
    tracker.acked(2, false);
    CHECK(tracker.pending() == 5);
    tracker.acked(3, true);  // 1 and 3
    tracker.nacked(4, false);
    tracker.acked(99, false);  // unknown: ignored
    CHECK(tracker.pending() == 2);
    tracker.acked(0, true);  // every pending one
    CHECK(tracker.pending() == 0);
    auto const outcomes = tracker.take("unused");
    REQUIRE(outcomes.size() == 6);
    CHECK(outcomes[0].status == Status::confirmed);
    CHECK(outcomes[1].status == Status::confirmed);
    CHECK(outcomes[2].status == Status::confirmed);
    CHECK(outcomes[3].status == Status::nacked);
    CHECK(outcomes[4].status == Status::confirmed);
    CHECK(outcomes[3].message_id == "id-4");
    CHECK(tracker.empty());
}

TEST_CASE("amqp::ConfirmTracker: a returned message stays returned when acked", "[amqp]") {
    auto tracker = with_messages(3);
    tracker.returned(return_of(2));
    tracker.acked(3, true);
    auto const outcomes = tracker.take("unused");
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0].status == Status::confirmed);
    CHECK(outcomes[1].status == Status::returned);
    CHECK(outcomes[1].detail == "312 NO_ROUTE");
    CHECK(outcomes[2].status == Status::confirmed);
}

TEST_CASE("amqp::ConfirmTracker: identical messages are returned in order", "[amqp]") {
    ConfirmTracker tracker;
    for (std::uint64_t tag = 1; tag <= 3; ++tag) tracker.published(tag, "x", "k", "same", "same");
    tracker.returned(ReturnedMessage{"x", "k", "same", "same", 312, "NO_ROUTE"});
    tracker.returned(ReturnedMessage{"x", "k", "same", "same", 312, "NO_ROUTE"});
    tracker.acked(3, true);
    auto const outcomes = tracker.take("unused");
    CHECK(outcomes[0].status == Status::returned);
    CHECK(outcomes[1].status == Status::returned);
    CHECK(outcomes[2].status == Status::confirmed);
}

TEST_CASE("amqp::ConfirmTracker: a return matching nothing makes the batch unconfirmed", "[amqp]") {
    auto tracker = with_messages(2);
    tracker.returned(return_of(7));
    tracker.acked(2, true);
    auto const outcomes = tracker.take("unused");
    REQUIRE(outcomes.size() == 2);
    CHECK(outcomes[0].status == Status::unconfirmed);
    CHECK_THAT(outcomes[0].detail, Catch::Contains("matches none"));
    // The next batch starts clean.
    tracker.published(3, "products", "json", "id-3", "body-3");
    tracker.acked(3, false);
    CHECK(tracker.take("unused")[0].status == Status::confirmed);
}

TEST_CASE("amqp::ConfirmTracker: what is pending at take() or lost is unconfirmed", "[amqp]") {
    auto tracker = with_messages(4);
    tracker.acked(1, false);
    tracker.lost("channel closed: 404");
    CHECK(tracker.pending() == 0);
    tracker.published(5, "products", "json", "id-5", "body-5");
    auto const outcomes = tracker.take("no confirm within 10 ms");
    REQUIRE(outcomes.size() == 5);
    CHECK(outcomes[0].status == Status::confirmed);
    CHECK(outcomes[1].status == Status::unconfirmed);
    CHECK(outcomes[1].detail == "channel closed: 404");
    CHECK(outcomes[4].detail == "no confirm within 10 ms");
    CHECK(std::string(to_string(outcomes[4].status)) == "unconfirmed");
}
