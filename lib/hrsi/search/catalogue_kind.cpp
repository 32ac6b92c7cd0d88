// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/catalogue_kind.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::search {

CatalogueKind parse_catalogue_kind(std::string_view text) {
    if (text == "odata") return CatalogueKind::odata;
    if (text == "resto") return CatalogueKind::resto;
    if (text == "stac") return CatalogueKind::stac;
    throw UsageError(fmt::format("unknown catalogue kind '{}': use odata, resto or stac", text));
}

std::string_view catalogue_kind_name(CatalogueKind kind) noexcept {
    switch (kind) {
    case CatalogueKind::odata: return "odata";
    case CatalogueKind::resto: return "resto";
    case CatalogueKind::stac: return "stac";
    }
    return "odata";
}

std::string_view default_catalogue_url(CatalogueKind kind) noexcept {
    switch (kind) {
    case CatalogueKind::odata: return "https://catalogue.dataspace.copernicus.eu/odata/v1";
    case CatalogueKind::resto: return "https://catalogue.dataspace.copernicus.eu/resto/api";
    case CatalogueKind::stac: return "https://stac.dataspace.copernicus.eu/v1";
    }
    return "";
}

long long default_max_skip(CatalogueKind kind) noexcept {
    switch (kind) {
    case CatalogueKind::odata: return 10000;
    case CatalogueKind::resto: return 10000;
    case CatalogueKind::stac: return 0;
    }
    return 0;
}

}  // namespace hrsi::search
