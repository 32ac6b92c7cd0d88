// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/status.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>
#include <string>

using hrsi::JobStatus;

namespace {

// Reference §2.2 copied as text, parsed here: an encoding independent of lib/hrsi/status.cpp.
constexpr char const* reference_transitions = R"(
none -> 1 5 13 16
1 -> 2 13 14 16
2 -> 3 13 16
3 -> 4 13 14 16
4 -> 5 13
5 -> 6 13 14 16
6 -> 7 13 14 16
7 -> 8 13 14 16
8 -> 9 13 14 16
9 -> 10 12 13 14 16
10 -> 11 13 14 16
11 -> 12
12 -> 13 14
13 -> 13 14 15
14 -> 5 13 14 15
15 -> 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
16 -> 13
)";

std::map<int, std::set<int>> parse_reference() {
    std::map<int, std::set<int>> table;
    std::istringstream in(reference_transitions);
    std::string from, arrow;
    while (in >> from >> arrow) {
        int key = from == "none" ? 0 : std::stoi(from);
        std::string rest;
        std::getline(in, rest);
        std::istringstream tos(rest);
        int to = 0;
        while (tos >> to) table[key].insert(to);
    }
    return table;
}

}  // namespace

TEST_CASE("status ids and names follow the reference", "[status]") {
    CHECK(hrsi::all_statuses.size() == 16);
    CHECK(hrsi::status_name(JobStatus::initialized) == "initialized");
    CHECK(hrsi::status_name(JobStatus::pre_processing) == "pre_processing");
    CHECK(hrsi::status_name(JobStatus::start_publication) == "start_publication");
    CHECK(hrsi::status_name(JobStatus::cancelled) == "cancelled");
    CHECK(hrsi::status_id(JobStatus::done) == 12);
    CHECK(hrsi::status_id(JobStatus::error_checked) == 15);
    for (int id = 1; id <= 16; ++id) {
        auto status = hrsi::status_from_id(id);
        REQUIRE(status);
        CHECK(hrsi::status_id(*status) == id);
        CHECK(hrsi::parse_status(hrsi::status_name(*status)) == *status);
        CHECK(hrsi::parse_status(std::to_string(id)) == *status);
    }
    CHECK_FALSE(hrsi::status_from_id(0));
    CHECK_FALSE(hrsi::status_from_id(17));
}

TEST_CASE("parse_status accepts case and dashes, refuses the rest with the list", "[status]") {
    CHECK(hrsi::parse_status("READY") == JobStatus::ready);
    CHECK(hrsi::parse_status("internal-error") == JobStatus::internal_error);
    CHECK_THROWS_AS(hrsi::parse_status("finished"), hrsi::UsageError);
    CHECK_THROWS_AS(hrsi::parse_status("0"), hrsi::UsageError);
    CHECK_THROWS_AS(hrsi::parse_status("17"), hrsi::UsageError);
    CHECK_THROWS_AS(hrsi::parse_status(""), hrsi::UsageError);
    CHECK_THROWS_WITH(hrsi::parse_status("finished"),
                      Catch::Contains("unknown job status 'finished'") &&
                          Catch::Contains("error_checked"));
}

TEST_CASE("the transition table equals reference §2.2 for all 17 x 16 pairs", "[status]") {
    auto reference = parse_reference();
    REQUIRE(reference.size() == 17);
    int allowed = 0;
    for (int from = 0; from <= 16; ++from) {
        auto from_status = from == 0 ? std::optional<JobStatus>{} : hrsi::status_from_id(from);
        for (int to = 1; to <= 16; ++to) {
            bool expected = reference[from].count(to) == 1;
            INFO("from " << from << " to " << to);
            CHECK(hrsi::is_allowed_transition(from_status, *hrsi::status_from_id(to)) == expected);
            allowed += expected ? 1 : 0;
        }
    }
    CHECK(allowed == 69);
}
