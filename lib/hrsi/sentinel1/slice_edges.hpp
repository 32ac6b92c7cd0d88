// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>
#include <hrsi/sentinel1/slice.hpp>

#include <optional>
#include <vector>

namespace hrsi::sentinel1 {

// The corners of a slice footprint: its first edge (where the satellite enters it) and its
// last edge, each from the near-range side to the far-range side (the radar looks right).
struct SliceEdges {
    geometry::Point first_near;
    geometry::Point first_far;
    geometry::Point last_near;
    geometry::Point last_far;
};

// The outer ring of a footprint that is a Polygon or a MultiPolygon of one polygon; nullopt
// for anything else.
[[nodiscard]] std::optional<std::vector<geometry::Point>> outer_ring(
    geometry::Geometry const& footprint);

// The edges of a lon/lat footprint ring over Europe (the reference's rule): ascending, the
// first edge runs from the southernmost to the easternmost vertex and the last from the
// westernmost to the northernmost; descending, the first from the easternmost to the
// northernmost and the last from the southernmost to the westernmost. nullopt when the
// corners are not in the order this implies (a footprint the assembly cannot orient).
[[nodiscard]] std::optional<SliceEdges> slice_edges(std::vector<geometry::Point> const& ring,
                                                    Pass pass);

}  // namespace hrsi::sentinel1
