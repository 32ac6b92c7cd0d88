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
};

// Configures jobs of one type, as the reference's configuration service: the type's batch
// step, then each job's single step; writes the jobs' columns and the status changes that
// lead to each outcome (a job without status gets initialized first; initialized jobs pass
// through configured; a configured job that stays configured gets no new change). Jobs the
// configuration spawns are inserted and configured in turn. Runs in the caller's
// transaction. Calls `on_configured` for every job with its final status.
ConfigurationCounts configure_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                   std::function<void(JobTemplate const&, JobStatus)> const& on_configured = {});

// The status changes that take a job from `current` to the outcome of its configuration.
[[nodiscard]] std::vector<JobStatus> configuration_path(std::optional<JobStatus> current,
                                                        JobStatus outcome);

}  // namespace hrsi::jobs
