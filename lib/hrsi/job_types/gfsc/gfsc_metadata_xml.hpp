// SPDX-License-Identifier: Apache-2.0
#pragma once

// What an input GFSC's metadata (<id>_MTD.xml, ISO 19139 as gf2.py writes it) says about the
// products it already holds (reference §5.6, run_gfsc_worker.py find_obsolete_input_products).

#include <hrsi/util/time.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

// The ids its series list names, in its order: the fileIdentifier of the MD_Metadata of every
// MD_Metadata/series/DS_OtherAggregate/seriesMetadata (elements matched by local name, so any
// namespace prefix). An empty series list gives none.
// Throws InputError with the reason ("GFSC metadata: not XML (...)", "... has no
// series/DS_OtherAggregate", "series entry 2 has no MD_Metadata/fileIdentifier/CharacterString").
[[nodiscard]] std::vector<std::string> gfsc_series_ids(std::string_view gfsc_metadata_xml);

// An input product of a GFSC job.
struct GfscInput {
    std::string id;
    std::string kind;  // fsc, wds, sws, gfsc
    util::TimePoint measurement_date;  // its sensing time (the date of its id)
};

// The inputs the input GFSC already holds, as the reference marks them obsolete: for each
// (UTC) day of the FSC, WDS and SWS inputs, all that day's inputs when every one of them is in
// the GFSC's series list, none otherwise (a day partly new is gap-filled again). GFSC inputs
// are never obsolete. In the order of `inputs`, each id once.
// Throws InputError as gfsc_series_ids; InternalError for a kind not in the list above.
[[nodiscard]] std::vector<std::string> obsolete_input_ids(std::string_view gfsc_metadata_xml,
                                                          std::span<GfscInput const> inputs);

}  // namespace hrsi::jobs
