// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/system_parameters.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hrsi::tiles {

// The tiles a job type works on: the system parameter `area_of_interest` names one area per
// type. Areas:
//   EEA39       the 1,054 tiles of data/eea39 (the reference's products area; the default)
//   EEA39_RLIE  EEA39 without the 54 no-RLIE tiles (the reference's RLIE-S1+S2 area)
//   world       no restriction
class AreaOfInterest {
public:
    // Throws InputError naming the known areas for another name.
    [[nodiscard]] static AreaOfInterest named(std::string_view name);

    [[nodiscard]] std::string const& name() const noexcept { return m_name; }
    // False for "world".
    [[nodiscard]] bool restricted() const noexcept { return m_kind != Kind::world; }
    // Whether the tile (with or without its T) is in the area.
    [[nodiscard]] bool contains(std::string_view tile) const;
    // "tile 54PXA is outside the area of interest (EEA39)", or nothing when it is inside.
    [[nodiscard]] std::optional<std::string> refusal(std::string_view tile) const;
    // The area's tiles, sorted (every EEA39 tile for "world": the grid knows no others).
    [[nodiscard]] std::vector<std::string_view> tiles() const;

    // The known names, for messages and completion.
    [[nodiscard]] static std::span<std::string_view const> names() noexcept;

private:
    enum class Kind { eea39, eea39_rlie, world };
    AreaOfInterest(Kind kind, std::string name) : m_kind(kind), m_name(std::move(name)) {}
    Kind m_kind;
    std::string m_name;
};

// The area of `job_type` in the parameter's JSON object {"default": AREA, "<job type>": AREA}:
// the type's own entry, else "default", else EEA39. Throws InputError for JSON that is not
// such an object or an unknown area.
[[nodiscard]] AreaOfInterest area_for_type(std::string_view parameter_json,
                                           std::string_view job_type);
// The same from the system parameters read for a run (`area_of_interest`).
[[nodiscard]] AreaOfInterest area_for_type(db::SystemParameterValues const& parameters,
                                           std::string_view job_type);

}  // namespace hrsi::tiles
