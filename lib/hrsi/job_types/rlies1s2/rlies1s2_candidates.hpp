// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hrsi::jobs {

// The rules of RLIE-S1+S2 creation (reference §3.7, rlies1s2_job.py get_jobs_to_create) that
// need no database: which days are searched, and per day and tile which products are merged.

// One published RLIE product: an S2 one (fsc_rlie_job's rlie_path) or an RLIE-S1 one.
struct RlieProduct {
    std::string path;             // as the producing job recorded it (/eodata/HRSI/CLMS/…)
    std::string tile;             // without the T: 32TLR
    std::string mission;          // S2A, S1A, …
    util::TimePoint measurement;  // the name's date
    util::TimePoint day;          // 00:00 UTC of the producing job's measurement day
    util::TimePoint published;    // the broker's confirmation
};

// What creation reads from the database for the searched days.
struct RlieS1S2Inputs {
    std::vector<RlieProduct> s2;
    std::vector<RlieProduct> s1;
    // The measurement day of each RLIE-S1 job still on its way (neither published, done nor failed).
    std::vector<util::TimePoint> s1_pending_days;
    // (process day, tile) of the RLIE-S1+S2 jobs that exist.
    std::set<std::pair<util::TimePoint, std::string>> existing;
};

// The search: its first day and bounds (system parameters rlies1s2_*).
struct DaySearch {
    util::TimePoint start_day;          // the latest day searched
    util::TimePoint earliest;           // rlies1s2_earliest_date
    int min_days = 7;                   // rlies1s2_min_search_window_days
    int max_days = 31;                  // rlies1s2_max_search_window_days
    int wait_hours = 24;                // rlies1s2_max_delay_from_end_of_day_hours_wait_for_rlie_products
};

// One job to create.
struct RlieS1S2Candidate {
    util::TimePoint day;
    std::string tile;
    std::vector<RlieProduct> s1;  // of one satellite
    std::vector<RlieProduct> s2;
};

// The day before the day of `now`, or the day before that while the end of yesterday is less
// than `min_delay_hours` ago (rlies1s2_min_delay_from_end_of_day_hours).
[[nodiscard]] util::TimePoint first_search_day(util::TimePoint now, int min_delay_hours);

// The earliest day the search looks at (what creation reads the inputs from).
[[nodiscard]] util::TimePoint last_search_day(DaySearch const& search);

// The RLIE-S1 products of the satellite whose mean measurement is closest to the mean of the
// S2 products' (ties: the first satellite by name); empty when `s1` is.
[[nodiscard]] std::vector<RlieProduct> closest_satellite(std::span<RlieProduct const> s2,
                                                         std::span<RlieProduct const> s1);

// The jobs to create, oldest first: days from search.start_day backwards, while not before
// the earliest date, at most max_days before the start, and beyond min_days only while the
// later day made jobs; a day whose end is less than wait_hours before `now` is skipped while
// RLIE-S1 jobs of that day are on their way; on each day, every tile of `tiles` (sorted) that
// has no job yet and has both S2 RLIE and RLIE-S1 products.
[[nodiscard]] std::vector<RlieS1S2Candidate> rlies1s2_candidates(
    DaySearch const& search, RlieS1S2Inputs const& inputs, std::span<std::string_view const> tiles,
    util::TimePoint now, util::Log const& log);

}  // namespace hrsi::jobs
