// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace hrsi::jobs {

// The rules of GFSC creation (reference §3.9, gfsc_job.py get_jobs_to_create) that need no
// database: which products trigger a job, its inputs, and the daily jobs of the tiles that
// had no input on a day.

// One published FSC, WDS or SWS product (fsc_rlie_job's FSC, sws_wds_job's WDS and SWS).
struct GfscInputProduct {
    std::string id;               // the name: FSC_20240105T104031_S2A_T32TLR_V102_1
    std::string path;             // as the producing job recorded it (/eodata/HRSI/CLMS/…)
    std::string kind;             // "fsc", "wds" or "sws"
    std::string tile;             // without the T: 32TLR
    util::TimePoint measurement;  // the name's date
    util::TimePoint published;    // the broker's confirmation
};

// One published GFSC product.
struct GfscOutput {
    std::string id;
    std::string path;
    std::string tile;             // without the T
    util::TimePoint product_date; // 00:00 UTC of its day
    util::TimePoint curation;     // its curation timestamp
    util::TimePoint published;
};

// What creation reads from the database (gfsc_inputs.hpp).
struct GfscInputs {
    // The products published in the trigger window, by publication.
    std::vector<GfscInputProduct> triggers;
    // The FSC, WDS and SWS products of the triggers' tiles (or of every tile, for the daily
    // jobs) sensed in the days looked at, published by the curation time.
    std::vector<GfscInputProduct> products;
    // The published GFSC products of the days looked at: the latest of each tile and day.
    std::vector<GfscOutput> gfsc;
    // (tile, product day, product id) of the triggers and inputs of the GFSC jobs of those days.
    std::set<std::tuple<std::string, util::TimePoint, std::string>> used_triggers;
};

// One job to create.
struct GfscCandidate {
    std::string tile;               // without the T
    util::TimePoint product_date;   // 00:00 UTC
    std::string trigger_id;
    util::TimePoint trigger_published;
    std::vector<GfscInputProduct> fsc, wds, sws;  // by sensing time
    std::optional<GfscOutput> gfsc;        // the tile's latest GFSC
    bool before_processing_start = false;  // product day before 2020-05-01: created cancelled
};

// Why a candidate was not made (refused or already made), for the creation summary.
struct GfscSkip {
    std::string product;
    std::string reason;
};

struct GfscTriggered {
    std::vector<GfscCandidate> candidates;  // by trigger publication
    std::vector<GfscSkip> refused;          // tiles outside the area, too old
    std::vector<std::string> duplicates;    // triggers already used for their tile and day
};

// The rules of a triggered creation.
struct GfscTriggerRules {
    util::TimePoint curation;        // now, to the second
    util::TimePoint window_start;    // the trigger window's start (last trigger's publication − 1 s)
    int timespan = 7;                // gapfilling_search_default_duration_in_days
    std::optional<std::string> last_trigger;   // the last inserted job's trigger: never again
    std::function<bool(std::string_view)> in_area;  // the tile (without T) is in the type's area
};

// The operational start (reference __PROCESSING_START_DATE): earlier product days are
// created cancelled.
[[nodiscard]] util::TimePoint gfsc_processing_start();

// The sensing window of a product day's inputs: [day − (timespan − 1) days, end of the day],
// or [.., curation] when the day is the curation's.
struct SensingWindow {
    util::TimePoint from;
    util::TimePoint to;
};
[[nodiscard]] SensingWindow gfsc_input_window(util::TimePoint product_date, util::TimePoint curation, int timespan);

// The tile's latest GFSC (by curation, then day) of a day in [day − 2 × timespan, day]
// published by `until`, or nothing.
[[nodiscard]] std::optional<GfscOutput> latest_gfsc(std::span<GfscOutput const> gfsc, std::string_view tile,
                                                    util::TimePoint day, int timespan, util::TimePoint until);

// The jobs the triggers make: one per tile and product day, WDS and SWS triggers first then
// FSC, each with the tile's inputs of its window and latest GFSC; tiles outside the area and
// FSC sensed more than `timespan` days before the window refused; a trigger already used by a
// job of its tile and day, and the last job's trigger, skipped; sorted by trigger publication.
[[nodiscard]] GfscTriggered gfsc_triggered_candidates(GfscTriggerRules const& rules, GfscInputs const& inputs);

// The daily jobs of `day`: none when no FSC, WDS or SWS was sensed that day (an outage is
// likely: `outage` is set); else one per tile of `tiles` (without T) with no input that day,
// from its latest GFSC, unless it has none, it is for that day already, or it is `timespan`
// days old or more. The trigger is the GFSC; its publication `trigger_published`.
struct GfscDaily {
    bool outage = false;
    std::vector<GfscCandidate> candidates;
    std::int64_t tiles_without_input = 0;
    std::int64_t too_old = 0;
    std::int64_t without_gfsc = 0;
};
[[nodiscard]] GfscDaily gfsc_daily_candidates(util::TimePoint day, util::TimePoint curation, int timespan,
                                              std::span<std::string_view const> tiles, GfscInputs const& inputs,
                                              util::TimePoint trigger_published);

// The days the daily pass decides at `now`: from `next` (the day after the last decided one,
// else gfsc_daily_jobs_creation_start_date, else yesterday) to yesterday, during the night
// hours of the reference (22, 23, 0, 1, 2 UTC); none at other hours.
[[nodiscard]] std::vector<util::TimePoint> gfsc_daily_days(util::TimePoint now,
                                                           std::optional<util::TimePoint> last_decided,
                                                           std::optional<util::TimePoint> start_date);

// Product ids: the kind ("fsc", "wds", "sws", "gfsc") of a name; its quality flag (the last
// field: "1" nominal, "0" provisional; empty for a GFSC); the name with the flag toggled
// (nothing for a GFSC or another flag).
[[nodiscard]] std::string gfsc_product_kind(std::string_view id);
[[nodiscard]] std::string product_mode(std::string_view id);
[[nodiscard]] std::optional<std::string> toggled_mode_id(std::string_view id);

}  // namespace hrsi::jobs
