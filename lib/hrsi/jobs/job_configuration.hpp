// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/registry.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace hrsi::jobs {

struct ConfigurationCounts {
    std::int64_t ready = 0;
    std::int64_t configured = 0;      // waiting for a dependency
    std::int64_t cancelled = 0;
    std::int64_t internal_errors = 0;
    std::int64_t spawned = 0;         // jobs that configuration created (and configured)
    std::int64_t rechecks = 0;        // of the configured, those to configure again once the input is complete
};

ConfigurationCounts& operator+=(ConfigurationCounts& total, ConfigurationCounts const& more) noexcept;

// Called for every configured job with the outcome of its configuration.
using ConfiguredJobCallback = std::function<void(JobTemplate const&, Configuration const&)>;

// Configures jobs already in the database, as the reference's configuration service: the
// type's batch step, then each job's single step; writes the jobs' columns that changed and
// the status changes that lead to each outcome (a job without status gets initialized first;
// initialized jobs pass through configured; a configured job that stays configured gets no
// new change). Jobs the configuration spawns are configured and inserted in turn
// (configure_new_jobs). Runs in the caller's transaction.
ConfigurationCounts configure_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                   ConfiguredJobCallback const& on_configured = {});

// Configures new jobs, not yet in the database (their ids assigned: assign_new_job_ids), and
// inserts each in its final state: its row, its child row and its history (initialized,
// configured, then ready, cancelled or internal_error), with no later update. The type's
// configuration sees them beside the jobs of the database. Jobs the configuration spawns are
// configured and inserted in turn. Runs in the caller's transaction.
ConfigurationCounts configure_new_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                       ConfiguredJobCallback const& on_configured = {});

// The status changes that take a job from `current` to the outcome of its configuration.
[[nodiscard]] std::vector<JobStatus> configuration_path(std::optional<JobStatus> current,
                                                        JobStatus outcome);

}  // namespace hrsi::jobs
