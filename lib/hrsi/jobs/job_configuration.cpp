// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_configuration.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>

#include <fmt/format.h>

#include <chrono>

namespace hrsi::jobs {

namespace {

// Whether configuration changed what update_jobs() would write (most waiting jobs do not).
bool job_changed(JobTemplate const& job, ColumnValues const& columns_before,
                 std::string const& name_before, std::optional<Priority> priority_before) {
    if (job.common.name != name_before || job.common.priority != priority_before) {
        return true;
    }
    auto columns_after = job.to_database_value();
    if (columns_after.size() != columns_before.size()) {
        return true;
    }
    for (std::size_t c = 0; c < columns_after.size(); ++c) {
        if (columns_after[c].value != columns_before[c].value) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<JobStatus> configuration_path(std::optional<JobStatus> current, JobStatus outcome) {
    std::vector<JobStatus> path;
    if (!current) {
        path.push_back(JobStatus::initialized);
        current = JobStatus::initialized;
    }
    if (outcome == JobStatus::internal_error) {
        path.push_back(outcome);
        return path;
    }
    // Configured is always written before ready or cancelled, never twice (2 -> 2 is illegal).
    if (*current == JobStatus::initialized) {
        path.push_back(JobStatus::configured);
    }
    if (outcome != JobStatus::configured) {
        path.push_back(outcome);
    }
    return path;
}

ConfigurationCounts configure_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                   std::function<void(JobTemplate const&, JobStatus)> const& on_configured) {
    ConfigurationCounts counts;
    JobList round = std::move(jobs);
    // Spawned jobs are configured in later rounds; a bound guards against a type that keeps
    // spawning.
    for (int depth = 0; !round.empty(); ++depth) {
        if (depth > 16) {
            throw InternalError(fmt::format("{} configuration keeps creating jobs", type.info->type_name));
        }
        auto started = std::chrono::steady_clock::now();
        auto lap = [&](char const* what) {
            auto now = std::chrono::steady_clock::now();
            context.log.debug("  {}: {} ms", what,
                              std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count());
            started = now;
        };
        type.configure_batch_jobs(round, context);
        lap("configure_batch_jobs");
        std::vector<StatusWrite> writes;
        std::vector<JobTemplate const*> changed;
        for (auto& job : round) {
            auto columns_before = job->to_database_value();
            auto name_before = job->common.name;
            auto priority_before = job->common.priority;
            auto outcome = job->configure_single_job(context);
            if (job_changed(*job, columns_before, name_before, priority_before)) {
                changed.push_back(job.get());
            }
            auto path = configuration_path(job->common.last_status, outcome.status);
            for (std::size_t i = 0; i < path.size(); ++i) {
                bool last = i + 1 == path.size();
                writes.push_back({job->common.id, path[i], last ? outcome.error_subtype : std::nullopt,
                                  last ? outcome.message : std::nullopt});
            }
            switch (outcome.status) {
                case JobStatus::ready: ++counts.ready; break;
                case JobStatus::cancelled: ++counts.cancelled; break;
                case JobStatus::internal_error: ++counts.internal_errors; break;
                default: ++counts.configured; break;
            }
            if (!path.empty()) {
                job->common.last_status = path.back();
            }
        }
        lap("configure_single_job");
        update_jobs(context.conn, changed);
        lap("update_jobs");
        append_status_changes(context.conn, writes);
        lap("append_status_changes");
        if (on_configured) {
            for (auto const& job : round) {
                on_configured(*job, job->common.last_status.value_or(JobStatus::initialized));
            }
        }
        if (depth == 0) {
            jobs = std::move(round);
        }
        round = std::move(context.spawned);
        context.spawned.clear();
        counts.spawned += static_cast<std::int64_t>(round.size());
        if (!round.empty()) {
            insert_jobs(context.conn, round);
        }
    }
    return counts;
}

}  // namespace hrsi::jobs
