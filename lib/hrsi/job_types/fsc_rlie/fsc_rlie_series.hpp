// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

#include <optional>
#include <span>
#include <vector>

namespace hrsi::jobs {

// The previous job of each of `jobs` in its tile's time series: what the reference's
// get_last_job_with_usable_l2a (sql/003, allow_codated false) returns, among the jobs of the
// database and `jobs` themselves, which need not be in the database yet (a job of `jobs` that
// is there counts as it is in memory).
//
// One query for the whole batch, one index range per tile: the database rows that could be
// the previous job of any job of the batch on that tile (from the newest row that every one
// of them could take, up to the latest of their measurements), then the choice per job here,
// by the same rules and order as the SQL function. A test compares both on random histories.
[[nodiscard]] std::vector<std::optional<FscRlieJob::PreviousJob>> find_previous_jobs(
    db::Connection& conn, std::span<FscRlieJob const* const> jobs);

// A point of a tile's series: where the followers of a job start.
struct SeriesPoint {
    std::string_view tile;
    util::TimePoint measurement;
    util::TimePoint esa_creation;
};
[[nodiscard]] SeriesPoint series_point(FscRlieJob const& job);

// The first `count` reference jobs that follow each point on its tile (measured at or after
// it, created by ESA after it), oldest first, as the reference's
// fsc_rlie_jobs_following_measurement_with_tile_id returns them, among the jobs of the
// database and `round` (jobs being configured, which need not be in the database yet). One
// query for all the points.
[[nodiscard]] std::vector<std::vector<FscRlieJob::FollowingJob>> find_following_jobs(
    db::Connection& conn, std::span<FscRlieJob const* const> round, std::span<SeriesPoint const> points,
    std::size_t count);

}  // namespace hrsi::jobs
