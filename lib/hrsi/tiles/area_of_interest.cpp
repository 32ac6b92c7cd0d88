// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tiles/area_of_interest.hpp>

#include <hrsi/error.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/document.h>

#include <array>

namespace hrsi::tiles {
namespace {

using namespace std::string_view_literals;
constexpr std::array area_names{"EEA39"sv, "EEA39_RLIE"sv, "world"sv};

}  // namespace

AreaOfInterest AreaOfInterest::named(std::string_view name) {
    if (name == "EEA39"sv) return {Kind::eea39, std::string(name)};
    if (name == "EEA39_RLIE"sv) return {Kind::eea39_rlie, std::string(name)};
    if (name == "world"sv) return {Kind::world, std::string(name)};
    throw InputError(fmt::format("unknown area of interest '{}' (known: {})", name,
                                 fmt::join(area_names, ", ")));
}

std::span<std::string_view const> AreaOfInterest::names() noexcept { return area_names; }

bool AreaOfInterest::contains(std::string_view tile) const {
    switch (m_kind) {
    case Kind::world: return true;
    case Kind::eea39: return list_holds(eea39_tiles(), tile);
    case Kind::eea39_rlie:
        return list_holds(eea39_tiles(), tile) && !list_holds(no_rlie_tiles(), tile);
    }
    return false;
}

std::optional<std::string> AreaOfInterest::refusal(std::string_view tile) const {
    if (contains(tile)) return std::nullopt;
    if (tile.size() == 6 && tile.front() == 'T') tile.remove_prefix(1);
    return fmt::format("tile {} is outside the area of interest ({})", tile, m_name);
}

std::vector<std::string_view> AreaOfInterest::tiles() const {
    std::vector<std::string_view> result;
    for (auto tile : eea39_tiles()) {
        if (contains(tile)) result.push_back(tile);
    }
    return result;
}

AreaOfInterest area_for_type(std::string_view parameter_json, std::string_view job_type) {
    rapidjson::Document document;
    document.Parse(parameter_json.data(), parameter_json.size());
    if (document.HasParseError() || !document.IsObject()) {
        throw InputError(fmt::format(
            "area_of_interest is not a JSON object {{\"default\": AREA, \"<job type>\": AREA}}: "
            "'{}'",
            parameter_json));
    }
    for (auto key : {job_type, "default"sv}) {
        auto const member = document.FindMember(
            rapidjson::Value(key.data(), static_cast<rapidjson::SizeType>(key.size())));
        if (member == document.MemberEnd()) continue;
        if (!member->value.IsString()) {
            throw InputError(fmt::format("area_of_interest: the area of '{}' is not a string", key));
        }
        return AreaOfInterest::named(member->value.GetString());
    }
    return AreaOfInterest::named("EEA39");
}

AreaOfInterest area_for_type(db::SystemParameterValues const& parameters,
                             std::string_view job_type) {
    auto const text = parameters.text("area_of_interest");
    return text ? area_for_type(*text, job_type) : AreaOfInterest::named("EEA39");
}

}  // namespace hrsi::tiles
