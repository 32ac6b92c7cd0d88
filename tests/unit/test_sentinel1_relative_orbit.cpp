// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/sentinel1/relative_orbit.hpp>

#include <catch2/catch.hpp>

using hrsi::sentinel1::relative_orbit;

namespace {

int track_of(char const* product_name) {
    auto const product = hrsi::products::parse_sentinel1(product_name);
    return relative_orbit(product.mission, product.absolute_orbit);
}

}  // namespace

TEST_CASE("sentinel1::relative_orbit of real products, per platform", "[sentinel1]") {
    // Tracks as ESA's Mission Performance Centre and the products' manifests give them.
    CHECK(track_of("S1A_IW_GRDH_1SDV_20170909T175748_20170909T175813_018302_01EC88_98A1") == 30);
    CHECK(track_of("S1B_IW_GRDH_1SDV_20170903T175659_20170903T175724_007231_00CBEF_874B") == 30);
    CHECK(track_of("S1A_IW_GRDH_1SDV_20191103T003105_20191103T003130_029739_03639C_FB5C") == 92);
    CHECK(track_of("S1A_IW_GRDH_1SDV_20200805T002754_20200805T002819_033764_03E9E5_716C") == 92);
    // S1C, descending track 68 (two passes 12 days apart), before the 2026 reconfiguration.
    CHECK(track_of("S1C_IW_GRDH_1SDV_20251229T091157_20251229T091222_005664_00B4FF_1A2B") == 68);
    CHECK(track_of("S1C_IW_GRDH_1SDV_20260110T091156_20260110T091221_005839_00BB12_3C4D") == 68);
}

TEST_CASE("sentinel1::relative_orbit: S1C's offset changes after orbit 8018", "[sentinel1]") {
    CHECK(relative_orbit("S1C", 1681) == 110);
    CHECK(relative_orbit("S1C", 8018) == 147);  // offset 172, the last orbit before the manoeuvre
    CHECK(relative_orbit("S1C", 8019) == 46);   // offset 99 from 24 June 2026
}

TEST_CASE("sentinel1::relative_orbit stays within 1..175 around the offsets", "[sentinel1]") {
    CHECK(relative_orbit("S1A", 73) == 1);
    CHECK(relative_orbit("S1A", 72) == 175);
    CHECK(relative_orbit("S1A", 1) == 104);
    CHECK(relative_orbit("S1B", 27) == 1);
    CHECK(relative_orbit("S1B", 27 + 175) == 1);
    CHECK(relative_orbit("S1B", 26) == 175);
    for (long long orbit = 1; orbit < 2000; orbit += 7) {
        for (char const* platform : {"S1A", "S1B", "S1C"}) {
            int const track = relative_orbit(platform, orbit);
            REQUIRE(track >= 1);
            REQUIRE(track <= 175);
            // One cycle later, the same track.
            REQUIRE(relative_orbit(platform, orbit + 175) == track);
        }
    }
}

TEST_CASE("sentinel1::relative_orbit refuses unknown platforms and orbits", "[sentinel1]") {
    CHECK_THROWS_AS(relative_orbit("S2A", 100), hrsi::InputError);
    CHECK_THROWS_WITH(relative_orbit("S1D", 100), Catch::Contains("S1A, S1B and S1C"));
    CHECK_THROWS_AS(relative_orbit("S1A", 0), hrsi::InputError);
}
