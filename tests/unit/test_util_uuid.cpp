// SPDX-License-Identifier: Apache-2.0
// UuidV7Generator (lib/hrsi/util/uuid.cpp): the unique ids of new jobs, made by the client.
#include <hrsi/util/time.hpp>
#include <hrsi/util/uuid.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>

using hrsi::util::parse_time;
using hrsi::util::UuidV7Generator;

namespace {

// The 36-character text form, lowercase, with dashes at 8, 13, 18 and 23.
bool has_text_form(std::string const& id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        bool const dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (id[i] == '-')) return false;
        if (!dash && std::string_view("0123456789abcdef").find(id[i]) == std::string_view::npos) return false;
    }
    return true;
}

// Version 7 (the 13th hex digit) and variant 10 (the first digit of the 4th group is 8, 9, a or b).
bool is_version_7_variant_10(std::string const& id) {
    return id[14] == '7' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

}  // namespace

TEST_CASE("uuid: the text form, version 7 and variant 10", "[uuid][util]") {
    UuidV7Generator generator;
    auto const time = parse_time("2026-11-27T10:05:07.123456Z");
    for (int i = 0; i < 1000; ++i) {
        auto const id = generator.next(time);
        INFO(id);
        REQUIRE(has_text_form(id));
        REQUIRE(is_version_7_variant_10(id));
    }
}

TEST_CASE("uuid: the first 48 bits are the time in milliseconds", "[uuid][util]") {
    UuidV7Generator generator;
    // RFC 9562's example: 2022-02-22T19:22:22Z is 0x017F22E279B0 ms.
    auto id = generator.next(parse_time("2022-02-22T19:22:22Z"));
    CHECK(id.substr(0, 14) == "017f22e2-79b0-");
    // Microseconds are cut, not rounded: .999999 s is 999 ms.
    id = generator.next(parse_time("2022-02-22T19:22:22.999999Z"));
    CHECK(id.substr(0, 14) == "017f22e2-7d97-");
    id = generator.next(parse_time("1970-01-01T00:00:00Z"));
    CHECK(id.substr(0, 14) == "00000000-0000-");
    id = generator.next(parse_time("1970-01-01T00:00:00.001Z"));
    CHECK(id.substr(0, 14) == "00000000-0001-");
    // 2^40 ms (2004-11-03T19:53:47.776Z): the top byte of the time is its first.
    id = generator.next(parse_time("2004-11-03T19:53:47.776Z"));
    CHECK(id.substr(0, 14) == "01000000-0000-");
    // Later times give ids that sort later, whatever their random part.
    auto const early = generator.next(parse_time("2026-11-27T10:05:07.001Z"));
    auto const late = generator.next(parse_time("2026-11-27T10:05:07.002Z"));
    CHECK(early < late);
}

TEST_CASE("uuid: 100000 ids of one millisecond are all distinct, their random bits all used", "[uuid][util]") {
    UuidV7Generator generator;
    auto const time = parse_time("2026-11-27T10:05:07Z");
    std::set<std::string> ids;
    // Which values each hex digit of the random part took (beyond the version and variant bits).
    std::vector<std::set<char>> digits(36);
    std::string const prefix = generator.next(time).substr(0, 14);
    for (int i = 0; i < 100000; ++i) {
        auto id = generator.next(time);
        REQUIRE(id.substr(0, 14) == prefix);
        REQUIRE(is_version_7_variant_10(id));
        for (std::size_t c = 15; c < 36; ++c) digits[c].insert(id[c]);
        ids.insert(std::move(id));
    }
    CHECK(ids.size() == 100000);
    for (std::size_t c = 15; c < 36; ++c) {
        if (c == 18 || c == 23) continue;
        INFO("position " << c);
        CHECK(digits[c].size() == (c == 19 ? 4u : 16u));
    }
    // Another generator makes other ids at the same time.
    UuidV7Generator other;
    for (int i = 0; i < 1000; ++i) {
        CHECK_FALSE(ids.contains(other.next(time)));
    }
}
