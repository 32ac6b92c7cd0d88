// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/catalogue_page.hpp>

#include <hrsi/error.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

namespace hrsi::search {
namespace {

using rapidjson::Value;

std::string serialized(Value const& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return {buffer.GetString(), buffer.GetSize()};
}

Value const* member(Value const& object, char const* name) {
    if (!object.IsObject()) return nullptr;
    auto found = object.FindMember(name);
    return found == object.MemberEnd() ? nullptr : &found->value;
}

std::optional<std::string> string_member(Value const& object, char const* name) {
    auto const* value = member(object, name);
    if (value == nullptr || !value->IsString() || value->GetStringLength() == 0) return std::nullopt;
    return std::string(value->GetString(), value->GetStringLength());
}

util::TimePoint publication(std::optional<std::string> const& text, std::string const& where,
                            std::string const& item, char const* field) {
    if (!text) {
        throw InputError(fmt::format("{}: {} has no {}: the catalogue's answer cannot be put in "
                                     "publication order", where, item, field));
    }
    try {
        return util::parse_time(*text);
    } catch (InputError const& e) {
        throw InputError(fmt::format("{}: {}: {}: {}", where, item, field, e.what()));
    }
}

PageItem odata_item(Value const& value, std::string const& where, std::size_t index) {
    auto item = fmt::format("value[{}]", index);
    auto id = string_member(value, "Name");
    if (!id) id = string_member(value, "Id");
    if (!id) throw InputError(fmt::format("{}: {} has neither Name nor Id", where, item));
    return {*id, publication(string_member(value, "PublicationDate"), where, item, "PublicationDate"),
            serialized(value)};
}

PageItem feature_item(CatalogueKind kind, Value const& value, std::string const& where, std::size_t index) {
    auto item = fmt::format("features[{}]", index);
    Value const* properties = member(value, "properties");
    if (properties == nullptr || !properties->IsObject()) {
        throw InputError(fmt::format("{}: {} has no properties object", where, item));
    }
    auto id = string_member(value, "id");
    if (!id) id = string_member(*properties, "productIdentifier");
    if (!id) throw InputError(fmt::format("{}: {} has no id", where, item));
    auto published = string_member(*properties, "published");
    char const* field = "properties.published";
    if (!published && kind == CatalogueKind::stac) {
        published = string_member(*properties, "created");
        field = "properties.published or properties.created";
    }
    return {*id, publication(published, where, item, field), serialized(value)};
}

// The href of the first "next" link of a links array, with the link itself.
Value const* next_link(Value const* links) {
    if (links == nullptr || !links->IsArray()) return nullptr;
    for (auto const& link : links->GetArray()) {
        auto rel = string_member(link, "rel");
        if (rel && *rel == "next" && string_member(link, "href")) return &link;
    }
    return nullptr;
}

// A STAC next link: GET href, or POST href with its body (merged into the previous body
// when "merge" is true).
http::Request stac_next(Value const& link, http::Request const& request, std::string const& where) {
    auto href = *string_member(link, "href");
    auto method = string_member(link, "method").value_or("GET");
    if (method == "GET") return {"GET", href, "", ""};
    if (method != "POST") {
        throw InputError(fmt::format("{}: next link with method {}: only GET and POST are known", where, method));
    }
    rapidjson::Document body;
    Value const* link_body = member(link, "body");
    auto const* merge = member(link, "merge");
    if (merge != nullptr && merge->IsBool() && merge->GetBool() && request.method == "POST") {
        body.Parse(request.body.c_str(), request.body.size());
        if (body.HasParseError() || !body.IsObject()) body.SetObject();
    } else {
        body.SetObject();
    }
    if (link_body != nullptr && link_body->IsObject()) {
        for (auto const& m : link_body->GetObject()) {
            Value copy(m.value, body.GetAllocator());
            if (body.HasMember(m.name)) {
                body[m.name] = copy;
            } else {
                body.AddMember(Value(m.name, body.GetAllocator()), copy, body.GetAllocator());
            }
        }
    }
    return {"POST", href, serialized(body), "application/json"};
}

}  // namespace

CataloguePage parse_page(CatalogueKind kind, std::string const& body, http::Request const& request,
                         std::string const& where) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseFullPrecisionFlag>(body.c_str(), body.size());
    if (document.HasParseError()) {
        throw InputError(fmt::format("{}: not a complete JSON answer ({} at byte {} of {}): the page is "
                                     "truncated or malformed; nothing was written",
                                     where, rapidjson::GetParseError_En(document.GetParseError()),
                                     document.GetErrorOffset(), body.size()));
    }
    char const* array_name = kind == CatalogueKind::odata ? "value" : "features";
    Value const* items = member(document, array_name);
    if (items == nullptr || !items->IsArray()) {
        throw InputError(fmt::format("{}: the answer has no {}[] array: not a {} search answer "
                                     "(check --catalogue and --url)",
                                     where, array_name, catalogue_kind_name(kind)));
    }
    CataloguePage page;
    page.items.reserve(items->Size());
    std::size_t index = 0;
    for (auto const& value : items->GetArray()) {
        page.items.push_back(kind == CatalogueKind::odata ? odata_item(value, where, index)
                                                          : feature_item(kind, value, where, index));
        ++index;
    }
    if (kind == CatalogueKind::odata) {
        if (auto next = string_member(document, "@odata.nextLink")) page.next = http::Request{"GET", *next, "", ""};
    } else if (kind == CatalogueKind::resto) {
        Value const* properties = member(document, "properties");
        if (properties != nullptr) {
            auto const* links = member(*properties, "links");
            page.has_links = links != nullptr && links->IsArray();
            if (auto const* link = next_link(member(*properties, "links"))) {
                page.next = http::Request{"GET", *string_member(*link, "href"), "", ""};
            }
            auto const* per_page = member(*properties, "itemsPerPage");
            page.says_empty = per_page != nullptr && per_page->IsNumber() && per_page->GetDouble() == 0;
        }
    } else if (auto const* link = next_link(member(document, "links"))) {
        page.next = stac_next(*link, request, where);
    }
    return page;
}

}  // namespace hrsi::search
