// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/search_query.hpp>

#include <hrsi/error.hpp>
#include <hrsi/http/curl_handle.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace hrsi::search {
namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

std::string with_parameters(std::string url, Parameters const& parameters) {
    char separator = url.find('?') == std::string::npos ? '?' : '&';
    for (auto const& [name, value] : parameters) {
        url += separator;
        url += http::escape(name) + "=" + http::escape(value);
        separator = '&';
    }
    return url;
}

std::string trimmed_base(std::string base) {
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

// A string literal of OData and CQL2: in single quotes, quotes doubled.
std::string quoted_literal(std::string const& text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += c;
        if (c == '\'') quoted += '\'';
    }
    return quoted + "'";
}

http::Request odata_request(SearchQuery const& query) {
    std::vector<std::string> terms;
    if (!query.collection.empty()) {
        terms.push_back("Collection/Name eq " + quoted_literal(query.collection));
    }
    if (!query.product_type.empty()) {
        terms.push_back("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and "
                        "att/OData.CSC.StringAttribute/Value eq " + quoted_literal(query.product_type) + ")");
    }
    terms.push_back("PublicationDate ge " + util::format_rfc3339(query.since));
    terms.push_back("PublicationDate lt " + util::format_rfc3339(query.until));
    if (query.area) {
        terms.push_back("OData.CSC.Intersects(area=geography'SRID=4326;" + *query.area + "')");
    }
    std::string filter;
    for (auto const& term : terms) {
        filter += (filter.empty() ? "" : " and ") + term;
    }
    return {"GET",
            with_parameters(trimmed_base(query.base_url) + "/Products",
                            {{"$filter", filter},
                             {"$orderby", "PublicationDate asc"},
                             {"$top", std::to_string(query.page_size)},
                             {"$expand", "Attributes"}}),
            "", ""};
}

std::string stac_filter(SearchQuery const& query) {
    auto filter = fmt::format("published >= TIMESTAMP('{}') AND published < TIMESTAMP('{}')",
                              util::format_rfc3339(query.since), util::format_rfc3339(query.until));
    if (!query.product_type.empty()) {
        filter += " AND \"product:type\" = " + quoted_literal(query.product_type);
    }
    if (query.area) {
        filter += " AND S_INTERSECTS(geometry, " + *query.area + ")";
    }
    return filter;
}

http::Request stac_request(SearchQuery const& query) {
    auto url = trimmed_base(query.base_url) + "/search";
    auto filter = stac_filter(query);
    if (!query.stac_post) {
        Parameters parameters{{"limit", std::to_string(query.page_size)},
                              {"sortby", "+properties.published"},
                              {"filter-lang", "cql2-text"},
                              {"filter", filter}};
        if (!query.collection.empty()) {
            parameters.insert(parameters.begin(), {"collections", query.collection});
        }
        return {"GET", with_parameters(url, parameters), "", ""};
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    if (!query.collection.empty()) {
        writer.Key("collections");
        writer.StartArray();
        writer.String(query.collection.c_str());
        writer.EndArray();
    }
    writer.Key("limit");
    writer.Int(query.page_size);
    writer.Key("sortby");
    writer.StartArray();
    writer.StartObject();
    writer.Key("field");
    writer.String("properties.published");
    writer.Key("direction");
    writer.String("asc");
    writer.EndObject();
    writer.EndArray();
    writer.Key("filter-lang");
    writer.String("cql2-text");
    writer.Key("filter");
    writer.String(filter.c_str());
    writer.EndObject();
    return {"POST", url, buffer.GetString(), "application/json"};
}

}  // namespace

InputFilter input_filter(CatalogueKind kind, jobs::InputProductType input) {
    using jobs::InputProductType;
    switch (input) {
    case InputProductType::s2:
        if (kind == CatalogueKind::odata) return {"SENTINEL-2", "S2MSI1C"};
        if (kind == CatalogueKind::resto) return {"Sentinel2", "S2MSI1C"};
        return {"sentinel-2-l1c", ""};
    case InputProductType::s1:
        if (kind == CatalogueKind::odata) return {"SENTINEL-1", "IW_GRDH_1S"};
        if (kind == CatalogueKind::resto) return {"Sentinel1", "IW_GRDH_1S"};
        return {"sentinel-1-grd", ""};
    case InputProductType::hrsi:
        return {"HRSI", ""};
    case InputProductType::none:
        return {};
    }
    return {};
}

http::Request resto_page_request(SearchQuery const& query, int page) {
    auto base = trimmed_base(query.base_url);
    auto url = query.collection.empty() ? base + "/collections/search.json"
                                        : base + "/collections/" + http::escape(query.collection) + "/search.json";
    Parameters parameters;
    if (!query.product_type.empty()) {
        parameters.emplace_back("productType", query.product_type);
    }
    parameters.emplace_back("publishedAfter", util::format_rfc3339(query.since));
    parameters.emplace_back("publishedBefore", util::format_rfc3339(query.until));
    if (query.area) {
        parameters.emplace_back("geometry", *query.area);
    }
    parameters.emplace_back("sortParam", "published");
    parameters.emplace_back("sortOrder", "ascending");
    parameters.emplace_back("maxRecords", std::to_string(query.page_size));
    parameters.emplace_back("page", std::to_string(page));
    return {"GET", with_parameters(url, parameters), "", ""};
}

http::Request first_request(SearchQuery const& query) {
    if (query.until <= query.since) {
        throw UsageError(fmt::format("empty search window: {} is not before {}",
                                     util::format_rfc3339(query.since), util::format_rfc3339(query.until)));
    }
    switch (query.kind) {
    case CatalogueKind::odata: return odata_request(query);
    case CatalogueKind::resto: return resto_page_request(query, 1);
    case CatalogueKind::stac: return stac_request(query);
    }
    throw InternalError("unknown catalogue kind");
}

}  // namespace hrsi::search
