// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/rlies1s2/rlies1s2_candidates.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;
using util::day_of;

std::string day_text(util::TimePoint day) {
    return fmt::format("{:%Y-%m-%d}", floor<days>(day));
}

// Mean measurement in seconds since the epoch (the reference's mean over the names' dates).
double mean_measurement(std::span<RlieProduct const> products) {
    double sum = 0;
    for (auto const& product : products) {
        sum += duration<double>(product.measurement.time_since_epoch()).count();
    }
    return sum / static_cast<double>(products.size());
}

// One day's products, by tile (and, for RLIE-S1, by satellite).
struct DayProducts {
    std::map<std::string, std::vector<RlieProduct>, std::less<>> s2;
    std::map<std::string, std::vector<RlieProduct>, std::less<>> s1;
};

std::map<util::TimePoint, DayProducts> by_day(RlieS1S2Inputs const& inputs) {
    std::map<util::TimePoint, DayProducts> days;
    for (auto const& product : inputs.s2) days[product.day].s2[product.tile].push_back(product);
    for (auto const& product : inputs.s1) days[product.day].s1[product.tile].push_back(product);
    return days;
}

// The day's candidates, by tile.
std::vector<RlieS1S2Candidate> day_candidates(util::TimePoint day, DayProducts const& products,
                                              RlieS1S2Inputs const& inputs,
                                              std::span<std::string_view const> tiles) {
    std::vector<RlieS1S2Candidate> candidates;
    for (auto const& [tile, s2] : products.s2) {
        if (!std::binary_search(tiles.begin(), tiles.end(), std::string_view(tile))) continue;
        if (inputs.existing.contains({day, tile})) continue;
        auto const s1 = products.s1.find(tile);
        if (s1 == products.s1.end()) continue;
        candidates.push_back({day, tile, closest_satellite(s2, s1->second), s2});
    }
    return candidates;
}

}  // namespace

util::TimePoint first_search_day(util::TimePoint now, int min_delay_hours) {
    auto day = day_of(now) - days(1);
    if (now - (day + days(1)) < hours(min_delay_hours)) day -= days(1);
    return day;
}

util::TimePoint last_search_day(DaySearch const& search) {
    return std::max(search.earliest, search.start_day - days(search.max_days));
}

std::vector<RlieProduct> closest_satellite(std::span<RlieProduct const> s2, std::span<RlieProduct const> s1) {
    std::map<std::string, std::vector<RlieProduct>> by_satellite;
    for (auto const& product : s1) by_satellite[product.mission].push_back(product);
    if (by_satellite.empty() || s2.empty()) return {};
    double const s2_mean = mean_measurement(s2);
    std::vector<RlieProduct> const* closest = nullptr;
    double closest_distance = 0;
    for (auto const& [mission, products] : by_satellite) {
        double const distance = std::abs(mean_measurement(products) - s2_mean);
        if (closest == nullptr || distance < closest_distance) {
            closest = &products;
            closest_distance = distance;
        }
    }
    return *closest;
}

std::vector<RlieS1S2Candidate> rlies1s2_candidates(DaySearch const& search, RlieS1S2Inputs const& inputs,
                                                   std::span<std::string_view const> tiles,
                                                   util::TimePoint now, util::Log const& log) {
    auto const days_products = by_day(inputs);
    std::vector<RlieS1S2Candidate> result;
    bool later_day_made_jobs = true;  // the start day is searched whatever
    for (auto day = search.start_day;; day -= days(1)) {
        auto const back = search.start_day - day;
        if (day < search.earliest) {
            log.info("rlies1s2: search stops before {} (rlies1s2_earliest_date)", day_text(day));
            break;
        }
        if (back > days(search.max_days)) {
            log.info("rlies1s2: search stops at {} days before {} (rlies1s2_max_search_window_days)",
                     search.max_days, day_text(search.start_day));
            break;
        }
        if (!later_day_made_jobs && back > days(search.min_days)) {
            log.info("rlies1s2: search stops at {}: nothing was left to create on {} and {} days are searched "
                     "(rlies1s2_min_search_window_days)", day_text(day), day_text(day + days(1)), search.min_days);
            break;
        }
        later_day_made_jobs = false;
        auto const pending = std::count(inputs.s1_pending_days.begin(), inputs.s1_pending_days.end(), day);
        if (pending > 0 && now - (day + days(1)) <= hours(search.wait_hours)) {
            log.info("rlies1s2: {} skipped: it ended less than {} h ago and {} RLIE-S1 job(s) of that day are "
                     "still on their way", day_text(day), search.wait_hours, pending);
            continue;
        }
        auto const found = days_products.find(day);
        if (found == days_products.end()) continue;
        auto candidates = day_candidates(day, found->second, inputs, tiles);
        log.info("rlies1s2: {}: {} job(s) to create", day_text(day), candidates.size());
        later_day_made_jobs = !candidates.empty();
        // Days are searched backwards; the jobs are made oldest first.
        result.insert(result.begin(), std::make_move_iterator(candidates.begin()),
                      std::make_move_iterator(candidates.end()));
    }
    return result;
}

}  // namespace hrsi::jobs
