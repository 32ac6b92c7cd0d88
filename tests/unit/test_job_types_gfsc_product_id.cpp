// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::jobs;

TEST_CASE("gfsc id template: as set_product_id writes it", "[gfsc]") {
    auto const product_date = util::parse_time("2024-01-02T00:00:00Z");
    auto const curation = util::parse_time("2024-01-03T00:00:00.750Z");  // 1704240000.75
    CHECK(gfsc_product_id_template(product_date, 7, "32TLR", curation) ==
          "GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000");
    // The job's tile_id with its T, as the reference stores it, gives the same id.
    CHECK(gfsc_product_id_template(product_date, 7, "T32TLR", curation) ==
          "GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000");
    // The day of the product date, whatever its time of day; zero-padded aggregation.
    CHECK(gfsc_product_id_template(util::parse_time("2021-04-12T23:59:59Z"), 1, "31TGL",
                                   util::parse_time("2021-04-13T08:00:00Z")) ==
          "GFSC_20210412-001_missions_T31TGL_processingBaseline_1618300800");
    CHECK(gfsc_product_id_template(product_date, 365, "32TLR", curation).starts_with("GFSC_20240102-365_"));
}

TEST_CASE("gfsc id template: refuses what would not make an id", "[gfsc]") {
    auto const day = util::parse_time("2024-01-02");
    auto const curation = util::parse_time("2024-01-03");
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 7, "32TL", curation), Catch::Contains("bad tile '32TL'"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 7, "TT32TLR", curation), Catch::Contains("bad tile"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 7, "61TLR", curation), Catch::Contains("bad tile '61TLR'"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 7, "", curation), Catch::Contains("bad tile ''"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 0, "32TLR", curation), Catch::Contains("0 days"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 1000, "32TLR", curation), Catch::Contains("1000 days"));
    CHECK_THROWS_WITH(gfsc_product_id_template(day, 7, "32TLR", util::parse_time("1969-12-31T23:59:59Z")),
                      Catch::Contains("before 1970"));
    CHECK_THROWS_AS(gfsc_product_id_template(day, 7, "32TL", curation), InputError);
}

TEST_CASE("gfsc id: a final id gives its fields", "[gfsc]") {
    auto const parts = parse_gfsc_id("GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000");
    CHECK(parts.product_date == util::parse_time("2024-01-02T00:00:00Z"));
    CHECK(parts.aggregation_days == 7);
    CHECK(parts.missions == "S1-S2");
    CHECK(parts.tile == "32TLR");
    CHECK(parts.baseline == "V101");
    CHECK(parts.curation_seconds == 1704240000);

    auto const other = parse_gfsc_id("GFSC_20210412-030_S2_T31TGL_V102_1618300800");
    CHECK(other.aggregation_days == 30);
    CHECK(other.missions == "S2");
    CHECK(other.tile == "31TGL");
    CHECK(other.baseline == "V102");
}

TEST_CASE("gfsc id: the template filled as gf.py fills it reads back", "[gfsc]") {
    auto const product_date = util::parse_time("2023-03-31T00:00:00Z");
    auto const curation = util::parse_time("2023-04-01T03:04:05Z");
    auto id = gfsc_product_id_template(product_date, 7, "T33WXP", curation);
    id.replace(id.find("missions"), 8, "S1-S2");
    id.replace(id.find("processingBaseline"), 18, "V101");
    auto const parts = parse_gfsc_id(id);
    CHECK(parts.product_date == product_date);
    CHECK(parts.aggregation_days == 7);
    CHECK(parts.tile == "33WXP");
    CHECK(parts.curation_seconds ==
          std::chrono::floor<std::chrono::seconds>(curation).time_since_epoch().count());
}

TEST_CASE("gfsc id: anything but a final GFSC id is refused with the reason", "[gfsc]") {
    struct Case {
        char const* id;
        char const* reason;
    };
    Case const cases[] = {
        {"GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000", "a GFSC id template"},
        {"FSC_20240102T103429_S2B_T32TLR_V102_1", "an HR-S&I FSC product, not GFSC"},
        {"GFSC1_20240102_S1-S2_T32TLR_V101", "GFSC1"},
        {"/eodata/HRSI/GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000", "a path, not a GFSC id"},
        {"GFSC_20240102-000_S1-S2_T32TLR_V101_1704240000", "bad aggregation '000'"},
        {"GFSC_20240230-007_S1-S2_T32TLR_V101_1704240000", "bad date '20240230'"},
        {"GFSC_20240102-007_S3_T32TLR_V101_1704240000", "bad GFSC missions 'S3'"},
        {"GFSC_20240102-007_S1-S2_32TLR_V101_1704240000", "bad tile '32TLR'"},
        {"GFSC_20240102-007_S1-S2_T32TLR_101_1704240000", "bad product version '101'"},
        {"GFSC_20240102-007_S1-S2_T32TLR_V101_17042X0000", "bad curation time"},
        {"GFSC_20240102-007_S1-S2_T32TLR_V101", "GFSC"},
        {"", ""},
    };
    for (auto const& c : cases) {
        CAPTURE(c.id);
        CHECK_THROWS_AS(parse_gfsc_id(c.id), InputError);
        CHECK_THROWS_WITH(parse_gfsc_id(c.id), Catch::Contains(c.reason));
    }
}

TEST_CASE("gfsc id: whether a final id is its template filled", "[gfsc]") {
    auto const id_template = gfsc_product_id_template(util::parse_time("2024-01-02"), 7, "32TLR",
                                                       util::parse_time("2024-01-03T00:00:00Z"));
    CHECK(gfsc_id_fills_template("GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000", id_template));
    CHECK(gfsc_id_fills_template("GFSC_20240102-007_S2_T32TLR_V102_1704240000", id_template));
    // Another day, aggregation, tile or curation; the template itself; not an id at all.
    CHECK_FALSE(gfsc_id_fills_template("GFSC_20240103-007_S1-S2_T32TLR_V101_1704240000", id_template));
    CHECK_FALSE(gfsc_id_fills_template("GFSC_20240102-030_S1-S2_T32TLR_V101_1704240000", id_template));
    CHECK_FALSE(gfsc_id_fills_template("GFSC_20240102-007_S1-S2_T31TGL_V101_1704240000", id_template));
    CHECK_FALSE(gfsc_id_fills_template("GFSC_20240102-007_S1-S2_T32TLR_V101_1704240001", id_template));
    CHECK_FALSE(gfsc_id_fills_template(id_template, id_template));
    CHECK_FALSE(gfsc_id_fills_template("output", id_template));
    // A template without its placeholders fits nothing.
    CHECK_FALSE(gfsc_id_fills_template("GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000",
                                       "GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000"));
}
