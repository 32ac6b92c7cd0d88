// SPDX-License-Identifier: Apache-2.0
// The GFSC class: creation by the clock from hrsi's own FSC, WDS, SWS and GFSC products
// (reference §3.9); its configuration is gfsc_configuration.cpp.
#include <hrsi/job_types/gfsc/gfsc_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_inputs.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/jobs/input_products.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/area_of_interest.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;
using util::day_of;

std::string rfc3339(util::TimePoint time) {
    return util::format_rfc3339(time);
}

void fill(std::vector<GfscInputProduct> const& products, std::vector<std::string>& ids, std::vector<std::string>& published,
          std::vector<std::string>& measured) {
    for (auto const& product : products) {
        ids.push_back(product.id);
        published.push_back(rfc3339(product.published));
        measured.push_back(rfc3339(product.measurement));
    }
}

int timespan_of(JobContext const& context) {
    return static_cast<int>(context.parameters.integer(GfscJob::info_.search_duration_parameter));
}

std::optional<util::TimePoint> daily_start_date(JobContext const& context) {
    auto const text = context.parameters.text("gfsc_daily_jobs_creation_start_date");
    if (!text || text->empty()) return std::nullopt;
    return day_of(util::parse_time(text->substr(0, 10) + "T00:00:00Z"));
}

void add_jobs(std::vector<GfscCandidate> const& candidates, util::TimePoint curation, int timespan,
              JobsToCreate& result) {
    for (auto const& candidate : candidates) {
        auto job = GfscJob::from_candidate(candidate, curation, timespan);
        (candidate.before_processing_start ? result.reprocessed_jobs : result.jobs).push_back(std::move(job));
    }
}

// The daily jobs of the days due at context.now, each day recorded as decided.
void daily_jobs(JobContext& context, GfscReads const& reads, util::TimePoint curation, int timespan,
                GfscJob const* last, JobsToCreate& result) {
    auto const due = gfsc_daily_days(context.now, last_gfsc_daily_day(context.conn), daily_start_date(context));
    if (due.empty()) return;
    auto const area = tiles::area_for_type(context.parameters, GfscJob::info_.type_name);
    auto const tiles = area.tiles();
    // The daily jobs do not move the trigger window (the reference's rule).
    auto const trigger_published =
        last ? last->triggering_product_publication_date : day_of(context.now) - days(1);
    for (auto const day : due) {
        GfscInputs inputs;
        inputs.products = reads.products(context.conn, {}, day, day + days(1) - microseconds(1), curation);
        inputs.gfsc = reads.outputs(context.conn, {}, day - days(2 * timespan), day, curation);
        reads.used_triggers(context.conn, {}, day, day, inputs);
        auto daily = gfsc_daily_candidates(day, curation, timespan, tiles, inputs, trigger_published);
        std::erase_if(daily.candidates, [&](GfscCandidate const& candidate) {
            return inputs.used_triggers.contains({candidate.tile, day, candidate.trigger_id});
        });
        if (daily.outage) {
            context.log.info("gfsc: no FSC, WDS or SWS sensed on {:%Y-%m-%d}: an outage is likely, no daily job",
                             day);
        } else {
            context.log.info("gfsc: daily jobs of {:%Y-%m-%d}: {} tile(s) without input, {} job(s); {} without a "
                             "GFSC, {} with a GFSC {} days old or more",
                             day, daily.tiles_without_input, daily.candidates.size(), daily.without_gfsc,
                             daily.too_old, timespan);
        }
        record_gfsc_daily_day(context.conn, day, daily.outage, static_cast<std::int64_t>(daily.candidates.size()));
        add_jobs(daily.candidates, curation, timespan, result);
    }
}

// The jobs of the products published since the last trigger.
void triggered_jobs(JobContext& context, GfscReads const& reads, util::TimePoint curation, int timespan,
                    GfscJob const* last, JobsToCreate& result) {
    auto const window = GfscJob::next_search_window(GfscJob::info_, last, context);
    GfscInputs inputs;
    inputs.triggers = reads.triggers(context.conn, window.start, curation);
    if (inputs.triggers.empty()) return;
    std::set<std::string> tile_set;
    auto first_day = util::TimePoint::max();
    auto last_day = util::TimePoint::min();
    for (auto const& trigger : inputs.triggers) {
        tile_set.insert(trigger.tile);
        first_day = std::min(first_day, day_of(trigger.measurement));
        last_day = std::max(last_day, day_of(trigger.measurement));
    }
    std::vector<std::string> const tiles(tile_set.begin(), tile_set.end());
    inputs.products = reads.products(context.conn, tiles, first_day - days(timespan - 1),
                                     std::min(curation, last_day + days(1) - microseconds(1)), curation);
    inputs.gfsc = reads.outputs(context.conn, tiles, first_day - days(2 * timespan), last_day, curation);
    reads.used_triggers(context.conn, tiles, first_day, last_day, inputs);
    auto const area = tiles::area_for_type(context.parameters, GfscJob::info_.type_name);
    GfscTriggerRules rules{curation, window.start, timespan,
                           last ? std::optional(last->triggering_product_id) : std::nullopt,
                           [&area](std::string_view tile) { return area.contains(tile); }};
    auto triggered = gfsc_triggered_candidates(rules, inputs);
    context.log.info("gfsc: {} product(s) published in ({}, {}]: {} job(s)", inputs.triggers.size(),
                     rfc3339(window.start), rfc3339(curation), triggered.candidates.size());
    for (auto& refusal : triggered.refused) result.refused.push_back({refusal.product, refusal.reason});
    for (auto& duplicate : triggered.duplicates) result.duplicates.push_back(duplicate);
    add_jobs(triggered.candidates, curation, timespan, result);
}

}  // namespace

std::unique_ptr<GfscJob> GfscJob::from_candidate(GfscCandidate const& candidate, util::TimePoint curation,
                                                 int timespan) {
    auto job = std::make_unique<GfscJob>();
    job->common.tile_id = candidate.tile;
    job->common.product_id = candidate.trigger_id;
    job->common.input_published_at = candidate.trigger_published;
    job->common.name = job_name_from(fmt::format("T{}-{:%Y-%m-%d}-{:%Y%m%dT%H%M%S}-{}", candidate.tile,
                                                 floor<days>(candidate.product_date), floor<seconds>(curation),
                                                 candidate.trigger_id));
    job->triggering_product_id = candidate.trigger_id;
    job->triggering_product_publication_date = candidate.trigger_published;
    fill(candidate.fsc, job->fsc_id_list, job->fsc_publication_date_list, job->fsc_measurement_date_list);
    fill(candidate.wds, job->wds_id_list, job->wds_publication_date_list, job->wds_measurement_date_list);
    fill(candidate.sws, job->sws_id_list, job->sws_publication_date_list, job->sws_measurement_date_list);
    if (candidate.gfsc) job->gfsc_id_list.push_back(candidate.gfsc->id);
    job->product_date = day_of(candidate.product_date);
    job->curation_timestamp = floor<seconds>(curation);
    job->aggregation_timespan = timespan;
    job->gfsc_id = gfsc_product_id_template(candidate.product_date, timespan, candidate.tile, floor<seconds>(curation));
    return job;
}

void GfscJob::set_product_publication_date(std::string_view product, util::TimePoint when) {
    if (product != "gfsc" && product != "GFSC") {
        throw InternalError(fmt::format("{} has no product '{}' (gfsc)", info_.type_name, product));
    }
    gfsc_json_publication_date = when;
}

JobsToCreate GfscJob::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    (void)context;
    return refuse_catalogue_answer(products, "gfsc_job takes no catalogue answer: its jobs are made with --scheduled from the "
                                             "FSC, WDS and SWS products hrsi published");
}

TimeWindow GfscJob::next_search_window(JobTypeInfo const& info, JobTemplate const* last, JobContext const& context) {
    (void)info;
    if (last && last->common.input_published_at) {
        return {*last->common.input_published_at - seconds(1), context.now};
    }
    return {day_of(context.now) - days(1), context.now};
}

JobsToCreate GfscJob::get_scheduled_jobs(JobContext& context) {
    if (context.other_input == nullptr) return scheduled_jobs_reading(context, gfsc_set_reads());
    std::int64_t left_out = 0;
    auto const reads = gfsc_answer_reads(*context.other_input, left_out);
    context.log.info("gfsc: {} product(s) of the catalogue answer given, {} left out (no publication date, or not "
                     "an FSC, WDS, SWS or GFSC product's name)",
                     context.other_input->size(), left_out);
    return scheduled_jobs_reading(context, reads);
}

JobsToCreate GfscJob::scheduled_jobs_reading(JobContext& context, GfscReads const& reads) {
    auto const timespan = timespan_of(context);
    auto const curation = floor<seconds>(context.now);
    auto const last = last_inserted_job(job_type_entry<GfscJob>(), context);
    auto const* last_gfsc = dynamic_cast<GfscJob const*>(last.get());
    JobsToCreate result;
    daily_jobs(context, reads, curation, timespan, last_gfsc, result);
    triggered_jobs(context, reads, curation, timespan, last_gfsc, result);
    return result;
}

}  // namespace hrsi::jobs
