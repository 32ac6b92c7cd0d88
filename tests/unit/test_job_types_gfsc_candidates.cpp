// SPDX-License-Identifier: Apache-2.0
// The GFSC creation rules that need no database (reference §3.9).
#include <hrsi/job_types/gfsc/gfsc_candidates.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

using std::chrono::days;
using std::chrono::hours;

util::TimePoint at(char const* text) {
    return util::parse_time(text);
}

// A product of `kind` ("fsc", "wds", "sws") on a tile, sensed at `sensed`, published at `published`.
GfscInputProduct product(std::string const& kind, std::string const& tile, char const* sensed, char const* published,
                  char const* mode = "1") {
    auto const when = at(sensed);
    auto text = util::format_rfc3339(when).substr(0, 19);
    std::erase(text, '-');
    std::erase(text, ':');
    auto upper = kind;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    auto const id = fmt::format("{}_{}_{}_T{}_V102_{}", upper, text, kind == "fsc" ? "S2A" : "S1A", tile, mode);
    return {id, "/eodata/HRSI/CLMS/x/" + id, kind, tile, when, at(published)};
}

GfscOutput gfsc(std::string const& tile, char const* day, char const* curation, char const* published) {
    auto const id = fmt::format("GFSC_{}-007_S1-S2_T{}_V101_{}", std::string(day).substr(0, 10), tile,
                                std::chrono::duration_cast<std::chrono::seconds>(at(curation).time_since_epoch()).count());
    return {id, "/eodata/HRSI/CLMS/x/" + id, tile, at(day), at(curation), at(published)};
}

GfscTriggerRules rules(char const* now, char const* window_start) {
    return {at(now), at(window_start), 7, std::nullopt, [](std::string_view tile) { return tile != "54PXA"; }};
}

}  // namespace

TEST_CASE("gfsc: the input window is the timespan's days to the end of the day, or to the curation today",
          "[gfsc]") {
    auto const past = gfsc_input_window(at("2024-01-05T00:00:00Z"), at("2024-01-07T12:00:00Z"), 7);
    CHECK(past.from == at("2023-12-30T00:00:00Z"));
    CHECK(past.to == at("2024-01-06T00:00:00Z") - std::chrono::microseconds(1));
    auto const today = gfsc_input_window(at("2024-01-07T00:00:00Z"), at("2024-01-07T12:00:00Z"), 3);
    CHECK(today.from == at("2024-01-05T00:00:00Z"));
    CHECK(today.to == at("2024-01-07T12:00:00Z"));
}

TEST_CASE("gfsc: one job per tile and day, WDS and SWS triggers preferred over FSC, with the tile's inputs",
          "[gfsc]") {
    GfscInputs inputs;
    auto const fsc = product("fsc", "32TLR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");
    auto const wds = product("wds", "32TLR", "2024-01-05T17:20:00Z", "2024-01-05T20:00:00Z");
    auto const other_day = product("fsc", "32TLR", "2024-01-04T10:40:31Z", "2024-01-05T15:00:00Z");
    auto const old = product("fsc", "32TLR", "2023-12-20T10:40:31Z", "2023-12-20T14:00:00Z");
    auto const other_tile = product("sws", "32TMR", "2024-01-03T05:00:00Z", "2024-01-03T09:00:00Z");
    auto const unpublished = product("sws", "32TLR", "2024-01-05T05:00:00Z", "2024-01-05T23:00:00Z");
    inputs.triggers = {fsc, other_day, wds};
    inputs.products = {fsc, wds, other_day, old, other_tile, unpublished};
    inputs.gfsc = {gfsc("32TLR", "2024-01-03T00:00:00Z", "2024-01-03T22:00:00Z", "2024-01-03T23:00:00Z"),
                   gfsc("32TLR", "2024-01-04T00:00:00Z", "2024-01-04T22:00:00Z", "2024-01-04T23:00:00Z"),
                   gfsc("32TLR", "2024-01-05T00:00:00Z", "2024-01-05T22:00:00Z", "2024-01-05T22:30:00Z")};
    auto const found = gfsc_triggered_candidates(rules("2024-01-05T21:00:00Z", "2024-01-05T00:00:00Z"), inputs);
    REQUIRE(found.candidates.size() == 2);
    // By trigger publication: the day before's FSC (15:00), then the WDS (20:00).
    auto const& first = found.candidates[0];
    CHECK(first.trigger_id == other_day.id);
    CHECK(first.product_date == at("2024-01-04T00:00:00Z"));
    CHECK(first.fsc.size() == 1);  // its day's end is before the 01-05 products
    auto const& second = found.candidates[1];
    CHECK(second.trigger_id == wds.id);
    CHECK(second.tile == "32TLR");
    CHECK(second.product_date == at("2024-01-05T00:00:00Z"));
    REQUIRE(second.fsc.size() == 2);
    CHECK(second.fsc[0].id == other_day.id);  // by sensing time
    CHECK(second.fsc[1].id == fsc.id);
    CHECK(second.wds.size() == 1);
    CHECK(second.sws.empty());  // published after the curation
    // The latest GFSC published by the curation (01-05's is published after it).
    REQUIRE(second.gfsc);
    CHECK(second.gfsc->product_date == at("2024-01-04T00:00:00Z"));
    CHECK_FALSE(second.before_processing_start);
}

TEST_CASE("gfsc: triggers outside the area refused, used ones and the last job's skipped, old days cancelled",
          "[gfsc]") {
    GfscInputs inputs;
    auto const outside = product("fsc", "54PXA", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");
    auto const used = product("fsc", "32TLR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");
    auto const last = product("wds", "32TMR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z");
    auto const archive = product("sws", "32TNR", "2020-04-30T10:40:31Z", "2024-01-05T15:00:00Z");
    auto const reprocessed_fsc = product("fsc", "32TPR", "2023-12-01T10:40:31Z", "2024-01-05T15:00:00Z");
    inputs.triggers = {outside, used, last, archive, reprocessed_fsc};
    inputs.used_triggers.emplace("32TLR", at("2024-01-05T00:00:00Z"), used.id);
    auto rule = rules("2024-01-05T21:00:00Z", "2019-01-05T00:00:00Z");
    rule.last_trigger = last.id;
    auto const found = gfsc_triggered_candidates(rule, inputs);
    REQUIRE(found.refused.size() == 1);
    CHECK(found.refused[0].product == outside.id);
    CHECK(found.duplicates == std::vector<std::string>{used.id});
    REQUIRE(found.candidates.size() == 2);
    CHECK(found.candidates[0].trigger_id == archive.id);
    CHECK(found.candidates[0].before_processing_start);
    CHECK(found.candidates[1].trigger_id == reprocessed_fsc.id);

    // With the window of 2024, the FSC sensed a month before is a reprocessed product.
    auto const recent = gfsc_triggered_candidates(rules("2024-01-05T21:00:00Z", "2024-01-05T00:00:00Z"), inputs);
    CHECK(std::any_of(recent.refused.begin(), recent.refused.end(),
                      [&](GfscSkip const& skip) { return skip.product == reprocessed_fsc.id; }));
}

TEST_CASE("gfsc: daily jobs for the tiles without input, from a recent GFSC of an earlier day", "[gfsc]") {
    std::array<std::string_view, 5> const tiles{"32TLR", "32TMR", "32TNR", "32TPR", "32TQR"};
    GfscInputs inputs;
    inputs.products = {product("fsc", "32TLR", "2024-01-05T10:40:31Z", "2024-01-05T14:00:00Z")};
    inputs.gfsc = {gfsc("32TMR", "2024-01-03T00:00:00Z", "2024-01-03T22:00:00Z", "2024-01-03T23:00:00Z"),
                   gfsc("32TNR", "2023-12-29T00:00:00Z", "2023-12-29T22:00:00Z", "2023-12-29T23:00:00Z"),
                   gfsc("32TPR", "2024-01-05T00:00:00Z", "2024-01-05T22:00:00Z", "2024-01-05T23:00:00Z")};
    auto const now = at("2024-01-06T00:30:00Z");
    auto const daily = gfsc_daily_candidates(at("2024-01-05T00:00:00Z"), now, 7, tiles, inputs, at("2024-01-05T20:00:00Z"));
    CHECK_FALSE(daily.outage);
    CHECK(daily.tiles_without_input == 4);
    CHECK(daily.too_old == 1);       // 32TNR: 7 days old
    CHECK(daily.without_gfsc == 1);  // 32TQR
    REQUIRE(daily.candidates.size() == 1);  // 32TPR's GFSC is for that day already
    CHECK(daily.candidates[0].tile == "32TMR");
    CHECK(daily.candidates[0].trigger_id == inputs.gfsc[0].id);
    CHECK(daily.candidates[0].trigger_published == at("2024-01-05T20:00:00Z"));
    CHECK(daily.candidates[0].fsc.empty());

    inputs.products.clear();
    auto const outage = gfsc_daily_candidates(at("2024-01-05T00:00:00Z"), now, 7, tiles, inputs, now);
    CHECK(outage.outage);
    CHECK(outage.candidates.empty());
}

TEST_CASE("gfsc: the daily days are decided at night, from the day after the last one", "[gfsc]") {
    CHECK(gfsc_daily_days(at("2024-01-06T12:00:00Z"), std::nullopt, std::nullopt).empty());
    CHECK(gfsc_daily_days(at("2024-01-06T00:30:00Z"), std::nullopt, std::nullopt) ==
          std::vector<util::TimePoint>{at("2024-01-05T00:00:00Z")});
    CHECK(gfsc_daily_days(at("2024-01-06T22:30:00Z"), at("2024-01-05T00:00:00Z"), std::nullopt).empty());
    CHECK(gfsc_daily_days(at("2024-01-07T01:00:00Z"), at("2024-01-04T00:00:00Z"), at("2023-01-01T00:00:00Z")) ==
          std::vector<util::TimePoint>{at("2024-01-05T00:00:00Z"), at("2024-01-06T00:00:00Z")});
    CHECK(gfsc_daily_days(at("2024-01-07T02:59:00Z"), std::nullopt, at("2024-01-05T00:00:00Z")).size() == 2);
    CHECK(gfsc_daily_days(at("2024-01-07T03:00:00Z"), std::nullopt, at("2024-01-05T00:00:00Z")).empty());
}

TEST_CASE("gfsc: product kinds, modes and twins", "[gfsc]") {
    CHECK(gfsc_product_kind("WDS_20240105T172000_S1A_T32TLR_V101_1") == "wds");
    CHECK(gfsc_product_kind("GFSC_20240105-007_S1-S2_T32TLR_V101_1704495600") == "gfsc");
    CHECK(product_mode("FSC_20240105T104031_S2A_T32TLR_V102_1") == "1");
    CHECK(product_mode("GFSC_20240105-007_S1-S2_T32TLR_V101_1704495600").empty());
    CHECK(toggled_mode_id("FSC_20240105T104031_S2A_T32TLR_V102_1") == "FSC_20240105T104031_S2A_T32TLR_V102_0");
    CHECK(toggled_mode_id("FSC_20240105T104031_S2A_T32TLR_V102_0") == "FSC_20240105T104031_S2A_T32TLR_V102_1");
    CHECK_FALSE(toggled_mode_id("GFSC_20240105-007_S1-S2_T32TLR_V101_1704495600"));
}
