// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/http/client.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/search/catalogue_kind.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>

namespace hrsi::search {

// One catalogue search: the products published in [since, until), oldest first.
struct SearchQuery {
    CatalogueKind kind = CatalogueKind::odata;
    std::string base_url;                // without the endpoint (…/odata/v1, …/resto/api, …/v1)
    std::string collection;              // empty: every collection
    std::string product_type;            // empty: every product type of the collection
    util::TimePoint since;               // publication at or after
    util::TimePoint until;               // publication before
    std::optional<std::string> area;     // WKT in EPSG:4326 lon/lat: products that intersect it
    int page_size = 1000;                // products per page
    bool stac_post = true;               // STAC: POST /search (else GET)
};

// The collection and product type a kind of catalogue calls a job type's input
// (INPUT_PRODUCT_TYPE): S2 L1C, S1 GRD IW, HR-S&I products; none (test_job) asks for every
// product of the window.
struct InputFilter {
    std::string collection;
    std::string product_type;
};
[[nodiscard]] InputFilter input_filter(CatalogueKind kind, jobs::InputProductType input);

// The request of the first page:
// - odata: GET {base}/Products?$filter=Collection/Name eq '…' and <productType attribute> and
//   PublicationDate ge … and PublicationDate lt … [and OData.CSC.Intersects(area=geography'SRID=4326;WKT')]
//   &$orderby=PublicationDate asc&$top=N&$expand=Attributes
// - resto: GET {base}/collections/{collection}/search.json?productType=…&publishedAfter=…
//   &publishedBefore=…&sortParam=published&sortOrder=ascending&maxRecords=N&page=1[&geometry=WKT]
// - stac: POST {base}/search {"collections", "limit", "sortby" published ascending, a CQL2 text
//   filter on published [and S_INTERSECTS(geometry, WKT)]}, or the same as GET parameters.
[[nodiscard]] http::Request first_request(SearchQuery const& query);

// resto without a next link: the same request for page `page` (1 is the first).
[[nodiscard]] http::Request resto_page_request(SearchQuery const& query, int page);

}  // namespace hrsi::search
