// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_candidates.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <span>
#include <vector>

namespace hrsi::jobs {

// The two inputs of SWS/WDS creation (reference §3.8): FSC products, and the Sentinel-1
// slices of the days they were measured.

// The FSC products fsc_rlie_job published (its FSC document confirmed by the broker) within
// `published` (bounds included) and measured at or after `measured_since`, by publication
// then job. The footprint is the worker's (fsc_infos resto.geometry.wkt), "" when absent.
[[nodiscard]] std::vector<FscInput> published_fsc(db::Connection& conn, TimeWindow const& published,
                                                  util::TimePoint measured_since);

// An FSC product of an HR-S&I catalogue answer (resto): its name must be an FSC product's
// (tile and measurement from it). Throws InputError naming the product for another name
// or a missing publication date; the creation date is the publication when not given.
[[nodiscard]] FscInput fsc_input(catalogue::CatalogueProduct const& product);

// How far back the FSC measurements of a window are looked for (the reference's catalogue
// query: startDate at most 30 days before the window).
inline constexpr std::chrono::days fsc_measurement_lookback{30};

// The FSC window: from the last FSC publication an SWS/WDS job recorded, else now minus the
// default search duration, to now.
[[nodiscard]] TimeWindow fsc_window(std::optional<util::TimePoint> last_fsc_published,
                                    int default_days, util::TimePoint now);

// The Sentinel-1 window: from the last S1 publication an SWS/WDS job recorded (else now minus
// the default search duration), or from the first day a new FSC was measured when that is
// earlier (the slices of that day may have been published before), to now.
[[nodiscard]] TimeWindow s1_window(std::optional<util::TimePoint> last_s1_published,
                                   std::span<FscInput const> new_fsc, int default_days,
                                   util::TimePoint now);

}  // namespace hrsi::jobs
