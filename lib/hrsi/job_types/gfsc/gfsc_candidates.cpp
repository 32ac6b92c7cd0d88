// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_candidates.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;
using util::day_of;

// The reference's limit on WDS and SWS triggers (a constant of gfsc_job.py: products sensed
// before it are reprocessing, not NRT).
util::TimePoint nrt_start_limit() {
    return sys_days(year(2022) / January / 1);
}

// The products of one tile sensed in the window, by kind, by sensing time.
void add_inputs(GfscCandidate& candidate, std::span<GfscInputProduct const> products, SensingWindow window,
                util::TimePoint until) {
    for (auto const& product : products) {
        if (product.tile != candidate.tile || product.published > until) continue;
        if (product.measurement < window.from || product.measurement > window.to) continue;
        auto& list = product.kind == "fsc" ? candidate.fsc : product.kind == "wds" ? candidate.wds : candidate.sws;
        list.push_back(product);
    }
    for (auto* list : {&candidate.fsc, &candidate.wds, &candidate.sws}) {
        std::stable_sort(list->begin(), list->end(),
                         [](GfscInputProduct const& a, GfscInputProduct const& b) { return a.measurement < b.measurement; });
    }
}

// Why a trigger makes no job, or nothing.
std::optional<std::string> trigger_refusal(GfscTriggerRules const& rules, GfscInputProduct const& trigger) {
    if (!rules.in_area(trigger.tile)) {
        return fmt::format("tile {} is outside the area of interest of gfsc_job", trigger.tile);
    }
    if (trigger.kind == "fsc" && trigger.measurement < rules.window_start - days(rules.timespan)) {
        return fmt::format("FSC sensed on {:%Y-%m-%d}, more than {} days before the trigger window: a reprocessed "
                           "product, not a trigger",
                           day_of(trigger.measurement), rules.timespan);
    }
    if (trigger.kind != "fsc" && trigger.measurement < std::min(rules.window_start, nrt_start_limit())) {
        return fmt::format("{} sensed on {:%Y-%m-%d}, before the NRT limit: a reprocessed product, not a trigger",
                           trigger.kind, day_of(trigger.measurement));
    }
    return std::nullopt;
}

}  // namespace

util::TimePoint gfsc_processing_start() {
    return sys_days(year(2020) / May / 1);
}

SensingWindow gfsc_input_window(util::TimePoint product_date, util::TimePoint curation, int timespan) {
    auto const day = day_of(product_date);
    auto const to = day == day_of(curation) ? curation : day + days(1) - microseconds(1);
    return {day - days(timespan - 1), to};
}

std::optional<GfscOutput> latest_gfsc(std::span<GfscOutput const> gfsc, std::string_view tile, util::TimePoint day,
                                      int timespan, util::TimePoint until) {
    std::optional<GfscOutput> best;
    for (auto const& product : gfsc) {
        if (product.tile != tile || product.published > until) continue;
        if (product.product_date > day || product.product_date < day - days(2 * timespan)) continue;
        if (!best || std::tie(product.curation, product.product_date) > std::tie(best->curation, best->product_date)) {
            best = product;
        }
    }
    return best;
}

GfscTriggered gfsc_triggered_candidates(GfscTriggerRules const& rules, GfscInputs const& inputs) {
    GfscTriggered result;
    std::vector<GfscInputProduct const*> triggers;
    for (auto const& trigger : inputs.triggers) {
        if (rules.last_trigger && trigger.id == *rules.last_trigger) continue;
        if (auto reason = trigger_refusal(rules, trigger)) {
            result.refused.push_back({trigger.id, std::move(*reason)});
            continue;
        }
        if (inputs.used_triggers.contains({trigger.tile, day_of(trigger.measurement), trigger.id})) {
            result.duplicates.push_back(trigger.id);
            continue;
        }
        triggers.push_back(&trigger);
    }
    // One job per tile and day: WDS and SWS triggers first (a job they trigger needs no wait),
    // then FSC.
    std::stable_partition(triggers.begin(), triggers.end(), [](GfscInputProduct const* t) { return t->kind != "fsc"; });
    std::set<std::pair<std::string, util::TimePoint>> taken;
    for (auto const* trigger : triggers) {
        auto const day = day_of(trigger->measurement);
        if (!taken.emplace(trigger->tile, day).second) continue;
        GfscCandidate candidate;
        candidate.tile = trigger->tile;
        candidate.product_date = day;
        candidate.trigger_id = trigger->id;
        candidate.trigger_published = trigger->published;
        add_inputs(candidate, inputs.products, gfsc_input_window(day, rules.curation, rules.timespan), rules.curation);
        candidate.gfsc = latest_gfsc(inputs.gfsc, trigger->tile, day, rules.timespan, rules.curation);
        candidate.before_processing_start = day < gfsc_processing_start();
        result.candidates.push_back(std::move(candidate));
    }
    std::stable_sort(result.candidates.begin(), result.candidates.end(),
                     [](GfscCandidate const& a, GfscCandidate const& b) { return a.trigger_published < b.trigger_published; });
    return result;
}

GfscDaily gfsc_daily_candidates(util::TimePoint day, util::TimePoint curation, int timespan,
                                std::span<std::string_view const> tiles, GfscInputs const& inputs,
                                util::TimePoint trigger_published) {
    GfscDaily result;
    day = day_of(day);
    std::set<std::string, std::less<>> with_input;
    for (auto const& product : inputs.products) {
        if (day_of(product.measurement) == day && product.published <= curation) with_input.insert(product.tile);
    }
    if (with_input.empty()) {
        result.outage = true;
        return result;
    }
    for (auto tile : tiles) {
        if (with_input.contains(tile)) continue;
        ++result.tiles_without_input;
        auto const gfsc = latest_gfsc(inputs.gfsc, tile, day, timespan, curation);
        if (!gfsc) {
            ++result.without_gfsc;
            continue;
        }
        if (day >= gfsc->product_date + days(timespan)) {
            ++result.too_old;
            continue;
        }
        if (gfsc->product_date == day) continue;
        GfscCandidate candidate;
        candidate.tile = std::string(tile);
        candidate.product_date = day;
        candidate.trigger_id = gfsc->id;
        candidate.trigger_published = trigger_published;
        candidate.gfsc = gfsc;
        candidate.before_processing_start = day < gfsc_processing_start();
        result.candidates.push_back(std::move(candidate));
    }
    return result;
}

std::vector<util::TimePoint> gfsc_daily_days(util::TimePoint now, std::optional<util::TimePoint> last_decided,
                                             std::optional<util::TimePoint> start_date) {
    static constexpr std::array night_hours{22, 23, 0, 1, 2};
    auto const hour = static_cast<int>(duration_cast<hours>(now - day_of(now)).count());
    if (std::find(night_hours.begin(), night_hours.end(), hour) == night_hours.end()) return {};
    auto const yesterday = day_of(now) - days(1);
    auto next = last_decided ? day_of(*last_decided) + days(1) : start_date ? day_of(*start_date) : yesterday;
    std::vector<util::TimePoint> result;
    for (; next <= yesterday; next += days(1)) result.push_back(next);
    return result;
}

std::string gfsc_product_kind(std::string_view id) {
    auto const end = id.find('_');
    std::string kind(id.substr(0, end));
    std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return kind;
}

std::string product_mode(std::string_view id) {
    if (gfsc_product_kind(id) == "gfsc") return {};
    auto const last = id.rfind('_');
    return last == std::string_view::npos ? std::string() : std::string(id.substr(last + 1));
}

std::optional<std::string> toggled_mode_id(std::string_view id) {
    auto const mode = product_mode(id);
    if (mode != "0" && mode != "1") return std::nullopt;
    std::string toggled(id);
    toggled.back() = mode == "0" ? '1' : '0';
    return toggled;
}

}  // namespace hrsi::jobs
