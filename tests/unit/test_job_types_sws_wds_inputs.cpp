// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_inputs.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::jobs;

TEST_CASE("sws_wds: an FSC product of an HR-S&I catalogue answer", "[sws_wds]") {
    catalogue::CatalogueProduct product;
    product.name = "FSC_20240105T104031_S2A_T32TLR_V102_1";
    product.path = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2024/01/05/" +
                   product.name;
    product.published = util::parse_time("2024-01-05T13:20:00Z");
    product.sensing_end = util::parse_time("2024-01-05T13:10:00Z");
    product.footprint = R"({"type":"Polygon","coordinates":[[[7,45],[8,45],[8,46],[7,45]]]})";
    auto const fsc = fsc_input(product);
    CHECK(fsc.product_id == product.name);
    CHECK(fsc.path == product.path);
    CHECK(fsc.tile == "32TLR");
    CHECK(fsc.measurement == util::parse_time("2024-01-05T10:40:31Z"));
    CHECK(fsc.created == util::parse_time("2024-01-05T13:10:00Z"));
    CHECK(fsc.published == *product.published);
    CHECK(fsc.footprint == product.footprint);

    auto rlie = product;
    rlie.path = "/eodata/HRSI/RLIE_20240105T104031_S2A_T32TLR_V102_1";
    CHECK_THROWS_WITH(fsc_input(rlie), Catch::Contains("a RLIE product, sws_wds_job pairs with FSC"));
    auto unpublished = product;
    unpublished.published.reset();
    CHECK_THROWS_WITH(fsc_input(unpublished), Catch::Contains("no publication date"));
    auto l1c = product;
    l1c.path = "/eodata/S2A_MSIL1C_20240105T104031_N0510_R108_T32TLR_20240105T123456.SAFE";
    CHECK_THROWS_AS(fsc_input(l1c), InputError);
}

TEST_CASE("sws_wds: the FSC and Sentinel-1 windows", "[sws_wds]") {
    auto const now = util::parse_time("2024-01-06T12:00:00Z");
    auto const last = util::parse_time("2024-01-06T08:00:00Z");
    SECTION("FSC: from the last FSC publication, else the default duration") {
        CHECK(fsc_window(last, 3, now).start == last);
        CHECK(fsc_window(last, 3, now).end == now);
        CHECK(fsc_window(std::nullopt, 3, now).start == util::parse_time("2024-01-03T12:00:00Z"));
    }
    SECTION("S1: back to the first day of a new FSC measurement when it is earlier") {
        FscInput early;
        early.measurement = util::parse_time("2024-01-05T10:40:31Z");
        FscInput late;
        late.measurement = util::parse_time("2024-01-06T10:40:31Z");
        std::vector<FscInput> const fsc{late, early};
        CHECK(s1_window(last, fsc, 3, now).start == util::parse_time("2024-01-05T00:00:00Z"));
        CHECK(s1_window(last, {}, 3, now).start == last);
        // The day of the FSC begins at midnight, after an earlier last publication.
        auto const evening = util::parse_time("2024-01-05T20:00:00Z");
        CHECK(s1_window(evening, std::vector<FscInput>{late}, 3, now).start == evening);
        CHECK(s1_window(last, std::vector<FscInput>{late}, 3, now).start ==
              util::parse_time("2024-01-06T00:00:00Z"));
        CHECK(s1_window(std::nullopt, {}, 3, now).start == util::parse_time("2024-01-03T12:00:00Z"));
        CHECK(s1_window(last, fsc, 3, now).end == now);
    }
}
