// SPDX-License-Identifier: Apache-2.0
#pragma once

// GFSC product ids (reference §3.4, GfscJob.set_product_id, gf.py):
//   GFSC_<YYYYMMDD>-<NNN>_<missions>_T<tile>_<baseline>_<curation unix seconds>
// The orchestrator writes the id with the placeholders "missions" and "processingBaseline";
// the program replaces them (gf.py: S1-S2 and V101) and names the final id in its
// output_info.yaml.

#include <hrsi/util/time.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace hrsi::jobs {

inline constexpr std::string_view gfsc_missions_placeholder = "missions";
inline constexpr std::string_view gfsc_baseline_placeholder = "processingBaseline";

// The id the orchestrator gives a job before processing, exactly as set_product_id writes it:
// GFSC_<product day YYYYMMDD, UTC>-<aggregation_days, 3 digits>_missions_T<tile>_
// processingBaseline_<curation in whole unix seconds>.
// `tile`: the Sentinel-2 tile, "32TLR"; "T32TLR" (the GFSC job's tile_id, as the reference
// stores it) is taken too. Throws InputError for a tile that is not an MGRS tile, an
// aggregation outside 1-999 days (the id has 3 digits for it), a curation before 1970.
[[nodiscard]] std::string gfsc_product_id_template(util::TimePoint product_date, int aggregation_days,
                                                   std::string_view tile, util::TimePoint curation);

// The fields of a final GFSC id.
struct GfscIdParts {
    util::TimePoint product_date;  // the id's day at 00:00 UTC
    int aggregation_days = 0;      // NNN
    std::string missions;          // S1-S2, S2, ...
    std::string tile;              // without the T: 32TLR
    std::string baseline;          // V101
    std::int64_t curation_seconds = 0;
};

// Reads a final id (a bare name, no folder): "GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000".
// Throws InputError with the reason for anything else: another product, a path, a template
// whose placeholders the program has not filled, a bad field (products::parse_hrsi_product's
// checks).
[[nodiscard]] GfscIdParts parse_gfsc_id(std::string_view id);

// Whether `id` is a final id made from `id_template` (gfsc_product_id_template()): the
// template with its two placeholders replaced by the id's missions and baseline, the rest
// (day, aggregation, tile, curation) unchanged. False for an id that is not a final id.
// The worker checks the program's product_title against its job's template with it.
[[nodiscard]] bool gfsc_id_fills_template(std::string_view id, std::string_view id_template);

}  // namespace hrsi::jobs
