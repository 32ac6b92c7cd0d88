// SPDX-License-Identifier: Apache-2.0
// INPUT_PRODUCT_TYPE: creation's one filter of catalogue products by a type's input kind.
#include <hrsi/jobs/input_products.hpp>

#include <catch2/catch.hpp>

#include <variant>

using namespace hrsi;

namespace {

constexpr char const* l1c = "S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248.SAFE";
constexpr char const* l2a = "S2B_MSIL2A_20240112T103431_N0510_R108_T32TLR_20240112T123456.SAFE";
constexpr char const* s1 = "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE";
constexpr char const* fsc = "FSC_20250105T103429_S2B_T32TLR_V102_0";

jobs::JobTypeInfo info_taking(jobs::InputProductType input) {
    jobs::JobTypeInfo info{};
    info.type_name = "some_job";
    info.input_product_type = input;
    return info;
}

std::vector<catalogue::CatalogueProduct> products_named(std::initializer_list<char const*> names) {
    std::vector<catalogue::CatalogueProduct> products;
    for (auto const* name : names) {
        catalogue::CatalogueProduct product;
        product.path = std::string("/eodata/somewhere/") + name;
        products.push_back(product);
    }
    return products;
}

}  // namespace

TEST_CASE("input products: an s2 type gets its L1Cs parsed, in order, and the others refused with the reason",
          "[jobs][input]") {
    auto const result = jobs::accept_input_products(info_taking(jobs::InputProductType::s2),
                                                    products_named({l2a, l1c, s1, fsc, l1c}));
    REQUIRE(result.accepted.size() == 2);
    auto const& parsed = std::get<products::Sentinel2L1c>(*result.accepted[0].parsed);
    CHECK(parsed.tile == "31TGL");
    CHECK(parsed.product_id == "S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248");
    CHECK(result.accepted[0].catalogue.path == std::string("/eodata/somewhere/") + l1c);
    REQUIRE(result.refused.size() == 3);
    CHECK(result.refused[0].product == std::string("/eodata/somewhere/") + l2a);
    CHECK_THAT(result.refused[0].reason, Catch::Contains("L2A") && Catch::Contains("some_job"));
    CHECK_THAT(result.refused[1].reason, Catch::Contains("Sentinel-1"));
    CHECK_THAT(result.refused[2].reason, Catch::Contains("some_job"));
}

TEST_CASE("input products: s1 and HR-S&I types take their own kind only", "[jobs][input]") {
    auto const s1_result = jobs::accept_input_products(info_taking(jobs::InputProductType::s1),
                                                       products_named({l1c, s1}));
    REQUIRE(s1_result.accepted.size() == 1);
    CHECK(std::get<products::Sentinel1>(*s1_result.accepted[0].parsed).mission == "S1A");
    REQUIRE(s1_result.refused.size() == 1);
    CHECK_THAT(s1_result.refused[0].reason, Catch::Contains("some_job"));

    auto const hrsi_result = jobs::accept_input_products(info_taking(jobs::InputProductType::hrsi),
                                                         products_named({fsc, s1}));
    REQUIRE(hrsi_result.accepted.size() == 1);
    CHECK(std::get<products::HrsiProduct>(*hrsi_result.accepted[0].parsed).product_type == "FSC");
    CHECK(hrsi_result.refused.size() == 1);
}

TEST_CASE("input products: a type without an input kind takes any name, unparsed", "[jobs][input]") {
    auto products = products_named({l1c, "anything at all"});
    products.push_back({});
    products.back().name = "bare-name";
    auto const result = jobs::accept_input_products(info_taking(jobs::InputProductType::none), std::move(products));
    REQUIRE(result.accepted.size() == 3);
    CHECK(result.refused.empty());
    CHECK_FALSE(result.accepted[0].parsed.has_value());
    CHECK(result.accepted[2].catalogue.name == "bare-name");
}
