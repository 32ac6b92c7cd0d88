// SPDX-License-Identifier: Apache-2.0
// hrsi-search's requests: the first page of each kind, with the window, filters and area.
#include <hrsi/error.hpp>
#include <hrsi/search/search_query.hpp>

#include <catch2/catch.hpp>

using hrsi::search::CatalogueKind;
using hrsi::search::SearchQuery;

namespace {

SearchQuery query(CatalogueKind kind, std::string base) {
    SearchQuery q;
    q.kind = kind;
    q.base_url = std::move(base);
    q.since = hrsi::util::parse_time("2024-01-01T00:00:00Z");
    q.until = hrsi::util::parse_time("2024-01-02T00:00:00.5Z");
    q.page_size = 200;
    return q;
}

}  // namespace

TEST_CASE("search::first_request: OData filter, order, page size and area", "[search]") {
    auto q = query(CatalogueKind::odata, "https://example.org/odata/v1/");
    auto filter = hrsi::search::input_filter(CatalogueKind::odata, hrsi::jobs::InputProductType::s2);
    q.collection = filter.collection;
    q.product_type = filter.product_type;
    q.area = "POLYGON((5 43,8 43,8 46,5 46,5 43))";
    auto request = hrsi::search::first_request(q);
    CHECK(request.method == "GET");
    CHECK(request.url.starts_with("https://example.org/odata/v1/Products?%24filter="));
    CHECK(request.url.find("Collection%2FName%20eq%20%27SENTINEL-2%27") != std::string::npos);
    CHECK(request.url.find("%27S2MSI1C%27") != std::string::npos);
    CHECK(request.url.find("PublicationDate%20ge%202024-01-01T00%3A00%3A00Z") != std::string::npos);
    CHECK(request.url.find("PublicationDate%20lt%202024-01-02T00%3A00%3A00.500000Z") != std::string::npos);
    CHECK(request.url.find("OData.CSC.Intersects%28area%3Dgeography%27SRID%3D4326%3BPOLYGON%28%285%2043")
          != std::string::npos);
    CHECK(request.url.find("%24orderby=PublicationDate%20asc") != std::string::npos);
    CHECK(request.url.find("%24top=200") != std::string::npos);
}

TEST_CASE("search::first_request: resto page 1, sorted by publication", "[search]") {
    auto q = query(CatalogueKind::resto, "http://h/resto/api");
    q.collection = "Sentinel2";
    q.product_type = "S2MSI1C";
    auto request = hrsi::search::first_request(q);
    CHECK(request.url.starts_with("http://h/resto/api/collections/Sentinel2/search.json?productType=S2MSI1C"));
    CHECK(request.url.find("publishedAfter=2024-01-01T00%3A00%3A00Z") != std::string::npos);
    CHECK(request.url.find("sortParam=published&sortOrder=ascending&maxRecords=200&page=1") != std::string::npos);
    CHECK(request.url.find("geometry") == std::string::npos);
    CHECK(hrsi::search::resto_page_request(q, 3).url.ends_with("&page=3"));
}

TEST_CASE("search::first_request: STAC POST body and GET parameters", "[search]") {
    auto q = query(CatalogueKind::stac, "http://h/v1");
    q.collection = "sentinel-2-l1c";
    q.area = "POLYGON((5 43,8 43,8 46,5 46,5 43))";
    auto post = hrsi::search::first_request(q);
    CHECK(post.method == "POST");
    CHECK(post.url == "http://h/v1/search");
    CHECK(post.body.find(R"("collections":["sentinel-2-l1c"])") != std::string::npos);
    CHECK(post.body.find(R"("sortby":[{"field":"properties.published","direction":"asc"}])") != std::string::npos);
    CHECK(post.body.find("published >= TIMESTAMP('2024-01-01T00:00:00Z') AND published < "
                         "TIMESTAMP('2024-01-02T00:00:00.500000Z') AND S_INTERSECTS(geometry, POLYGON")
          != std::string::npos);
    q.stac_post = false;
    auto get = hrsi::search::first_request(q);
    CHECK(get.method == "GET");
    CHECK(get.url.starts_with("http://h/v1/search?collections=sentinel-2-l1c&limit=200&sortby=%2Bproperties.published"));
}

TEST_CASE("search::first_request refuses an empty window", "[search]") {
    auto q = query(CatalogueKind::odata, "http://h");
    q.until = q.since;
    CHECK_THROWS_AS(hrsi::search::first_request(q), hrsi::UsageError);
}

TEST_CASE("search::input_filter: a type's input in each catalogue", "[search]") {
    using hrsi::jobs::InputProductType;
    CHECK(hrsi::search::input_filter(CatalogueKind::odata, InputProductType::s1).product_type == "IW_GRDH_1S");
    CHECK(hrsi::search::input_filter(CatalogueKind::stac, InputProductType::s2).collection == "sentinel-2-l1c");
    CHECK(hrsi::search::input_filter(CatalogueKind::odata, InputProductType::none).collection.empty());
}
