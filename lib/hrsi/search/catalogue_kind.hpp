// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace hrsi::search {

// The catalogue APIs hrsi-search speaks.
enum class CatalogueKind {
    odata,  // Copernicus Data Space OData: value[], @odata.nextLink, $skip/$top
    resto,  // resto/OpenSearch (the reference's Finder): features[], page/maxRecords, next links
    stac,   // STAC API item search: features[], next links (GET or POST)
};

// "odata", "resto", "stac"; throws UsageError naming the valid ones.
[[nodiscard]] CatalogueKind parse_catalogue_kind(std::string_view text);
[[nodiscard]] std::string_view catalogue_kind_name(CatalogueKind kind) noexcept;

// The public Copernicus Data Space endpoint of a kind, used when no URL is given.
[[nodiscard]] std::string_view default_catalogue_url(CatalogueKind kind) noexcept;

// How deep a kind can page by offset before it refuses (CDSE OData: $skip at most 10,000); a
// window with more products is split by publication time. 0: no limit (STAC pages by token).
[[nodiscard]] long long default_max_skip(CatalogueKind kind) noexcept;

}  // namespace hrsi::search
