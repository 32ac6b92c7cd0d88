// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/fsc_rlie/fsc_rlie_series.hpp>

#include <hrsi/jobs/column_table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace hrsi::jobs {
namespace {

// A job of the time series as the choice of a previous job sees it.
struct Candidate {
    FscRlieJob::PreviousJob job;  // what configuration gets
    util::TimePoint esa_creation{};
    std::string l1c_id;
    bool reference = true;

    [[nodiscard]] auto key() const { return std::tie(job.measurement_date, esa_creation, job.id); }
};

// The rules of get_last_job_with_usable_l2a for one job (allow_codated false): measured at or
// before it, created by ESA before it, another L1C, a reference job, its L2A generated or
// still to come (a job without status counts as initialized).
bool can_precede(Candidate const& candidate, FscRlieJob const& job) {
    if (candidate.job.measurement_date > job.measurement_date || candidate.esa_creation >= job.l1c_esa_creation_date ||
        candidate.l1c_id == job.l1c_id || !candidate.reference || !candidate.job.l2a_status) {
        return false;
    }
    auto const l2a = *candidate.job.l2a_status;
    if (l2a == L2aStatus::generated) {
        return true;
    }
    if (l2a != L2aStatus::pending) {
        return false;
    }
    auto const status = candidate.job.last_status.value_or(JobStatus::initialized);
    bool const backward = job.reprocessing_context == ReprocessingContext::backward;
    return status != JobStatus::cancelled &&
           (backward || (status != JobStatus::internal_error && status != JobStatus::external_error));
}

Candidate candidate_of(FscRlieJob const& job) {
    return {{job.common.id, job.common.last_status, job.l2a_status, job.l2a_path_out, job.measurement_date,
             job.n_jobs_run_since_last_init, job.n_l2a_produced_since_last_init},
            job.l1c_esa_creation_date,
            job.l1c_id,
            job.l1c_reference_job};
}

// The jobs of the batch on one tile and the bounds of the rows they need.
struct Tile {
    std::string_view name;
    std::vector<std::size_t> jobs;  // indices into the batch
    util::TimePoint low;            // earliest measurement
    util::TimePoint high;           // latest measurement
    util::TimePoint min_esa;        // earliest ESA creation
    std::vector<Candidate> candidates;
};

// What a row of the series holds beside its PreviousJob.
constexpr std::array candidate_columns{
    column<&Candidate::esa_creation>("l1c_esa_creation_date"),
    column<&Candidate::l1c_id>("l1c_id"),
    column<&Candidate::reference>("l1c_reference_job"),
};

// The rows of the tiles' series that can be a previous job (hrsi.fsc_rlie_series_rows, sql/008).
std::string const& tile_rows_sql() {
    static std::string const sql = fmt::format(
        "select ord, {}, {} "
        "from hrsi.fsc_rlie_series_rows($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[])",
        column_list(FscRlieJob::PreviousJob::columns()), column_list<Candidate>(candidate_columns));
    return sql;
}

std::string const& following_rows_sql() {
    static std::string const sql = fmt::format(
        "select ord, {} "
        "from hrsi.fsc_rlie_following_jobs($1::text[], $2::timestamptz[], $3::timestamptz[], $4::integer[])",
        column_list(FscRlieJob::FollowingJob::columns()));
    return sql;
}

FscRlieJob::FollowingJob following_of(FscRlieJob const& job) {
    return {job.common.id,  job.l1c_id,   job.l1c_path,         job.l2a_status,
            job.fsc_path,   job.backward_reprocessing_run,      job.measurement_date,
            job.l1c_esa_creation_date};
}

bool follows(FscRlieJob const& job, SeriesPoint const& point) {
    return job.l1c_reference_job && job.measurement_date >= point.measurement && job.l1c_esa_creation_date > point.esa_creation;
}

}  // namespace

std::vector<std::optional<FscRlieJob::PreviousJob>> find_previous_jobs(db::Connection& conn,
                                                                         std::span<FscRlieJob const* const> jobs) {
    std::vector<std::optional<FscRlieJob::PreviousJob>> previous(jobs.size());
    if (jobs.empty()) {
        return previous;
    }
    std::vector<Tile> tiles;
    std::unordered_map<std::string_view, std::size_t> tile_numbers;
    std::unordered_set<std::int64_t> batch_ids;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        auto const& job = *jobs[i];
        batch_ids.insert(job.common.id);
        auto [found, added] = tile_numbers.try_emplace(job.common.tile_id, tiles.size());
        if (added) {
            tiles.push_back({job.common.tile_id, {}, job.measurement_date, job.measurement_date, job.l1c_esa_creation_date, {}});
        }
        auto& tile = tiles[found->second];
        tile.jobs.push_back(i);
        tile.low = std::min(tile.low, job.measurement_date);
        tile.high = std::max(tile.high, job.measurement_date);
        tile.min_esa = std::min(tile.min_esa, job.l1c_esa_creation_date);
        tile.candidates.push_back(candidate_of(job));
    }

    std::vector<std::string> names, lows, highs, min_esas;
    for (auto const& tile : tiles) {
        names.emplace_back(tile.name);
        lows.push_back(util::format_rfc3339(tile.low));
        highs.push_back(util::format_rfc3339(tile.high));
        min_esas.push_back(util::format_rfc3339(tile.min_esa));
    }
    auto rows = conn.query_prepared("fsc_rlie_series_rows", tile_rows_sql(), names, lows, highs, min_esas);
    for (int r = 0; r < rows.rows(); ++r) {
        Candidate candidate;
        read_columns(candidate.job, FscRlieJob::PreviousJob::columns(), rows, r);
        if (batch_ids.contains(candidate.job.id)) {
            continue;  // the batch's own jobs count as they are in memory
        }
        read_columns<Candidate>(candidate, candidate_columns, rows, r);
        tiles[read_value<std::size_t>(rows, r, "ord") - 1].candidates.push_back(std::move(candidate));
    }

    for (auto& tile : tiles) {
        // Newest first, as the SQL function orders them.
        std::sort(tile.candidates.begin(), tile.candidates.end(),
                  [](Candidate const& a, Candidate const& b) { return a.key() > b.key(); });
        for (auto index : tile.jobs) {
            auto const& job = *jobs[index];
            auto found = std::find_if(tile.candidates.begin(), tile.candidates.end(),
                                      [&](Candidate const& candidate) { return can_precede(candidate, job); });
            if (found != tile.candidates.end()) {
                previous[index] = found->job;
            }
        }
    }
    return previous;
}

SeriesPoint series_point(FscRlieJob const& job) {
    return {job.common.tile_id, job.measurement_date, job.l1c_esa_creation_date};
}

std::vector<std::vector<FscRlieJob::FollowingJob>> find_following_jobs(db::Connection& conn,
                                                                        std::span<FscRlieJob const* const> round,
                                                                        std::span<SeriesPoint const> points,
                                                                        std::size_t count) {
    std::vector<std::vector<FscRlieJob::FollowingJob>> following(points.size());
    if (points.empty() || count == 0) {
        return following;
    }
    std::unordered_set<std::int64_t> round_ids;
    std::unordered_map<std::string_view, std::vector<FscRlieJob const*>> round_by_tile;
    for (auto const* job : round) {
        round_ids.insert(job->common.id);
        round_by_tile[job->common.tile_id].push_back(job);
    }
    // The database's rows for a point may include jobs of the round (counted as they are in
    // memory): ask for that many more.
    std::vector<std::string> tiles, measurements, esa_creations;
    std::vector<std::int64_t> limits;
    for (auto const& point : points) {
        tiles.emplace_back(point.tile);
        measurements.push_back(util::format_rfc3339(point.measurement));
        esa_creations.push_back(util::format_rfc3339(point.esa_creation));
        auto in_round = round_by_tile.find(point.tile);
        limits.push_back(
            static_cast<std::int64_t>(count + (in_round == round_by_tile.end() ? 0 : in_round->second.size())));
    }
    auto rows = conn.query_prepared("fsc_rlie_following_rows", following_rows_sql(), tiles, measurements,
                                    esa_creations, limits);
    for (int r = 0; r < rows.rows(); ++r) {
        FscRlieJob::FollowingJob job;
        read_columns(job, FscRlieJob::FollowingJob::columns(), rows, r);
        if (!round_ids.contains(job.id)) {
            following[read_value<std::size_t>(rows, r, "ord") - 1].push_back(std::move(job));
        }
    }
    for (std::size_t p = 0; p < points.size(); ++p) {
        auto& jobs = following[p];
        if (auto in_round = round_by_tile.find(points[p].tile); in_round != round_by_tile.end()) {
            for (auto const* job : in_round->second) {
                if (follows(*job, points[p])) jobs.push_back(following_of(*job));
            }
        }
        std::sort(jobs.begin(), jobs.end(), [](auto const& a, auto const& b) {
            return std::tie(a.measurement_date, a.esa_creation, a.id) < std::tie(b.measurement_date, b.esa_creation, b.id);
        });
        if (jobs.size() > count) jobs.resize(count);
    }
    return following;
}

}  // namespace hrsi::jobs
