// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/status.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hrsi::jobs {

// Inserts jobs (the common row and the type's child row) in two statements whatever their
// number, and sets their ids. The jobs start without status.
void insert_jobs(db::Connection& conn, std::span<std::unique_ptr<JobTemplate> const> jobs);

// What update_jobs() compares with: a job's writable values at some moment.
struct JobSnapshot {
    std::string name;
    std::optional<Priority> priority;
    ColumnValues columns;
};
[[nodiscard]] JobSnapshot snapshot_of(JobTemplate const& job);

// Whether a job's writable values differ from a snapshot.
[[nodiscard]] bool differs(JobTemplate const& job, JobSnapshot const& before);

// Writes, for jobs of one type, only the values that differ from their snapshots (name,
// priority, child columns), so that a column someone else changed meanwhile is kept.
void update_jobs(db::Connection& conn, std::span<JobTemplate const* const> jobs,
                 std::span<JobSnapshot const* const> before);

// Jobs of a type whose cached last status is one of `statuses`, by id, through the type's
// <type>_jobs_with_last_status procedure.
[[nodiscard]] JobList jobs_with_last_status(db::Connection& conn, JobTypeEntry const& type,
                                            std::vector<JobStatus> const& statuses);

// Jobs of a type by id (missing ids are left out).
[[nodiscard]] JobList load_jobs(db::Connection& conn, JobTypeEntry const& type,
                                std::vector<std::int64_t> const& ids);

// One status change for append_status_changes.
struct StatusWrite {
    std::int64_t job_id;
    JobStatus status;
    std::optional<std::string> error_subtype;
    std::optional<std::string> error_message;
};

// Appends many status changes in one statement (hrsi.append_status_changes): the same
// checks as a single write, each job's changes in the given order. Throws
// InvalidTransition or NotFound, writing nothing.
void append_status_changes(db::Connection& conn, std::span<StatusWrite const> changes);

}  // namespace hrsi::jobs
