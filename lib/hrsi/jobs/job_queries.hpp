// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/status.hpp>
#include <hrsi/util/time.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

class Registry;  // registry.hpp

// Which jobs `list` (and later bulk actions) select. Empty members select everything.
struct JobFilter {
    std::vector<std::string> types;            // job_type in ...
    std::vector<JobStatus> statuses;           // last status in ...
    std::optional<std::string> tile;           // tile_id = ...
    std::optional<util::TimePoint> since;      // last status change at or after
    std::optional<util::TimePoint> until;      // last status change before
    std::optional<std::int64_t> limit;         // at most this many, by increasing id
};

// Ids of the matching jobs, by increasing id (served from the jobs_type_status index).
[[nodiscard]] std::vector<std::int64_t> list_job_ids(db::Connection& conn, JobFilter const& filter);

// The matching jobs with their common columns and status name, by increasing id.
[[nodiscard]] db::Result list_jobs(db::Connection& conn, JobFilter const& filter);

// The rows of list_jobs (of list_job_ids when `ids_only`), handed to `each` in batches of at
// most `batch_rows` through a cursor (db::for_each_batch): memory flat in the number of jobs.
void stream_jobs(db::Connection& conn, JobFilter const& filter, bool ids_only, int batch_rows,
                 std::function<void(db::Result const&)> const& each);

// One job: the common columns, its type's own columns and its status name, then job_type_name (its
// type's JOB_NAME); nullopt if unknown.
[[nodiscard]] std::optional<db::Result> show_job(db::Connection& conn, Registry const& job_types, std::int64_t job_id);

// The status history of the given jobs, oldest first per job.
[[nodiscard]] db::Result job_history(db::Connection& conn, std::vector<std::int64_t> const& ids);

// Of the given ids, those that are not jobs (in the given order).
[[nodiscard]] std::vector<std::int64_t> missing_job_ids(db::Connection& conn,
                                                        std::vector<std::int64_t> const& ids);

// Jobs per type and status: columns job_type, status, jobs, job_type_name (the type's JOB_NAME).
[[nodiscard]] db::Result job_summary(db::Connection& conn, Registry const& job_types);

// Whether the filter selects on anything (an empty filter selects every job).
[[nodiscard]] bool has_selection(JobFilter const& filter) noexcept;

// Timeliness of publication, per job type: of the jobs that have both input_published_at and
// output_published_at, the latter in [since, until), columns job_type, jobs, median_seconds,
// p95_seconds (percentile_cont of output - input publication, in seconds, rounded to
// milliseconds), missed (jobs that took longer than the system parameter
// timeliness_target_minutes) and target_minutes. One row per type with such jobs, by type.
struct TimelinessFilter {
    std::vector<std::string> types;        // job_type in ... (empty: every type)
    std::optional<util::TimePoint> since;  // output_published_at at or after
    std::optional<util::TimePoint> until;  // output_published_at before
};
[[nodiscard]] db::Result job_timeliness(db::Connection& conn, TimelinessFilter const& filter);

// Per job type known to the database: jobs that have been in an error status at least once
// (the error_raised flag). Columns job_type, jobs; every known type, by type.
[[nodiscard]] db::Result jobs_with_error_raised(db::Connection& conn);

// Rows of hrsi.worker_heartbeats (workers that hold a job).
[[nodiscard]] std::int64_t worker_heartbeat_count(db::Connection& conn);

// Names of the job types the database knows.
[[nodiscard]] std::vector<std::string> known_job_types(db::Connection& conn);

// Throws UsageError when a type is not known to the database, naming the known ones.
void check_job_types(db::Connection& conn, std::vector<std::string> const& types);

}  // namespace hrsi::jobs
