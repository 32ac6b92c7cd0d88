// SPDX-License-Identifier: Apache-2.0
// The RLIE-S1+S2 class: creation by the clock from hrsi's own RLIE products (reference §3.7).
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_candidates.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_inputs.hpp>
#include <hrsi/jobs/input_products.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <optional>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

std::string paths_json(std::vector<RlieProduct> const& products) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartArray();
    for (auto const& product : products) {
        writer.String(product.path.c_str(), static_cast<rapidjson::SizeType>(product.path.size()));
    }
    writer.EndArray();
    return {buffer.GetString(), buffer.GetSize()};
}

util::TimePoint latest_publication(std::vector<RlieProduct> const& products) {
    util::TimePoint latest = util::TimePoint::min();
    for (auto const& product : products) latest = std::max(latest, product.published);
    return latest;
}

// The type's area (area_of_interest) without the no-RLIE tiles, sorted.
std::vector<std::string_view> rlie_tiles(db::SystemParameterValues const& parameters) {
    auto const area = tiles::area_for_type(parameters, RlieS1S2Job::info_.type_name);
    std::vector<std::string_view> result;
    for (auto tile : area.tiles()) {
        if (!tiles::list_holds(tiles::no_rlie_tiles(), tile)) result.push_back(tile);
    }
    return result;
}

// The search's first day, moved back to the latest day on which both kinds of input jobs
// exist when there are none on it (the reference's restart rule, bounded by the earliest date
// and rlies1s2_max_search_window_days_absolute).
DaySearch day_search(JobContext& context, CatalogueRlieProducts const* catalogue) {
    auto const& parameters = context.parameters;
    DaySearch search;
    search.earliest = parameters.date("rlies1s2_earliest_date");
    search.min_days = static_cast<int>(parameters.integer("rlies1s2_min_search_window_days"));
    search.max_days = static_cast<int>(parameters.integer("rlies1s2_max_search_window_days"));
    search.wait_hours =
        static_cast<int>(parameters.integer("rlies1s2_max_delay_from_end_of_day_hours_wait_for_rlie_products"));
    auto const first =
        first_search_day(context.now, static_cast<int>(parameters.integer("rlies1s2_min_delay_from_end_of_day_hours")));
    auto lowest = search.earliest;
    if (auto const absolute = parameters.optional_integer("rlies1s2_max_search_window_days_absolute")) {
        lowest = std::max(lowest, first - days(*absolute));
    }
    search.start_day = first;
    if (first >= lowest) {
        auto const latest = catalogue ? latest_day_with_both_products(*catalogue, lowest, first)
                                      : latest_day_with_both_inputs(context.conn, lowest, first, context.now);
        search.start_day = latest.value_or(lowest - days(1));
        if (search.start_day != first) {
            context.log.info("rlies1s2: no RLIE-S1 and FSC/RLIE jobs on {:%Y-%m-%d}: the search starts on {:%Y-%m-%d}",
                             floor<days>(first), floor<days>(search.start_day));
        }
    }
    return search;
}

}  // namespace

Configuration RlieS1S2Job::configure_single_job(JobContext& context) {
    (void)context;
    return {JobStatus::ready, {}, {}};
}

void RlieS1S2Job::set_product_publication_date(std::string_view product, util::TimePoint when) {
    if (product != "rlies1s2") {
        throw InternalError(fmt::format("{} has no product '{}' (rlies1s2)", info_.type_name, product));
    }
    publication_date_rlies1s2 = when;
}

JobsToCreate RlieS1S2Job::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    (void)context;
    return refuse_catalogue_answer(products, "rlies1s2_job takes no catalogue answer: its jobs are made with --scheduled "
                                             "from the RLIE products hrsi published");
}

JobsToCreate RlieS1S2Job::get_scheduled_jobs(JobContext& context) {
    JobsToCreate result;
    std::optional<CatalogueRlieProducts> catalogue;
    if (context.other_input) catalogue = rlie_products_from_catalogue(*context.other_input, context.now, result.refused);
    auto const search = day_search(context, catalogue ? &*catalogue : nullptr);
    if (search.start_day < search.earliest) {
        context.log.info("rlies1s2: no day to search (rlies1s2_earliest_date {:%Y-%m-%d})", floor<days>(search.earliest));
        return result;
    }
    auto const inputs = catalogue ? rlies1s2_inputs_from(*catalogue, context.conn, last_search_day(search), search.start_day)
                                  : read_rlies1s2_inputs(context.conn, last_search_day(search), search.start_day, context.now);
    auto const tiles = rlie_tiles(context.parameters);
    for (auto const& [day, tile] : inputs.existing) {
        if (day <= search.start_day) result.duplicates.push_back(fmt::format("T{} {:%Y-%m-%d}", tile, floor<days>(day)));
    }
    for (auto& candidate : rlies1s2_candidates(search, inputs, tiles, context.now, context.log)) {
        auto job = std::make_unique<RlieS1S2Job>();
        job->common.name = job_name_from(fmt::format("rlies1s2_T{}_{:%Y%m%d}", candidate.tile, floor<days>(candidate.day)));
        job->common.tile_id = candidate.tile;
        job->process_date = candidate.day;
        job->tile_id_dup = candidate.tile;
        job->rlies1_product_paths_json = paths_json(candidate.s1);
        job->rlies1_publication_latest_date = latest_publication(candidate.s1);
        job->rlies2_product_paths_json = paths_json(candidate.s2);
        job->rlies2_publication_latest_date = latest_publication(candidate.s2);
        job->common.input_published_at =
            std::max(*job->rlies1_publication_latest_date, *job->rlies2_publication_latest_date);
        result.jobs.push_back(std::move(job));
    }
    return result;
}

}  // namespace hrsi::jobs
