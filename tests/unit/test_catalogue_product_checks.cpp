// SPDX-License-Identifier: Apache-2.0
#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/catalogue/product_checks.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace hrsi;
using namespace hrsi::catalogue;
using namespace std::chrono_literals;

namespace {

std::vector<CatalogueProduct> read(std::string const& text) {
    std::istringstream in(text);
    std::vector<CatalogueProduct> products;
    read_catalogue(in, Format::automatic, [&](CatalogueProduct&& product) { products.push_back(std::move(product)); });
    return products;
}

constexpr char const* l1c = "S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T122414";

CatalogueProduct product(std::string path, std::optional<util::TimePoint> published = {}) {
    CatalogueProduct p;
    p.path = std::move(path);
    auto slash = p.path.find_last_of('/');
    p.name = slash == std::string::npos ? p.path : p.path.substr(slash + 1);
    p.published = published;
    p.source = "value[0]";
    return p;
}

}  // namespace

TEST_CASE("over-long names and paths are refused at parse time, shown shortened", "[catalogue][security]") {
    std::string const long_name(10 * 1024 * 1024, 'A');
    for (auto const& text : {R"({"value":[{"Name":")" + long_name + R"("}]})", long_name + "\n",
                             R"({"features":[{"stac_version":"1.0.0","id":")" + long_name + R"("}]})"}) {
        try {
            read(text);
            FAIL("a 10 MiB name was accepted");
        } catch (InputError const& error) {
            std::string const message = error.what();
            // The list reader bounds its lines first; JSON readers name the limit of names.
            CHECK((message.find("longer than") != std::string::npos));
            CHECK(message.size() < 400);
        }
    }
    CHECK(read(R"({"value":[{"Name":")" + std::string(max_name_length, 'A') + R"("}]})").size() == 1);
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"x","S3Path":"/eodata/)" + std::string(max_path_length, 'p') + R"("}]})"),
                      Catch::Contains("path") && Catch::Contains("longer than") && Catch::Contains("4096"));
}

TEST_CASE("control characters in names are refused with a clear message", "[catalogue][security]") {
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"S2B\tMSIL1C"}]})"),
                      Catch::Contains("value[0]") && Catch::Contains("a tab") && Catch::Contains("S2B\\tMSIL1C"));
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"a\r\nb"}]})"), Catch::Contains("a carriage return"));
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"a\u0000b"}]})"), Catch::Contains("a NUL byte"));
    CHECK_THROWS_WITH(read(R"({"features":[{"properties":{"productIdentifier":"/eodata/a\nb"}}]})"),
                      Catch::Contains("a line feed"));
    CHECK_THROWS_WITH(read("/eodata/a\x01" "b\n"), Catch::Contains("a control character"));
    CHECK_THROWS_AS(read("name\twith-tab\n"), InputError);
}

TEST_CASE("year 0 and dates out of range are refused for every format", "[catalogue][security]") {
    CHECK_THROWS_AS(util::parse_time("0000-01-01T00:00:00Z"), InputError);
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"x","PublicationDate":"0000-06-01T00:00:00Z"}]})"),
                      Catch::Contains("PublicationDate"));
    CHECK_THROWS_WITH(read(R"({"value":[{"Name":"x","ContentDate":{"Start":"1900-06-01T00:00:00Z"}}]})"),
                      Catch::Contains("sensing start") && Catch::Contains("year 1900"));
    CHECK_THROWS_WITH(
        read(R"({"features":[{"properties":{"productIdentifier":"/eodata/x","published":"1969-12-31T23:59:59Z"}}]})"),
        Catch::Contains("publication date") && Catch::Contains("1970-01-01"));
    CHECK(read(R"({"value":[{"Name":"x","PublicationDate":"9999-12-31T00:00:00Z"}]})").size() == 1);
}

TEST_CASE("paths with '..', root and empty names are refused with the reason", "[catalogue][security]") {
    auto const now = util::parse_time("2026-01-01T00:00:00Z");
    CHECK_FALSE(refusal_reason(product(std::string("/eodata/Sentinel-2/MSI/L1C/2025/01/05/") + l1c + ".SAFE"), now, 60min));
    CHECK_FALSE(refusal_reason(product(l1c), now, 60min));
    CHECK_FALSE(refusal_reason(product("s3://eodata/Sentinel-2/x.SAFE"), now, 60min));
    auto const traversal = refusal_reason(product(std::string("/eodata/../secret/") + l1c + ".SAFE"), now, 60min);
    REQUIRE(traversal);
    CHECK_THAT(*traversal, Catch::Contains("'..'") && Catch::Contains("value[0]"));
    CHECK(refusal_reason(product("/eodata/./x"), now, 60min));
    CHECK(refusal_reason(product("s3://bucket/../other/x"), now, 60min));
    auto root = product("/");
    root.name = "/";
    CHECK_THAT(*refusal_reason(root, now, 60min), Catch::Contains("names no product"));
    CHECK(refusal_reason(product("."), now, 60min));
    CHECK(refusal_reason(product(".."), now, 60min));
    auto empty = product("/eodata/x");
    empty.name = "";
    CHECK(refusal_reason(empty, now, 60min));
}

TEST_CASE("publication dates beyond the clock-skew tolerance are refused", "[catalogue][security]") {
    auto const now = util::parse_time("2026-01-01T00:00:00Z");
    CHECK_FALSE(refusal_reason(product("/eodata/x", now + 59min), now, 60min));
    auto const reason = refusal_reason(product("/eodata/x", util::parse_time("9999-12-31T00:00:00Z")), now, 60min);
    REQUIRE(reason);
    CHECK_THAT(*reason, Catch::Contains("9999-12-31") && Catch::Contains("publication_date_tolerance_minutes"));
    CHECK(refusal_reason(product("/eodata/x", now + 2min), now, 1min));
}

TEST_CASE("shortened: bounded, control characters visible", "[catalogue][security]") {
    CHECK(shortened("abc") == "abc");
    CHECK(shortened("a\tb\n\x01") == "a\\tb\\n\\x01");
    auto const long_text = shortened(std::string(100'000'000, 'x'));
    CHECK(long_text.size() < 120);
    CHECK_THAT(long_text, Catch::EndsWith("… (100000000 bytes)"));
}

TEST_CASE("STAC items named in sentinel:product_id or s2:product_uri", "[catalogue][security]") {
    auto const products = read(std::string(R"({"type":"FeatureCollection","features":[)") +
                               R"({"stac_version":"1.0.0","id":"S2B_32TLR_20250105_0_L1C","properties":)"
                               R"({"datetime":"2025-01-05T10:34:29Z","s2:product_uri":")" + l1c + R"(.SAFE"}},)"
                               R"({"stac_version":"0.9.0","id":"S2B_32TLR_20250105_0","properties":)"
                               R"({"datetime":"2025-01-05T10:34:29Z","sentinel:product_id":")" + l1c + R"("}},)"
                               R"({"stac_version":"1.0.0","id":")" + l1c + R"(","properties":{"datetime":"2025-01-05T10:34:29Z"}}]})");
    REQUIRE(products.size() == 3);
    CHECK(products[0].name == std::string(l1c) + ".SAFE");
    CHECK(products[1].name == l1c);
    CHECK(products[2].name == l1c);
}

TEST_CASE("db: connection strings libpq cannot parse are still checked for a password", "[db][security]") {
    CHECK(db::conninfo_has_password("host=x password=secret"));
    CHECK(db::conninfo_has_password("postgresql://u:secret@h/db"));
    // Unparsable for libpq, yet they carry a password.
    CHECK(db::conninfo_has_password("host=x password=secret 'unterminated"));
    CHECK(db::conninfo_has_password("postgresql://u:secret@h:notaport/db"));
    CHECK(db::conninfo_has_password("host = x PASSWORD = secret bogus"));
    CHECK_FALSE(db::conninfo_has_password("host=x 'unterminated"));
    CHECK_FALSE(db::conninfo_has_password("postgresql://u@h:notaport/db"));
}
