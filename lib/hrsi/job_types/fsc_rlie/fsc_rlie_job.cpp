// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_rules.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_series.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/tiles/area_of_interest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

std::string date_of(util::TimePoint time) {
    return util::format_rfc3339(floor<days>(time)).substr(0, 10);
}

// The reference's lists of L1C ids and paths: items separated by ';'.
std::string join(std::vector<std::string> const& items) {
    return fmt::format("{}", fmt::join(items, ";"));
}

// Reads jobs of the view from a result (common columns and the type's own).
std::shared_ptr<FscRlieJob> read_job(db::Result const& result, int row) {
    auto job = std::make_shared<FscRlieJob>();
    read_common(result, row, job->common);
    job->from_database_value(result, row);
    return job;
}

}  // namespace

// The jobs of one tile that the database does not show as they are: those of the round
// (configured together, maybe not inserted yet), then those its backward reprocessing spawned
// so far (inserted after the round; the reference inserts them at once, so the jobs
// configured after the spawn see them). Series lookups only look at a job's own tile, so the
// single steps take these instead of the whole round. Made by configure_batch_jobs() and
// shared by the tile's jobs of the round (FscRlieJob::m_tile_round).
struct FscRlieTileRound {
    std::vector<FscRlieJob const*> jobs;
    bool spawned = false;
    // After a spawn: each job's previous job, looked up again once for the whole tile (the
    // single steps change nothing else that the lookup reads).
    std::optional<std::vector<std::optional<FscRlieJob::PreviousJob>>> previous_after_spawn;
};

namespace {

// A new job re-running the L1C of `source` in the backward context.
std::unique_ptr<FscRlieJob> backward_copy(FscRlieJob const& source) {
    auto job = std::make_unique<FscRlieJob>();
    job->common.name = source.common.name;
    job->common.product_id = source.common.product_id;
    job->common.input_path = source.common.input_path;
    job->common.input_published_at = source.common.input_published_at;
    job->common.priority = Priority::reprocessing;
    copy_input_columns(source, *job, FscRlieJob::columns());
    job->nrt = false;
    job->reprocessing_context = ReprocessingContext::backward;
    job->l2a_status = L2aStatus::pending;
    return job;
}

void mark_reprocessed_backward(JobContext& context, std::vector<std::int64_t> const& ids) {
    context.conn.query(
        "update hrsi.fsc_rlie_jobs set backward_reprocessing_run = true, l1c_reference_job = false "
        "where job_id = any ($1::bigint[])",
        ids);
}

}  // namespace

std::string FscRlieJob::job_name() const {
    return fmt::format("{}-{}", common.tile_id, date_of(measurement_date));
}

int FscRlieJob::product_quality_flag(long long required_jobs) const {
    return n_l2a_produced_since_last_init.value_or(0) < required_jobs ? 0 : 1;
}

void FscRlieJob::job_pre_insertion_setup(bool reprocessed) {
    if (reprocessed) {
        common.priority = Priority::reprocessing;
        nrt = false;
        l1c_reference_job = false;
        l2a_status.reset();
        return;
    }
    nrt = true;
    l2a_status = L2aStatus::pending;
    // The reference sets the priority in configure_batch_jobs; it depends only on the dates,
    // so it is written with the job instead of in a second pass. NRT when ESA published
    // within 24 h of sensing and the DIAS within 3 h of ESA; an unknown publication (a plain
    // list of products) counts as now, when we learn of the product.
    auto esa = l1c_esa_publication_date.value_or(util::now());
    auto dias = l1c_dias_publication_date.value_or(esa);
    bool timely = esa - measurement_date < hours(24) && dias - esa < hours(3);
    common.priority = timely ? Priority::nrt : Priority::delayed;
}

namespace {

// A new job of one L1C.
std::unique_ptr<FscRlieJob> new_job(catalogue::CatalogueProduct const& product, products::Sentinel2L1c const& l1c) {
    auto job = std::make_unique<FscRlieJob>();
    auto const& published = product.published;
    job->l1c_id = l1c.product_id;
    job->l1c_path = product.path.empty() ? l1c.product_id : product.path;
    job->l1c_cloud_cover = product.cloud_cover;
    job->l1c_snow_cover = product.snow_cover;
    job->measurement_date = l1c.sensing_start;
    job->l1c_esa_creation_date = l1c.discriminator;
    // One publication date from the catalogue: both the ESA and the DIAS one.
    job->l1c_esa_publication_date = published;
    job->l1c_dias_publication_date = published;
    job->common.tile_id = l1c.tile;
    job->common.name = job->job_name();
    job->common.product_id = l1c.product_id;
    job->common.input_path = job->l1c_path;
    job->common.input_published_at = published;
    return job;
}

// The new jobs of the L1Cs in the type's area of interest (the others refused with the
// reason), in publication order: the next window starts from the last one.
std::vector<std::unique_ptr<FscRlieJob>> new_jobs(std::span<InputProduct const> products,
                                                  tiles::AreaOfInterest const& area, util::TimePoint now,
                                                  JobsToCreate& result) {
    std::vector<std::unique_ptr<FscRlieJob>> candidates;
    for (auto const& input : products) {
        auto const& product = input.catalogue;
        auto const& l1c = std::get<products::Sentinel2L1c>(input.parsed.value());
        if (auto outside = area.refusal(l1c.tile)) {
            result.refused.push_back({product.name.empty() ? product.path : product.name, *outside});
            continue;
        }
        candidates.push_back(new_job(product, l1c));
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](auto const& a, auto const& b) {
        return a->l1c_dias_publication_date.value_or(now) < b->l1c_dias_publication_date.value_or(now);
    });
    return candidates;
}

// What the database already has on the tiles and sensing starts of new jobs (the L1C id names
// both): one index range per tile, from its earliest to its latest sensing start in the batch.
KnownL1cs known_l1cs(db::Connection& conn, std::vector<std::unique_ptr<FscRlieJob>> const& candidates) {
    std::map<std::string_view, std::pair<util::TimePoint, util::TimePoint>> ranges;
    for (auto const& job : candidates) {
        auto [range, added] = ranges.try_emplace(job->common.tile_id, job->measurement_date, job->measurement_date);
        if (!added) {
            range->second.first = std::min(range->second.first, job->measurement_date);
            range->second.second = std::max(range->second.second, job->measurement_date);
        }
    }
    std::vector<std::string> tiles, lows, highs;
    for (auto const& [tile, range] : ranges) {
        tiles.emplace_back(tile);
        lows.push_back(util::format_rfc3339(range.first));
        highs.push_back(util::format_rfc3339(range.second));
    }
    auto existing = conn.query_prepared(
        "fsc_rlie_jobs_measured_in",
        "select job_id, l1c_id, tile_id, measurement_date, l1c_esa_creation_date "
        "from hrsi.fsc_rlie_jobs_measured_in($1::text[], $2::timestamptz[], $3::timestamptz[])",
        tiles, lows, highs);
    KnownL1cs known;
    for (int r = 0; r < existing.rows(); ++r) {
        known.l1c_ids.emplace(existing.get(r, 1));
        known.by_tile_and_date[{std::string(existing.get(r, 2)), read_value<util::TimePoint>(existing, r, "measurement_date")}]
            .push_back({existing.get_int(r, 0), read_value<util::TimePoint>(existing, r, "l1c_esa_creation_date"), nullptr});
    }
    return known;
}

}  // namespace

JobsToCreate FscRlieJob::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    JobsToCreate result;
    auto const area = tiles::area_for_type(context.parameters, info_.type_name);
    auto candidates = new_jobs(products, area, context.now, result);
    auto known = known_l1cs(context.conn, candidates);
    auto const demoted = sort_new_jobs(std::move(candidates), known, context.parameters.date("s2_processing_start_date"),
                                       context.now, result);
    if (!demoted.empty()) {
        context.conn.query(
            "update hrsi.fsc_rlie_jobs set l1c_reference_job = false where job_id = any ($1::bigint[])",
            demoted);
    }
    return result;
}

void FscRlieJob::configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs,
                                      JobContext& context) {
    std::vector<FscRlieJob*> series;
    series.reserve(jobs.size());
    for (auto const& base : jobs) {
        auto& job = dynamic_cast<FscRlieJob&>(*base);
        if (!job.common.priority) {
            job.common.priority = job.nrt ? Priority::delayed : Priority::reprocessing;
        }
        series.push_back(&job);
    }
    std::vector<FscRlieJob const*> const round(series.begin(), series.end());
    std::unordered_map<std::string_view, std::shared_ptr<FscRlieTileRound>> tiles;
    for (auto* job : series) {
        auto& tile = tiles[job->common.tile_id];
        if (!tile) tile = std::make_shared<FscRlieTileRound>();
        tile->jobs.push_back(job);
        job->m_tile_round = tile;
    }
    auto previous = find_previous_jobs(context.conn, round);
    for (std::size_t i = 0; i < series.size(); ++i) {
        series[i]->previous = std::move(previous[i]);
    }
    // The jobs about to start MAJA without a previous L2A to go on from may run backward:
    // the jobs that follow each, in one query.
    if (context.input_incomplete || !context.parameters.boolean("activate_backward_reprocessing")) {
        return;
    }
    auto const settings = MajaSettings::of(context.parameters);
    std::vector<FscRlieJob*> starting;
    std::vector<SeriesPoint> points;
    for (auto* job : series) {
        if (!job->maja_mode && job->status_from_previous() == JobStatus::ready &&
            !job->continues_previous_l2a(settings.consecutive_jobs_threshold)) {
            starting.push_back(job);
            points.push_back(series_point(*job));
        }
    }
    auto following = find_following_jobs(context.conn, round, points, settings.followers_count());
    for (std::size_t i = 0; i < starting.size(); ++i) {
        starting[i]->following = std::move(following[i]);
    }
}

FscRlieTileRound& FscRlieJob::tile_round() const {
    if (!m_tile_round) {
        throw InternalError(fmt::format("fsc_rlie job {} configured outside its round", common.id));
    }
    return *m_tile_round;
}

JobStatus FscRlieJob::status_from_previous() const {
    // Only a strictly earlier job is a previous one.
    if (!previous || previous->measurement_date >= measurement_date) {
        return JobStatus::ready;
    }
    // A job not yet in the history counts as initialized.
    auto const prev_status = previous->last_status.value_or(JobStatus::initialized);
    if (status_id(prev_status) < status_id(JobStatus::processed) ||
        (reprocessing_context == ReprocessingContext::backward && is_error_status(prev_status))) {
        return JobStatus::configured;
    }
    return previous->l2a_status == L2aStatus::generated ? JobStatus::ready : JobStatus::configured;
}

bool FscRlieJob::continues_previous_l2a(days threshold) const {
    return previous && previous->measurement_date < measurement_date &&
           measurement_date - previous->measurement_date <= threshold &&
           previous->l2a_status == L2aStatus::generated && previous->l2a_path_out;
}

void FscRlieJob::look_again_after_spawn(JobContext& context) {
    auto& tile = tile_round();
    if (!tile.spawned) {
        return;
    }
    // The batch lookups were made before the spawn: it marked jobs of this tile as
    // reprocessed (no longer reference jobs) and added their backward copies.
    auto self = std::find(tile.jobs.begin(), tile.jobs.end(), this);
    if (self == tile.jobs.end()) {
        throw InternalError(fmt::format("fsc_rlie job {} configured outside its round", common.id));
    }
    if (!tile.previous_after_spawn) {
        tile.previous_after_spawn = find_previous_jobs(context.conn, tile.jobs);
    }
    previous = (*tile.previous_after_spawn)[static_cast<std::size_t>(self - tile.jobs.begin())];
    following.reset();
}

Configuration FscRlieJob::configure_single_job(JobContext& context) {
    common.name = job_name();
    look_again_after_spawn(context);
    auto const status = status_from_previous();
    if (status != JobStatus::ready) {
        return {status, {}, {}};
    }
    if (context.input_incomplete) {
        // A later chunk of the same input may bring an earlier job on this tile, which this
        // job would then wait for: ready is decided once the whole input is in.
        return {JobStatus::configured, {}, {}, true};
    }
    if (!maja_mode) {
        set_maja_mode(context);
    }
    l2a_path_out = fmt::format("/{}/{}/L2A/reference/{}/{}",
                               context.parameters.text("sip_data_bucket").value_or("hrsi-sip-data"),
                               common.tile_id, l1c_id, enum_text(*maja_mode));
    return {JobStatus::ready, {}, {}};
}

MajaSettings MajaSettings::of(db::SystemParameterValues const& parameters) {
    return {parameters.integer("maja_backward_required_job_number"),
            parameters.boolean("activate_backward_reprocessing"),
            days(parameters.integer("maja_consecutive_jobs_threshold_value"))};
}

void FscRlieJob::set_maja_mode(JobContext& context) {
    auto const settings = MajaSettings::of(context.parameters);
    auto followers = [&] {
        if (following) return *following;
        SeriesPoint const point = series_point(*this);
        return find_following_jobs(context.conn, tile_round().jobs, std::span(&point, 1), settings.followers_count())
            .front();
    };
    if (choose_maja_mode(settings, followers)) {
        reprocess_with_backward(context);
    }
}

bool FscRlieJob::choose_maja_mode(MajaSettings const& settings,
                                  std::function<std::vector<FollowingJob>()> const& followers) {
    std::vector<FollowingJob> after;
    if (continues_previous_l2a(settings.consecutive_jobs_threshold)) {
        maja_mode = MajaMode::nominal;
        l2a_path_in = previous->l2a_path_out;
        job_id_for_last_valid_l2a = previous->id;
        n_jobs_run_since_last_init = previous->n_jobs_run_since_last_init.value_or(0) + 1;
        n_l2a_produced_since_last_init = previous->n_l2a_produced_since_last_init.value_or(0);
    } else if (settings.backward_enabled && (after = followers(), can_run_backward(measurement_date, after,
                                                                                   settings.followers_count(),
                                                                                   settings.consecutive_jobs_threshold))) {
        maja_mode = MajaMode::backward;
        std::vector<std::string> ids{l1c_id}, paths{l1c_path};
        for (auto const& follower : after) {
            ids.push_back(follower.l1c_id);
            paths.push_back(follower.l1c_path);
        }
        l1c_id_list = join(ids);
        l1c_path_list = join(paths);
        n_jobs_run_since_last_init = settings.backward_required_jobs;
        n_l2a_produced_since_last_init = settings.backward_required_jobs;
    } else {
        // Unlike the reference, a tile without a usable history starts at once in init mode
        // instead of waiting for a backward initialisation that its own followers wait for.
        maja_mode = MajaMode::init;
        n_jobs_run_since_last_init = 0;
        n_l2a_produced_since_last_init = 0;
        backward_reprocessing_run = false;
    }
    return settings.backward_enabled && n_l2a_produced_since_last_init.value_or(0) >= settings.backward_required_jobs;
}

void FscRlieJob::reprocess_with_backward(JobContext& context) const {
    auto init = context.conn.query(
        "select * from hrsi.fsc_rlie_job_last_init_with_tile_id_no_backward($1, $2::timestamptz)",
        common.tile_id, time_param(measurement_date));
    if (init.rows() == 0) {
        return;
    }
    auto init_job = read_job(init, 0);
    auto const settings = MajaSettings::of(context.parameters);
    auto const count = settings.followers_count();
    auto& tile = tile_round();
    SeriesPoint const point = series_point(*init_job);
    auto followers = find_following_jobs(context.conn, tile.jobs, std::span(&point, 1), count).front();
    if (!can_run_backward(init_job->measurement_date, followers, count, settings.consecutive_jobs_threshold)) {
        return;
    }
    // The followers are read whole for their copies (jobs of the round as they are in memory).
    std::vector<std::int64_t> follower_ids;
    for (auto const& follower : followers) follower_ids.push_back(follower.id);
    auto rows = context.conn.query("select * from hrsi.fsc_rlie_jobs_view where id = any ($1::bigint[])", follower_ids);
    std::map<std::int64_t, std::shared_ptr<FscRlieJob>> stored;
    for (int r = 0; r < rows.rows(); ++r) {
        auto job = read_job(rows, r);
        stored.emplace(job->common.id, std::move(job));
    }
    auto whole = [&](std::int64_t id) -> FscRlieJob const& {
        for (auto const* job : tile.jobs) {
            if (job->common.id == id) return *job;
        }
        auto found = stored.find(id);
        if (found == stored.end()) {
            throw InternalError(fmt::format("fsc_rlie job {} vanished during configuration", id));
        }
        return *found->second;
    };

    auto const required = settings.backward_required_jobs;
    auto backward = backward_copy(*init_job);
    std::vector<std::string> ids{init_job->l1c_id}, paths{init_job->l1c_path};
    std::vector<std::int64_t> reprocessed{init_job->common.id};
    for (auto const& follower : followers) {
        ids.push_back(follower.l1c_id);
        paths.push_back(follower.l1c_path);
        reprocessed.push_back(follower.id);
    }
    backward->maja_mode = MajaMode::backward;
    backward->l1c_id_list = join(ids);
    backward->l1c_path_list = join(paths);
    backward->n_jobs_run_since_last_init = required;
    backward->n_l2a_produced_since_last_init = required;
    context.log.info("tile {}: {} L2As since the init of {}; reprocessing {} job(s) backward",
                     common.tile_id, required, init_job->l1c_id, reprocessed.size());
    auto const first_spawned = context.spawned.size();
    context.spawned.push_back(std::move(backward));
    for (auto const& follower : followers) {
        context.spawned.push_back(backward_copy(whole(follower.id)));
    }
    for (auto s = first_spawned; s < context.spawned.size(); ++s) {
        tile.jobs.push_back(&dynamic_cast<FscRlieJob const&>(*context.spawned[s]));
    }
    tile.spawned = true;
    tile.previous_after_spawn.reset();
    mark_reprocessed_backward(context, reprocessed);
}

bool FscRlieJob::generated_a_product() const {
    auto present = [](std::optional<std::string> const& json) {
        return json && !json->empty() && *json != "null" && *json != "{}";
    };
    return present(fsc_infos) || present(rlie_infos);
}

void FscRlieJob::set_product_publication_date(std::string_view product, util::TimePoint when) {
    // Unlike the reference, *_infos keep the program's metadata: the document sent is kept in
    // the publications outbox, so that building it again never scales resourceSize twice.
    if (product == "FSC" || product == "fsc") {
        fsc_json_publication_date = when;
    } else if (product == "RLIE" || product == "rlie") {
        rlie_json_publication_date = when;
    } else {
        throw InternalError(fmt::format("{} has no product '{}' (FSC or RLIE)", info_.type_name, product));
    }
}

}  // namespace hrsi::jobs
