// SPDX-License-Identifier: Apache-2.0
// The footprint and Sentinel-1 fields of catalogue products (OData Attributes, resto and STAC
// properties), read from real-form answers in tests/data/catalogue.
#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <vector>

using namespace hrsi;
using namespace hrsi::catalogue;

namespace {

std::vector<CatalogueProduct> read_products(std::string const& name) {
    std::ifstream in(std::string(HRSI_TEST_DATA_DIR) + "/catalogue/" + name, std::ios::binary);
    REQUIRE(in);
    std::vector<CatalogueProduct> products;
    read_catalogue(in, Format::automatic,
                   [&](CatalogueProduct&& product) { products.push_back(std::move(product)); });
    return products;
}

std::vector<CatalogueProduct> read_text(std::string const& text) {
    std::istringstream in(text);
    std::vector<CatalogueProduct> products;
    read_catalogue(in, Format::automatic,
                   [&](CatalogueProduct&& product) { products.push_back(std::move(product)); });
    return products;
}

// The footprint's area in square degrees, to check it was kept whole.
double footprint_area(CatalogueProduct const& product) {
    geometry::GeosContext context;
    return geometry::read_footprint(context, product.footprint).area();
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("catalogue: OData Attributes give the Sentinel-1 fields and the footprint",
          "[catalogue]") {
    auto const products = read_products("odata_s1_grd.json");
    REQUIRE(products.size() == 3);
    auto const& grd = products[0];
    CHECK(grd.product_type == "IW_GRDH_1S");
    CHECK(grd.sensor_mode == "IW");
    CHECK(grd.platform == "S1A");
    CHECK(grd.orbit_direction == "ASCENDING");
    CHECK(grd.absolute_orbit == 51958);
    CHECK(grd.relative_orbit == 117);
    CHECK(grd.slice_number == 4);
    CHECK(grd.total_slices == 9);
    CHECK(grd.polarisations == Strings{"VV", "VH"});
    CHECK(grd.timeliness == "NRT-3h");
    // GeoFootprint (GeoJSON) is preferred to Footprint; both describe the same polygon.
    CHECK(grd.footprint.starts_with("{\"type\":\"Polygon\""));
    CHECK(footprint_area(grd) == Approx(5.78).epsilon(0.01));

    auto const& ew = products[1];
    CHECK(ew.product_type == "EW_GRDM_1S");
    CHECK(ew.sensor_mode == "EW");
    CHECK(ew.orbit_direction == "DESCENDING");
    CHECK(ew.polarisations == Strings{"HH", "HV"});
    CHECK_FALSE(ew.slice_number);
    CHECK(ew.footprint.starts_with("geography'SRID=4326;POLYGON"));
    CHECK(footprint_area(ew) > 20);

    // No Attributes, no footprint: every optional field empty, not an error.
    auto const& bare = products[2];
    CHECK(bare.footprint.empty());
    CHECK(bare.product_type.empty());
    CHECK(bare.platform.empty());
    CHECK_FALSE(bare.absolute_orbit);
    CHECK_FALSE(bare.relative_orbit);
    CHECK(bare.polarisations.empty());
    CHECK(bare.timeliness.empty());
}

TEST_CASE("catalogue: resto properties give the Sentinel-1 fields and the footprint",
          "[catalogue]") {
    auto const products = read_products("resto_s1_grd.json");
    REQUIRE(products.size() == 2);
    auto const& grd = products[0];
    CHECK(grd.product_type == "GRD");
    CHECK(grd.sensor_mode == "IW");
    CHECK(grd.platform == "S1A");
    CHECK(grd.orbit_direction == "ASCENDING");
    CHECK(grd.absolute_orbit == 51958);
    CHECK(grd.relative_orbit == 117);
    CHECK_FALSE(grd.slice_number);
    CHECK(grd.polarisations == Strings{"VV", "VH"});
    CHECK(grd.timeliness == "Fast-24h");
    CHECK(grd.footprint.starts_with("{\"type\":\"MultiPolygon\""));
    CHECK(footprint_area(grd) == Approx(5.78).epsilon(0.01));

    auto const& slc = products[1];
    CHECK(slc.product_type == "SLC");
    CHECK(slc.platform == "S1B");
    CHECK(slc.absolute_orbit == 25028);  // given as a string
    CHECK_FALSE(slc.relative_orbit);
    CHECK(slc.polarisations == Strings{"VV", "VH"});
    CHECK(slc.footprint.empty());  // "geometry": null
}

TEST_CASE("catalogue: STAC properties give the Sentinel-1 fields and the footprint",
          "[catalogue]") {
    auto const products = read_products("stac_s1_grd.json");
    REQUIRE(products.size() == 1);
    auto const& grd = products[0];
    CHECK(grd.name == "S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C");
    CHECK(grd.path == "/eodata/Sentinel-1/SAR/IW_GRDH_1S/2024/01/05/"
                      "S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C.SAFE");
    CHECK(grd.product_type == "GRD");
    CHECK(grd.sensor_mode == "IW");
    CHECK(grd.platform == "S1A");
    CHECK(grd.orbit_direction == "ASCENDING");
    CHECK(grd.absolute_orbit == 51958);
    CHECK(grd.relative_orbit == 117);
    CHECK(grd.slice_number == 4);
    CHECK(grd.total_slices == 9);
    CHECK(grd.polarisations == Strings{"VV", "VH"});
    CHECK(grd.timeliness == "NRT-3h");
    CHECK(footprint_area(grd) == Approx(5.78).epsilon(0.01));
}

TEST_CASE("catalogue: Sentinel-2 answers keep their footprint too", "[catalogue]") {
    auto const products = read_products("odata_s2_l1c.json");
    REQUIRE_FALSE(products.empty());
    CHECK_FALSE(products[0].footprint.empty());
    CHECK(footprint_area(products[0]) > 0);
}

TEST_CASE("catalogue: a Sentinel-1 field of the wrong kind names the product and field",
          "[catalogue]") {
    CHECK_THROWS_WITH(read_text(R"({"value": [{"Name": "x", "Attributes": [
                          {"Name": "orbitNumber", "Value": 12.5}]}]})"),
                      Catch::Contains("value[0]: 'absolute orbit' is not a whole number"));
    CHECK_THROWS_WITH(read_text(R"({"features": [{"stac_version": "1.0.0", "id": "x",
                          "properties": {"sar:polarizations": [1, 2]}}]})"),
                      Catch::Contains("features[0]: polarisations hold a non-string"));
    CHECK_THROWS_WITH(read_text(R"({"features": [{"stac_version": "1.0.0", "id": "x",
                          "properties": {"platform": {"name": "sentinel-1a"}}}]})"),
                      Catch::Contains("'platform' is an object or array"));
    // A geometry nested deep inside is captured whole, and the reading goes on after it.
    auto const products = read_text(R"({"features": [
        {"stac_version": "1.0.0", "id": "a", "geometry": {"type": "GeometryCollection",
         "geometries": [{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}]},
         "properties": {"platform": "sentinel-1b"}},
        {"stac_version": "1.0.0", "id": "b", "properties": {}}]})");
    REQUIRE(products.size() == 2);
    CHECK(products[0].platform == "S1B");
    CHECK(footprint_area(products[0]) == Approx(0.5));
    CHECK(products[1].footprint.empty());
}
