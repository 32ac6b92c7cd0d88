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

// Gives new jobs their ids (from the jobs' sequence, in one query) and their unique ids
// (UUID version 7), before they are configured and inserted.
void assign_new_job_ids(db::Connection& conn, std::span<std::unique_ptr<JobTemplate> const> jobs);

// A new job (its ids assigned) and the status changes its history starts with, oldest first;
// the error subtype and message go with the last one.
struct NewJob {
    JobTemplate const* job;
    std::vector<JobStatus> statuses;
    std::optional<std::string> error_subtype;
    std::optional<std::string> error_message;
};

// Inserts new jobs of one type in their final state, whatever their number in three COPY
// statements: the common rows with their status cache, the child rows, the history rows.
// The rows bypass the status trigger, so each job's statuses are checked here first against
// the transition table the database enforces (is_allowed_transition; a test proves both
// tables equal): a history must start with a first status and follow allowed transitions,
// or InternalError is thrown and nothing is written. Runs in the caller's transaction, or in
// one of its own when none is open.
void insert_new_jobs(db::Connection& conn, std::span<NewJob const> jobs);

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

// Jobs of a type by id, in the order of `ids` (missing ids are left out).
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
