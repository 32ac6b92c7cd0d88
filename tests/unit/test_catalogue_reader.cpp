// SPDX-License-Identifier: Apache-2.0
#include <hrsi/catalogue/catalogue_input.hpp>
#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using hrsi::catalogue::CatalogueProduct;
using hrsi::catalogue::Format;
using hrsi::catalogue::read_catalogue;
using hrsi::catalogue::ReadSummary;

namespace {

struct ReadResult {
    ReadSummary summary;
    std::vector<CatalogueProduct> products;
};

ReadResult read_text(std::string const& text, Format format = Format::automatic) {
    std::istringstream in(text);
    ReadResult result;
    result.summary = read_catalogue(in, format, [&](CatalogueProduct&& product) {
        result.products.push_back(std::move(product));
    });
    return result;
}

std::string data_file(std::string const& name) {
    return std::string(HRSI_TEST_DATA_DIR) + "/catalogue/" + name;
}

ReadResult read_file(std::string const& name, Format format = Format::automatic) {
    std::ifstream in(data_file(name), std::ios::binary);
    REQUIRE(in);
    ReadResult result;
    result.summary = read_catalogue(in, format, [&](CatalogueProduct&& product) {
        result.products.push_back(std::move(product));
    });
    return result;
}

std::string slurp(std::string const& name) {
    std::ifstream in(data_file(name), std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// RFC 3339, or "-" when there is no time.
std::string when(std::optional<hrsi::util::TimePoint> const& time) {
    return time ? hrsi::util::format_rfc3339(*time) : "-";
}

}  // namespace

TEST_CASE("catalogue::parse_format and format_name name the five formats", "[catalogue]") {
    using hrsi::catalogue::format_name;
    using hrsi::catalogue::parse_format;
    for (auto format : {Format::automatic, Format::odata, Format::resto, Format::stac, Format::list}) {
        CHECK(parse_format(format_name(format)) == format);
    }
    CHECK(format_name(Format::automatic) == "auto");
    CHECK(parse_format("odata") == Format::odata);
    CHECK_THROWS_AS(parse_format("json"), hrsi::UsageError);
    CHECK_THROWS_WITH(parse_format("ODATA"),
                      Catch::Contains("'ODATA'") && Catch::Contains("auto, odata, resto, stac or list"));
}

TEST_CASE("catalogue::read_catalogue reads a CDSE OData answer", "[catalogue]") {
    auto const [summary, products] = read_file("odata_s2_l1c.json");
    CHECK(summary.format == Format::odata);
    CHECK(summary.products == 4);
    REQUIRE(products.size() == 4);

    auto const& first = products[0];
    CHECK(first.name == "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE");
    CHECK(first.path ==
          "/eodata/Sentinel-2/MSI/L1C/2024/01/05/"
          "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE");
    CHECK(when(first.published) == "2024-01-05T13:10:27.143000Z");
    CHECK(when(first.sensing_start) == "2024-01-05T10:34:31.024000Z");
    CHECK(when(first.sensing_end) == "2024-01-05T10:34:31.024000Z");
    CHECK(first.cloud_cover == Approx(12.5));
    CHECK_FALSE(first.snow_cover);
    CHECK(first.source == "value[0]");

    // No Attributes; a publication date without zone or fraction.
    auto const& second = products[1];
    CHECK(second.name == "S2B_MSIL1C_20240105T104309_N0510_R008_T31TGK_20240105T111402.SAFE");
    CHECK(when(second.published) == "2024-01-05T12:03:11Z");
    CHECK(when(second.sensing_start) == "2024-01-05T10:43:09.024000Z");
    CHECK_FALSE(second.cloud_cover);
    CHECK_FALSE(second.snow_cover);
    CHECK(second.source == "value[1]");

    // No ContentDate.End; an attribute with Value before Name; snowCover.
    auto const& third = products[2];
    CHECK(when(third.published) == "2024-01-06T13:01:55.500000Z");
    CHECK(when(third.sensing_start) == "2024-01-06T10:24:21.024000Z");
    CHECK_FALSE(third.sensing_end);
    CHECK(third.cloud_cover == Approx(3.0));
    CHECK(third.snow_cover == Approx(41.07));

    // No S3Path (the path is the name), no PublicationDate, only ContentDate.End.
    auto const& fourth = products[3];
    CHECK(fourth.name == "S2B_MSIL1C_20240107T103329_N0510_R108_T31TGL_20240107T110544.SAFE");
    CHECK(fourth.path == fourth.name);
    CHECK_FALSE(fourth.published);
    CHECK_FALSE(fourth.sensing_start);
    CHECK(when(fourth.sensing_end) == "2024-01-07T10:33:29.024000Z");
    CHECK(fourth.source == "value[3]");
}

TEST_CASE("catalogue::read_catalogue takes an OData name from S3Path and refuses entries "
          "without either",
          "[catalogue]") {
    auto const [summary, products] =
        read_text(R"({"value": [{"S3Path": "/eodata/Sentinel-2/MSI/L1C/2024/01/05/X.SAFE"}]})");
    REQUIRE(products.size() == 1);
    CHECK(products[0].name == "X.SAFE");
    CHECK(products[0].path == "/eodata/Sentinel-2/MSI/L1C/2024/01/05/X.SAFE");

    CHECK_THROWS_WITH(read_text(R"({"value": [{"Name": "A.SAFE"}, {"Id": "x", "Name": null}]})"),
                      Catch::Contains("value[1]") && Catch::Contains("'Name'") &&
                          Catch::Contains("'S3Path'"));
    CHECK_THROWS_AS(read_text(R"({"value": [{"Id": "x"}]})"), hrsi::InputError);
    CHECK_THROWS_WITH(read_text(R"({"value": [{"Name": 42}]})"),
                      Catch::Contains("value[0]") && Catch::Contains("'Name' is a number"));
    CHECK_THROWS_WITH(read_text(R"({"value": [{"Name": "A"}, 7]})"),
                      Catch::Contains("value[1]: not an object"));
}

TEST_CASE("catalogue::read_catalogue names the product and field of a bad date or number",
          "[catalogue]") {
    CHECK_THROWS_WITH(
        read_text(R"({"value": [{"Name": "A"}, {"Name": "B", "PublicationDate": "yesterday"}]})"),
        Catch::Contains("value[1]") && Catch::Contains("'PublicationDate'") &&
            Catch::Contains("'yesterday'"));
    CHECK_THROWS_WITH(
        read_text(R"({"value": [{"Name": "A", "ContentDate": {"Start": 20240105}}]})"),
        Catch::Contains("value[0]") && Catch::Contains("'ContentDate.Start' is a number"));
    CHECK_THROWS_WITH(
        read_text(R"({"features": [{"properties": {"productIdentifier": "/eodata/a/B.SAFE",
                      "startDate": "2021-04-31T10:00:00Z"}}]})"),
        Catch::Contains("features[0]") && Catch::Contains("'properties.startDate'"));
    CHECK_THROWS_WITH(
        read_text(R"({"features": [{"properties": {"productIdentifier": "/eodata/a/B.SAFE",
                      "cloudCover": "cloudy"}}]})"),
        Catch::Contains("features[0]") && Catch::Contains("'properties.cloudCover'") &&
            Catch::Contains("'cloudy'"));
    CHECK_THROWS_AS(read_text(R"({"value": [{"Name": "A", "PublicationDate": {"x": 1}}]})"),
                    hrsi::InputError);
}

TEST_CASE("catalogue::read_catalogue reads a resto/Finder answer", "[catalogue]") {
    auto const [summary, products] = read_file("resto_s2_l1c.json");
    CHECK(summary.format == Format::resto);
    CHECK(summary.products == 3);
    REQUIRE(products.size() == 3);

    auto const& first = products[0];
    CHECK(first.name == "S2B_MSIL1C_20210412T100549_N0300_R022_T33UVR_20210412T121312.SAFE");
    CHECK(first.path ==
          "/eodata/Sentinel-2/MSI/L1C/2021/04/12/"
          "S2B_MSIL1C_20210412T100549_N0300_R022_T33UVR_20210412T121312.SAFE");
    CHECK(when(first.published) == "2021-04-12T14:02:51.402000Z");
    CHECK(when(first.sensing_start) == "2021-04-12T10:05:49.024000Z");
    CHECK(when(first.sensing_end) == "2021-04-12T10:05:49.024000Z");
    CHECK(first.cloud_cover == Approx(12.340021));
    CHECK(first.snow_cover == Approx(0.0));
    CHECK(first.source == "features[0]");

    // No title: the name is the last part of productIdentifier; cloudCover null, snowCover
    // a numeric string.
    auto const& second = products[1];
    CHECK(second.name == "S2B_MSIL1C_20210412T100549_N0300_R022_T33UUR_20210412T121312.SAFE");
    CHECK(second.path.starts_with("/eodata/Sentinel-2/MSI/L1C/2021/04/12/"));
    CHECK_FALSE(second.cloud_cover);
    CHECK(second.snow_cover == Approx(1.5));
    CHECK(second.source == "features[1]");

    // No completionDate, no snowCover; title before productIdentifier.
    auto const& third = products[2];
    CHECK(third.name == "S2A_MSIL1C_20210413T101021_N0300_R022_T32TMS_20210413T122446.SAFE");
    CHECK(when(third.published) == "2021-04-13T13:55:00Z");
    CHECK(when(third.sensing_start) == "2021-04-13T10:10:21.024000Z");
    CHECK_FALSE(third.sensing_end);
    CHECK(third.cloud_cover == Approx(88.0));
    CHECK_FALSE(third.snow_cover);
}

TEST_CASE("catalogue::read_catalogue reads a STAC ItemCollection", "[catalogue]") {
    auto const [summary, products] = read_file("stac_s2_l1c.json");
    CHECK(summary.format == Format::stac);
    CHECK(summary.products == 4);
    REQUIRE(products.size() == 4);

    // The "Product" asset's s3 alternate wins over an earlier band asset's.
    auto const& first = products[0];
    CHECK(first.name == "S2A_MSIL1C_20240308T100841_N0510_R022_T33UVR_20240308T120512");
    CHECK(first.path ==
          "/eodata/Sentinel-2/MSI/L1C/2024/03/08/"
          "S2A_MSIL1C_20240308T100841_N0510_R022_T33UVR_20240308T120512.SAFE");
    CHECK(when(first.sensing_start) == "2024-03-08T10:08:41.024000Z");
    CHECK(when(first.sensing_end) == "2024-03-08T10:08:41.024000Z");
    CHECK(when(first.published) == "2024-03-08T12:33:52Z");
    CHECK(first.cloud_cover == Approx(7.25));
    CHECK_FALSE(first.snow_cover);
    CHECK(first.source == "features[0]");

    // datetime null: start_datetime; no published: created; "s3://EODATA" -> "/eodata".
    auto const& second = products[1];
    CHECK(second.name == "S2B_MSIL1C_20240309T103019_N0510_R108_T31TGL_20240309T111733.SAFE");
    CHECK(second.path ==
          "/eodata/Sentinel-2/MSI/L1C/2024/03/09/"
          "S2B_MSIL1C_20240309T103019_N0510_R108_T31TGL_20240309T111733.SAFE");
    CHECK(when(second.sensing_start) == "2024-03-09T10:30:19Z");
    CHECK(when(second.sensing_end) == "2024-03-09T10:30:19.500000Z");
    CHECK(when(second.published) == "2024-03-09T11:50:00Z");
    CHECK_FALSE(second.cloud_cover);

    // No product asset: the first /eodata href; cloud cover as a string.
    auto const& third = products[2];
    CHECK(third.path ==
          "/eodata/Sentinel-2/MSI/L1C/2024/03/10/"
          "S2A_MSIL1C_20240310T102021_N0510_R065_T32TLR_20240310T122501.SAFE/MTD_MSIL1C.xml");
    CHECK_FALSE(third.published);
    CHECK_FALSE(third.sensing_end);
    CHECK(third.cloud_cover == Approx(55.5));

    // No storage asset: the path is the id.
    auto const& fourth = products[3];
    CHECK(fourth.name == "S2B_MSIL1C_20240311T100549_N0510_R022_T33UUR_20240311T104455");
    CHECK(fourth.path == fourth.name);
    CHECK(when(fourth.sensing_start) == "2024-03-11T10:05:49Z");
    CHECK(fourth.source == "features[3]");
}

TEST_CASE("catalogue::read_catalogue reads a plain list", "[catalogue]") {
    auto const [summary, products] = read_file("list_s2_l1c.txt");
    CHECK(summary.format == Format::list);
    CHECK(summary.products == 4);
    REQUIRE(products.size() == 4);
    CHECK(products[0].name == "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE");
    CHECK(products[0].path == products[0].name);
    CHECK(products[0].source == "line 4");
    CHECK(products[1].name == "S2B_MSIL1C_20240105T104309_N0510_R008_T31TGK_20240105T111402.SAFE");
    CHECK(products[1].path ==
          "/eodata/Sentinel-2/MSI/L1C/2024/01/05/"
          "S2B_MSIL1C_20240105T104309_N0510_R008_T31TGK_20240105T111402.SAFE");
    CHECK(products[1].source == "line 5");
    CHECK(products[2].name == "S2A_MSIL1C_20240106T102421_N0510_R065_T32TLR_20240106T122013.SAFE");
    CHECK(products[2].path.ends_with(".SAFE/"));
    CHECK(products[2].source == "line 7");
    CHECK(products[3].name == "S2B_MSIL1C_20240107T103329_N0510_R108_T31TGL_20240107T110544");
    CHECK(products[3].source == "line 9");
    for (auto const& product : products) {
        CHECK_FALSE(product.published);
        CHECK_FALSE(product.sensing_start);
        CHECK_FALSE(product.cloud_cover);
    }
}

TEST_CASE("catalogue::read_catalogue reads lists with CRLF, comments and no final newline",
          "[catalogue]") {
    auto const [summary, products] =
        read_text("\r\n\r\n# header\r\n  A.SAFE \r\n\t/eodata/x/B.SAFE#trailing\r\n#\r\n\r\nC");
    CHECK(summary.format == Format::list);
    REQUIRE(products.size() == 3);
    CHECK(products[0].name == "A.SAFE");
    CHECK(products[0].path == "A.SAFE");
    CHECK(products[0].source == "line 4");
    CHECK(products[1].name == "B.SAFE");
    CHECK(products[1].path == "/eodata/x/B.SAFE");
    CHECK(products[1].source == "line 5");
    CHECK(products[2].name == "C");
    CHECK(products[2].source == "line 8");

    CHECK_THROWS_WITH(read_text("A.SAFE\n / \n"), Catch::Contains("line 2"));
    CHECK_THROWS_WITH(read_text(std::string("A.SAFE\nB\0C\n", 11)),
                      Catch::Contains("line 2") && Catch::Contains("NUL"));
    // A UTF-8 byte order mark is not part of the first name.
    auto const bom = read_text("\xEF\xBB\xBF" "A.SAFE\n");
    REQUIRE(bom.products.size() == 1);
    CHECK(bom.products[0].name == "A.SAFE");
}

TEST_CASE("catalogue::read_catalogue detects the format from the content", "[catalogue]") {
    CHECK(read_file("odata_s2_l1c.json").summary.format == Format::odata);
    CHECK(read_file("resto_s2_l1c.json").summary.format == Format::resto);
    CHECK(read_file("stac_s2_l1c.json").summary.format == Format::stac);
    CHECK(read_file("list_s2_l1c.txt").summary.format == Format::list);

    // Forced formats that match read the same.
    CHECK(read_file("odata_s2_l1c.json", Format::odata).products.size() == 4);
    CHECK(read_file("resto_s2_l1c.json", Format::resto).products.size() == 3);
    CHECK(read_file("stac_s2_l1c.json", Format::stac).products.size() == 4);
    CHECK(read_file("list_s2_l1c.txt", Format::list).products.size() == 4);

    // Features are told apart one by one; the summary names the first one's format.
    auto const mixed = read_text(R"({"type": "FeatureCollection", "features": [
        {"properties": {"productIdentifier": "/eodata/S2/R.SAFE"}},
        {"stac_version": "1.0.0", "id": "S", "properties": {"datetime": "2024-01-01T00:00:00Z"}},
        {"id": "T", "assets": {"product": {"href": "s3://eodata/S2/T.SAFE"}}, "properties": {}},
        {"properties": {"title": "U.SAFE"}},
        {"id": "V"}]})");
    CHECK(mixed.summary.format == Format::resto);
    REQUIRE(mixed.products.size() == 5);
    CHECK(mixed.products[0].name == "R.SAFE");
    CHECK(mixed.products[1].name == "S");
    CHECK(when(mixed.products[1].sensing_start) == "2024-01-01T00:00:00Z");
    CHECK(mixed.products[2].path == "/eodata/S2/T.SAFE");
    CHECK(mixed.products[3].path == "U.SAFE");
    CHECK(mixed.products[4].path == "V");

    CHECK_THROWS_WITH(read_text(R"({"features": [{"id": null, "properties": {}}]})"),
                      Catch::Contains("features[0]"));
    CHECK_THROWS_WITH(read_text(R"({"features": [{"type": "Feature"}]})"),
                      Catch::Contains("features[0]"));
    CHECK_THROWS_WITH(read_text(R"({"value": [], "features": []})"),
                      Catch::Contains("both"));

    // An empty features array: STAC when the collection says so.
    CHECK(read_text(R"({"features": []})").summary.format == Format::resto);
    CHECK(read_text(R"({"stac_version": "1.0.0", "features": []})").summary.format ==
          Format::stac);
    CHECK(read_text(R"({"value": []})").summary.format == Format::odata);
}

TEST_CASE("catalogue::read_catalogue refuses content that does not match a forced format",
          "[catalogue]") {
    CHECK_THROWS_WITH(read_file("resto_s2_l1c.json", Format::odata),
                      Catch::Contains("--format odata") && Catch::Contains("'features'"));
    CHECK_THROWS_WITH(read_file("stac_s2_l1c.json", Format::odata),
                      Catch::Contains("--format odata"));
    CHECK_THROWS_WITH(read_file("odata_s2_l1c.json", Format::resto),
                      Catch::Contains("--format resto") && Catch::Contains("'value'"));
    CHECK_THROWS_WITH(read_file("odata_s2_l1c.json", Format::stac),
                      Catch::Contains("--format stac"));
    CHECK_THROWS_WITH(read_file("resto_s2_l1c.json", Format::stac),
                      Catch::Contains("--format stac") && Catch::Contains("features[0]"));
    CHECK_THROWS_WITH(read_file("stac_s2_l1c.json", Format::resto),
                      Catch::Contains("--format resto") && Catch::Contains("features[0]"));
    CHECK_THROWS_WITH(read_file("odata_s2_l1c.json", Format::list),
                      Catch::Contains("JSON") && Catch::Contains("line 1"));
    CHECK_THROWS_WITH(read_file("list_s2_l1c.txt", Format::odata),
                      Catch::Contains("not JSON") && Catch::Contains("line 1"));
    CHECK_THROWS_AS(read_file("list_s2_l1c.txt", Format::stac), hrsi::InputError);
}

TEST_CASE("catalogue::read_catalogue reports broken JSON with its position", "[catalogue]") {
    std::string const odata = slurp("odata_s2_l1c.json");
    // Truncated in the middle of the second product.
    auto const cut = odata.find("\"Checksum\": []");
    REQUIRE(cut != std::string::npos);
    std::vector<CatalogueProduct> seen;
    std::istringstream truncated(odata.substr(0, cut + 5));
    CHECK_THROWS_WITH(read_catalogue(truncated, Format::automatic,
                                     [&](CatalogueProduct&& p) { seen.push_back(std::move(p)); }),
                      Catch::Contains(fmt::format("broken JSON at byte {}", cut + 5)) &&
                          Catch::Contains("(in value[1])"));
    CHECK(seen.size() == 1);  // the products before the break were handed on

    // A bad token: RapidJSON's text and the byte offset.
    std::string const bad = R"({"value": [{"Name": @}]})";
    CHECK_THROWS_WITH(read_text(bad),
                      Catch::Contains(fmt::format("byte {} (in value[0])", bad.find('@'))) &&
                          Catch::Contains("Invalid value"));
    CHECK_THROWS_WITH(read_text(R"({"value": [{"Name": "A"} {"Name": "B"}]})"),
                      Catch::Contains("broken JSON at byte 25") &&
                          Catch::Contains("Missing a comma or ']'"));
    CHECK_THROWS_WITH(read_text("{\"value\": []} trailing"), Catch::Contains("broken JSON"));
    CHECK_THROWS_AS(read_text("{"), hrsi::InputError);
    CHECK_THROWS_AS(read_text("{\"value\": [{\"Name\": \"unterminated}]}"), hrsi::InputError);
}

TEST_CASE("catalogue::read_catalogue refuses JSON that is not a catalogue answer",
          "[catalogue]") {
    for (auto text : {"{}", "[]", "  [ {\"Name\": \"A\"} ]", R"({"value": 3})",
                      R"({"features": {"a": 1}})", R"({"Value": []})",
                      R"({"type": "Feature", "properties": {"productIdentifier": "/eodata/A"}})"}) {
        INFO(text);
        CHECK_THROWS_WITH(read_text(text),
                          Catch::Contains("not a catalogue answer: no 'value' (OData) or "
                                          "'features' (GeoJSON/STAC) array"));
    }
    CHECK_THROWS_AS(read_text("{}", Format::odata), hrsi::InputError);
}

TEST_CASE("catalogue::read_catalogue reads empty input as no products", "[catalogue]") {
    for (auto format : {Format::automatic, Format::odata, Format::resto, Format::stac, Format::list}) {
        for (auto text : {"", "   \n\r\n\t", "\xEF\xBB\xBF"}) {
            auto const result = read_text(text, format);
            CHECK(result.products.empty());
            CHECK(result.summary.products == 0);
        }
    }
    CHECK(read_text("# only comments\n\n#\n").products.empty());
}

TEST_CASE("catalogue::read_catalogue skips unknown fields however deep", "[catalogue]") {
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += i % 2 == 0 ? "[" : "{\"k\":";
    deep += "1";
    for (int i = 19999; i >= 0; --i) deep += i % 2 == 0 ? "]" : "}";
    auto const text = fmt::format(
        R"({{"deep": {0}, "value": [{{"Extra": {0}, "Name": "A.SAFE", "ContentDate": {{"x": {0},
            "Start": "2024-01-01T00:00:00Z"}}, "Attributes": [{0}, {{"Name": "cloudCover",
            "Value": 5, "More": {0}}}], "Name2": "B"}}], "after": {0}}})",
        deep);
    auto const [summary, products] = read_text(text);
    REQUIRE(products.size() == 1);
    CHECK(products[0].name == "A.SAFE");
    CHECK(when(products[0].sensing_start) == "2024-01-01T00:00:00Z");
    CHECK(products[0].cloud_cover == Approx(5.0));

    // Fields of the wanted names in the wrong places do not count.
    auto const nested = read_text(R"({"value": [{"Name": "A", "Checksum": [{"Name": "B",
        "S3Path": "/x"}], "GeoFootprint": {"PublicationDate": "bad"}}]})");
    REQUIRE(nested.products.size() == 1);
    CHECK(nested.products[0].path == "A");
    CHECK_FALSE(nested.products[0].published);
}

TEST_CASE("catalogue::read_catalogue lets the callback's exceptions through", "[catalogue]") {
    std::istringstream in(slurp("odata_s2_l1c.json"));
    int calls = 0;
    CHECK_THROWS_WITH(read_catalogue(in, Format::automatic,
                                     [&](CatalogueProduct&&) {
                                         if (++calls == 2) throw std::runtime_error("database gone");
                                     }),
                      "database gone");
    CHECK(calls == 2);
}

TEST_CASE("catalogue::read_catalogue streams large inputs", "[catalogue]") {
    SECTION("200,000 list lines") {
        std::stringstream text;
        for (int i = 0; i < 200000; ++i) {
            text << "/eodata/Sentinel-2/MSI/L1C/2024/01/05/S2A_MSIL1C_20240105T103431_N0510_R108_T"
                 << i << "_20240105T123456.SAFE\r\n";
            if (i % 1000 == 0) text << "# page " << i / 1000 << "\n\n";
        }
        std::int64_t count = 0;
        std::string last;
        auto const summary = read_catalogue(text, Format::automatic, [&](CatalogueProduct&& p) {
            ++count;
            last = p.source;
        });
        CHECK(summary.format == Format::list);
        CHECK(count == 200000);
        CHECK(summary.products == 200000);
        CHECK(last == "line 200400");
    }
    SECTION("50,000 OData entries") {
        std::stringstream text;
        text << R"({"@odata.context": "$metadata#Products", "value": [)";
        for (int i = 0; i < 50000; ++i) {
            if (i > 0) text << ',';
            text << fmt::format(
                R"({{"Id": "{0:08x}-0000", "Name": "S2A_MSIL1C_20240105T103431_N0510_R108_T{0}_20240105T123456.SAFE",
                "S3Path": "/eodata/Sentinel-2/MSI/L1C/2024/01/05/S2A_MSIL1C_20240105T103431_N0510_R108_T{0}_20240105T123456.SAFE",
                "PublicationDate": "2024-01-05T13:10:27.{1:06}Z",
                "ContentDate": {{"Start": "2024-01-05T10:34:31.024Z", "End": "2024-01-05T10:34:31.024Z"}},
                "GeoFootprint": {{"type": "Polygon", "coordinates": [[[6.2, 44.1], [7.5, 44.1], [7.5, 45.1], [6.2, 44.1]]]}},
                "Attributes": [{{"Name": "cloudCover", "Value": {2}}}]}})",
                i, i % 1000000, i % 101);
        }
        text << R"(], "@odata.nextLink": "https://example.com/next"})";
        std::int64_t count = 0;
        double cloud = 0;
        auto const summary = read_catalogue(text, Format::automatic, [&](CatalogueProduct&& p) {
            ++count;
            cloud += p.cloud_cover.value_or(0);
        });
        CHECK(summary.format == Format::odata);
        CHECK(count == 50000);
        CHECK(summary.products == 50000);
        CHECK(cloud == Approx(50000 / 101 * (100 * 101 / 2) + (50000 % 101) * (50000 % 101 - 1) / 2));
    }
}

TEST_CASE("catalogue::read_catalogue reads the same across block boundaries", "[catalogue]") {
    using hrsi::catalogue::detail::InputBlocks;
    using hrsi::catalogue::detail::InputCursor;
    // Every string, number and line crosses a block boundary somewhere with tiny blocks.
    auto const read_in_blocks = [](std::string const& text, std::size_t block_size, bool json) {
        std::istringstream in(text);
        InputBlocks blocks(in, block_size);
        InputCursor cursor(blocks);
        std::vector<CatalogueProduct> products;
        auto const collect = [&](CatalogueProduct&& p) { products.push_back(std::move(p)); };
        if (json) {
            hrsi::catalogue::detail::read_json(cursor, Format::automatic, collect);
        } else {
            hrsi::catalogue::detail::read_list(cursor, 1, collect);
        }
        return products;
    };
    auto const same = [](std::vector<CatalogueProduct> const& a,
                         std::vector<CatalogueProduct> const& b) {
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            INFO(a[i].source);
            CHECK(a[i].name == b[i].name);
            CHECK(a[i].path == b[i].path);
            CHECK(when(a[i].published) == when(b[i].published));
            CHECK(when(a[i].sensing_start) == when(b[i].sensing_start));
            CHECK(when(a[i].sensing_end) == when(b[i].sensing_end));
            CHECK(a[i].cloud_cover == b[i].cloud_cover);
            CHECK(a[i].snow_cover == b[i].snow_cover);
            CHECK(a[i].source == b[i].source);
        }
    };
    for (auto name : {"odata_s2_l1c.json", "resto_s2_l1c.json", "stac_s2_l1c.json"}) {
        INFO(name);
        auto const text = slurp(name);
        auto const whole = read_file(name).products;
        for (std::size_t size : {16, 17, 31, 4096}) same(read_in_blocks(text, size, true), whole);
    }
    auto const list = slurp("list_s2_l1c.txt");
    same(read_in_blocks(list, 16, false), read_file("list_s2_l1c.txt").products);

    // Escapes are decoded wherever they fall.
    std::string const escaped =
        R"({"value": [{"Name": "S2A_\u00e9t\u00e9_\"quoted\"_\\_\/x.SAFE", "S3Path": "/eodata/a\tb"}]})";
    for (std::size_t size : {16, 17, 18, 19, 20, 4096}) {
        INFO(size);
        auto const products = read_in_blocks(escaped, size, true);
        REQUIRE(products.size() == 1);
        CHECK(products[0].name == "S2A_\xC3\xA9t\xC3\xA9_\"quoted\"_\\_/x.SAFE");
        CHECK(products[0].path == "/eodata/a\tb");
    }

    // Error offsets count from the start of the input, whatever the block.
    std::string const bad = R"({"value": [{"Name": "A"}, {"Name": "B", "S3Path": @}]})";
    for (std::size_t size : {16, 4096}) {
        CHECK_THROWS_WITH(read_in_blocks(bad, size, true),
                          Catch::Contains(fmt::format("byte {} (in value[1])", bad.find('@'))));
    }
}
