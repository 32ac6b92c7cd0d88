// SPDX-License-Identifier: Apache-2.0
// GFSC configuration (reference §3.9, configure_single_job): the nominal twin, the overriding
// of the jobs of a tile and day, the 3 h wait of FSC-triggered jobs.
#include <hrsi/job_types/gfsc/gfsc_job.hpp>

#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_store.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// An FSC-triggered job waits this long after its trigger's publication (a WDS or SWS of the
// tile and day may still come and make a better job).
constexpr auto fsc_wait = hours(3);

std::string rfc3339(util::TimePoint time) {
    return util::format_rfc3339(time);
}

// The jobs of the given (tile, day) pairs still waiting (initialized, configured, ready).
std::map<std::pair<std::string, util::TimePoint>, std::vector<GfscJob::WaitingJob>> waiting_jobs(
    db::Connection& conn, std::vector<std::string> const& tiles, std::vector<std::string> const& days_) {
    auto const rows = conn.query(
        "select g.job_id, g.tile_id, g.product_date, g.curation_timestamp "
        "  from hrsi.gfsc_jobs g join hrsi.jobs j on j.id = g.job_id "
        " where j.last_status in (1, 2, 3) "
        "   and (g.tile_id, g.product_date) in (select * from unnest($1::text[], $2::text[]::timestamptz[]))",
        tiles, days_);
    std::map<std::pair<std::string, util::TimePoint>, std::vector<GfscJob::WaitingJob>> waiting;
    for (int row = 0; row < rows.rows(); ++row) {
        waiting[{*read_text(rows, row, "tile_id"), *read_time(rows, row, "product_date")}].push_back(
            {rows.get_int(row, 0), *read_time(rows, row, "curation_timestamp")});
    }
    return waiting;
}

bool later(GfscJob::WaitingJob const& other, GfscJob const& job) {
    return other.curation > job.curation_timestamp ||
           (other.curation == job.curation_timestamp && other.id > job.common.id);
}

// The waiting job of the tile and day with the latest curation after the job's, or nothing.
std::optional<GfscJob::WaitingJob> newest_later(std::vector<GfscJob::WaitingJob> const& waiting, GfscJob const& job) {
    std::optional<GfscJob::WaitingJob> newest;
    for (auto const& other : waiting) {
        if (other.id == job.common.id || !later(other, job)) continue;
        if (!newest || std::tie(other.curation, other.id) > std::tie(newest->curation, newest->id)) newest = other;
    }
    return newest;
}

// Cancels the older jobs of the tile and day still waiting, but those of this round (they
// decide for themselves) and those a dispatcher holds, recording this job as the one that
// overrode them.
void cancel_older_jobs(JobContext& context, GfscJob const& job, std::vector<GfscJob::WaitingJob> const& waiting) {
    std::vector<std::int64_t> candidates;
    for (auto const& other : waiting) {
        bool const in_round = std::any_of(context.round.begin(), context.round.end(),
                                          [&](auto const& member) { return member->common.id == other.id; });
        if (other.id != job.common.id && !in_round && !later(other, job)) candidates.push_back(other.id);
    }
    if (candidates.empty()) return;
    auto const rows = context.conn.query(
        "select id from hrsi.jobs where id = any ($1::bigint[]) and last_status in (1, 2, 3) "
        " order by id for update skip locked",
        candidates);
    std::vector<std::int64_t> ids;
    std::vector<StatusWrite> writes;
    auto const message = fmt::format("Overridden by job {}, a later curation of the same tile and product date.",
                                     job.common.id);
    for (int row = 0; row < rows.rows(); ++row) {
        ids.push_back(rows.get_int(row, 0));
        writes.push_back({ids.back(), JobStatus::cancelled, std::nullopt, message});
    }
    if (ids.empty()) return;
    append_status_changes(context.conn, writes);
    context.conn.query("update hrsi.gfsc_jobs set overriding_job_id = $1 where job_id = any ($2::bigint[])",
                       job.common.id, ids);
    context.log.info("gfsc: job {} overrides {} waiting job(s) of {} {:%Y-%m-%d}", job.common.id, ids.size(),
                     job.common.tile_id, job.product_date);
}

bool twin_among_inputs(GfscJob const& job) {
    if (product_mode(job.triggering_product_id) != "1") return false;
    auto const twin = toggled_mode_id(job.triggering_product_id);
    for (auto const* list : {&job.fsc_id_list, &job.wds_id_list, &job.sws_id_list}) {
        if (std::find(list->begin(), list->end(), *twin) != list->end()) return true;
    }
    return false;
}

}  // namespace

Configuration GfscJob::configure_single_job(JobContext& context) {
    if (twin_among_inputs(*this)) {
        return {JobStatus::cancelled, {},
                "Job triggered by a nominal product whose provisional version is among its inputs. Cancelling job."};
    }
    if (!m_waiting) {
        auto waiting = waiting_jobs(context.conn, {common.tile_id}, {rfc3339(product_date)});
        m_waiting = std::move(waiting[{common.tile_id, product_date}]);
    }
    auto const waiting = std::move(*m_waiting);
    m_waiting.reset();
    auto const newer = newest_later(waiting, *this);
    if (newer) {
        overriding_job_id = newer->id;
        return {JobStatus::cancelled, {},
                fmt::format("Job {} of the same tile and product date has a later curation. Cancelling job.",
                            newer->id)};
    }
    cancel_older_jobs(context, *this, waiting);
    if (gfsc_product_kind(triggering_product_id) == "fsc" &&
        context.now < triggering_product_publication_date + fsc_wait) {
        return {JobStatus::configured, {}, {}};
    }
    return {JobStatus::ready, {}, {}};
}

void GfscJob::configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs, JobContext& context) {
    std::vector<std::string> tiles;
    std::vector<std::string> days_;
    for (auto const& job : jobs) {
        auto const& gfsc = dynamic_cast<GfscJob const&>(*job);
        tiles.push_back(gfsc.common.tile_id);
        days_.push_back(rfc3339(gfsc.product_date));
    }
    auto waiting = waiting_jobs(context.conn, tiles, days_);
    for (auto const& job : jobs) {
        auto& gfsc = dynamic_cast<GfscJob&>(*job);
        auto const found = waiting.find({gfsc.common.tile_id, gfsc.product_date});
        gfsc.m_waiting = found == waiting.end() ? std::vector<WaitingJob>{} : found->second;
    }
}

}  // namespace hrsi::jobs
