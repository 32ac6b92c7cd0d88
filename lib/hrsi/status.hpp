// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hrsi {

// The 16 job statuses with the ids of the reference system (sql/001_foundation.sql).
enum class JobStatus : std::int16_t {
    initialized = 1,
    configured = 2,
    ready = 3,
    queued = 4,
    started = 5,
    pre_processing = 6,
    processing = 7,
    post_processing = 8,
    processed = 9,
    start_publication = 10,
    published = 11,
    done = 12,
    internal_error = 13,
    external_error = 14,
    error_checked = 15,
    cancelled = 16,
};

inline constexpr std::array<JobStatus, 16> all_statuses = {
    JobStatus::initialized,    JobStatus::configured,        JobStatus::ready,
    JobStatus::queued,         JobStatus::started,           JobStatus::pre_processing,
    JobStatus::processing,     JobStatus::post_processing,   JobStatus::processed,
    JobStatus::start_publication, JobStatus::published,      JobStatus::done,
    JobStatus::internal_error, JobStatus::external_error,    JobStatus::error_checked,
    JobStatus::cancelled,
};

[[nodiscard]] constexpr int status_id(JobStatus status) noexcept {
    return static_cast<int>(status);
}

// The status's name as stored in job_status ("pre_processing").
[[nodiscard]] std::string_view status_name(JobStatus status) noexcept;

// The status of an id 1..16, or nothing.
[[nodiscard]] std::optional<JobStatus> status_from_id(int id) noexcept;

// Parses a name ("ready", case-insensitive, '-' accepted for '_') or an id ("3").
// Throws UsageError naming the valid statuses.
[[nodiscard]] JobStatus parse_status(std::string_view text);

[[nodiscard]] constexpr bool is_error_status(JobStatus status) noexcept {
    return status == JobStatus::internal_error || status == JobStatus::external_error;
}

// Whether a job whose last status is `from` (nothing = no status yet) may go to `to`
// (reference §2.2). The database enforces the same table; a test proves both agree.
[[nodiscard]] bool is_allowed_transition(std::optional<JobStatus> from, JobStatus to) noexcept;

}  // namespace hrsi
