// SPDX-License-Identifier: Apache-2.0
// One page of a catalogue answer: items, publication dates, next links; broken pages refused.
#include <hrsi/error.hpp>
#include <hrsi/search/catalogue_page.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using hrsi::search::CatalogueKind;
using hrsi::search::parse_page;

namespace {

std::string data_file(std::string const& name) {
    std::ifstream in(std::string(HRSI_TEST_DATA_DIR) + "/catalogue/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

hrsi::http::Request const get{"GET", "http://h/x", "", ""};

}  // namespace

TEST_CASE("search::parse_page reads the recorded pages of each kind", "[search]") {
    // The recorded OData answer's fourth product has lost its PublicationDate (a case for
    // hrsi-create-jobs): a search cannot order it, so the page is refused.
    CHECK_THROWS_WITH(parse_page(CatalogueKind::odata, data_file("odata_s2_l1c.json"), get, "p"),
                      Catch::Contains("value[3] has no PublicationDate"));
    auto odata = parse_page(CatalogueKind::odata,
                            R"({"value":[{"Name":"S2A_MSIL1C_X.SAFE","PublicationDate":"2024-01-05T13:10:27.143Z",)"
                            R"("Attributes":[{"Name":"cloudCover","Value":12.5}]}]})",
                            get, "p");
    REQUIRE(odata.items.size() == 1);
    CHECK(odata.items[0].id == "S2A_MSIL1C_X.SAFE");
    CHECK(hrsi::util::format_rfc3339(odata.items[0].published) == "2024-01-05T13:10:27.143000Z");
    CHECK(odata.items[0].json.find(R"("cloudCover","Value":12.5)") != std::string::npos);
    CHECK_FALSE(odata.next);
    auto resto = parse_page(CatalogueKind::resto, data_file("resto_s2_l1c.json"), get, "p");
    REQUIRE(resto.next);
    CHECK(resto.next->url.ends_with("&page=2"));
    // Its third STAC item has neither published nor created.
    CHECK_THROWS_WITH(parse_page(CatalogueKind::stac, data_file("stac_s2_l1c.json"), get, "p"),
                      Catch::Contains("features[2] has no properties.published or properties.created"));
}

TEST_CASE("search::parse_page follows OData and STAC next links", "[search]") {
    auto odata = parse_page(CatalogueKind::odata, R"({"value":[],"@odata.nextLink":"http://h/n?$skip=4"})", get, "p");
    REQUIRE(odata.next);
    CHECK(odata.next->url == "http://h/n?$skip=4");
    hrsi::http::Request post{"POST", "http://h/search", R"({"limit":4,"filter":"f"})", "application/json"};
    auto stac = parse_page(CatalogueKind::stac,
                           R"({"features":[],"links":[{"rel":"next","href":"http://h/search","method":"POST",)"
                           R"("body":{"token":"next:4"},"merge":true}]})",
                           post, "p");
    REQUIRE(stac.next);
    CHECK(stac.next->method == "POST");
    CHECK(stac.next->body == R"({"limit":4,"filter":"f","token":"next:4"})");
}

TEST_CASE("search::parse_page refuses truncated and malformed pages", "[search]") {
    auto page = data_file("odata_s2_l1c.json");
    CHECK_THROWS_WITH(parse_page(CatalogueKind::odata, page.substr(0, page.size() / 2), get, "page 2"),
                      Catch::Contains("page 2") && Catch::Contains("truncated"));
    CHECK_THROWS_AS(parse_page(CatalogueKind::odata, R"({"features":[]})", get, "p"), hrsi::InputError);
    CHECK_THROWS_WITH(parse_page(CatalogueKind::odata, R"({"value":[{"Name":"a"}]})", get, "p"),
                      Catch::Contains("PublicationDate"));
    CHECK_THROWS_AS(parse_page(CatalogueKind::resto, R"({"features":[{"id":"a","properties":{"published":"x"}}]})",
                               get, "p"),
                    hrsi::InputError);
}
