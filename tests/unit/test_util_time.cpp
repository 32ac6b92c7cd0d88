// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>

using hrsi::util::format_rfc3339;
using hrsi::util::parse_time;

TEST_CASE("parse_time reads dates and times with 0-6 fraction digits and zones", "[util]") {
    CHECK(format_rfc3339(parse_time("2026-11-27")) == "2026-11-27T00:00:00Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05")) == "2026-11-27T10:05:00Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05:07Z")) == "2026-11-27T10:05:07Z");
    CHECK(format_rfc3339(parse_time("2026-11-27 10:05:07")) == "2026-11-27T10:05:07Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05:07.5Z")) == "2026-11-27T10:05:07.500000Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05:07.123456")) ==
          "2026-11-27T10:05:07.123456Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05:07.123456789Z")) ==
          "2026-11-27T10:05:07.123456Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T10:05:07+01:00")) == "2026-11-27T09:05:07Z");
    CHECK(format_rfc3339(parse_time("2026-11-27T00:30:00-0130")) == "2026-11-27T02:00:00Z");
    // PostgreSQL's own output in UTC.
    CHECK(format_rfc3339(parse_time("2026-11-27 20:00:49.468591+00")) ==
          "2026-11-27T20:00:49.468591Z");
    CHECK(format_rfc3339(parse_time("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59Z");
}

TEST_CASE("parse_time refuses what is not a time, naming it", "[util]") {
    for (auto bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-27T25:00",
                     "2026-11-27T10:00:00ZZ", "2026/11/27", "2026-11-27T10", "2026-11-27T10:00:00."}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_time(bad), hrsi::InputError);
    }
    CHECK_THROWS_WITH(parse_time("soon"), Catch::Contains("'soon'"));
}

TEST_CASE("parse_time_or_age reads ages before now", "[util]") {
    auto now = parse_time("2026-11-27T12:00:00Z");
    using hrsi::util::parse_time_or_age;
    CHECK(format_rfc3339(parse_time_or_age("90s", now)) == "2026-11-27T11:58:30Z");
    CHECK(format_rfc3339(parse_time_or_age("30m", now)) == "2026-11-27T11:30:00Z");
    CHECK(format_rfc3339(parse_time_or_age("2h", now)) == "2026-11-27T10:00:00Z");
    CHECK(format_rfc3339(parse_time_or_age("7d", now)) == "2026-11-20T12:00:00Z");
    CHECK(format_rfc3339(parse_time_or_age("1w", now)) == "2026-11-20T12:00:00Z");
    CHECK(format_rfc3339(parse_time_or_age("2026-11-01", now)) == "2026-11-01T00:00:00Z");
    CHECK(format_rfc3339(parse_time_or_age("2026-11-27T10:00Z", now)) == "2026-11-27T10:00:00Z");
    CHECK(format_rfc3339(parse_time_or_age("2026-11-27T10:00:00z", now)) == "2026-11-27T10:00:00Z");
    CHECK_THROWS_AS(parse_time_or_age("5y", now), hrsi::InputError);
    CHECK_THROWS_AS(parse_time_or_age("5 h", now), hrsi::InputError);
}
