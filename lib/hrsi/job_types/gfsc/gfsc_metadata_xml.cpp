// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_metadata_xml.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace hrsi::jobs {
namespace {

constexpr std::string_view source = "GFSC metadata";

std::string_view local_name(std::string_view name) {
    auto const colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool named(pugi::xml_node node, std::string_view name) {
    return node.type() == pugi::node_element && local_name(node.name()) == name;
}

// The first direct child element of that local name.
pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (auto const node : parent.children()) {
        if (named(node, name)) return node;
    }
    return {};
}

// The id a series entry names: seriesMetadata/MD_Metadata/fileIdentifier/CharacterString.
std::string entry_id(pugi::xml_node entry, std::size_t number) {
    auto const text = child(child(child(entry, "MD_Metadata"), "fileIdentifier"), "CharacterString");
    auto const id = util::trimmed(text.text().get());
    if (!text || id.empty()) {
        throw InputError(fmt::format("{}: series entry {} has no MD_Metadata/fileIdentifier/CharacterString",
                                     source, number));
    }
    return std::string(id);
}

bool kind_is_known(std::string_view kind) {
    return kind == "fsc" || kind == "wds" || kind == "sws" || kind == "gfsc";
}

}  // namespace

std::vector<std::string> gfsc_series_ids(std::string_view gfsc_metadata_xml) {
    pugi::xml_document document;
    auto const parsed = document.load_buffer(gfsc_metadata_xml.data(), gfsc_metadata_xml.size());
    if (!parsed) {
        throw InputError(fmt::format("{}: not XML ({} at byte {})", source, parsed.description(), parsed.offset));
    }
    auto const root = document.document_element();
    if (!named(root, "MD_Metadata")) {
        throw InputError(fmt::format("{}: the root element is <{}>, not MD_Metadata", source, root.name()));
    }
    auto const aggregate = child(child(root, "series"), "DS_OtherAggregate");
    if (!aggregate) throw InputError(fmt::format("{}: has no series/DS_OtherAggregate", source));
    std::vector<std::string> ids;
    for (auto const entry : aggregate.children()) {
        if (named(entry, "seriesMetadata")) ids.push_back(entry_id(entry, ids.size() + 1));
    }
    return ids;
}

std::vector<std::string> obsolete_input_ids(std::string_view gfsc_metadata_xml,
                                            std::span<GfscInput const> inputs) {
    for (auto const& input : inputs) {
        if (!kind_is_known(input.kind)) {
            throw InternalError(fmt::format("GFSC input {} of unknown kind '{}' (fsc, wds, sws or gfsc)",
                                            input.id, input.kind));
        }
    }
    auto const series = gfsc_series_ids(gfsc_metadata_xml);
    std::set<std::string_view> const held(series.begin(), series.end());
    // Per day: whether every FSC, WDS and SWS input of that day is held.
    std::map<std::chrono::sys_days, bool> day_held;
    auto day_of = [](GfscInput const& input) { return std::chrono::floor<std::chrono::days>(input.measurement_date); };
    for (auto const& input : inputs) {
        if (input.kind == "gfsc") continue;
        auto const day = day_held.try_emplace(day_of(input), true).first;
        day->second = day->second && held.contains(input.id);
    }
    std::vector<std::string> obsolete;
    for (auto const& input : inputs) {
        if (input.kind == "gfsc" || !day_held.at(day_of(input))) continue;
        if (std::find(obsolete.begin(), obsolete.end(), input.id) == obsolete.end()) obsolete.push_back(input.id);
    }
    return obsolete;
}

}  // namespace hrsi::jobs
