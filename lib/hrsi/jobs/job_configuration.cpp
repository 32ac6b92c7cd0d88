// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_configuration.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>

#include <hrsi/util/stopwatch.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {


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
        util::Stopwatch stopwatch(context.log);
        // What the job holds before configuration, to write only what configuration changed.
        std::vector<JobSnapshot> before;
        before.reserve(round.size());
        for (auto const& job : round) {
            before.push_back(snapshot_of(*job));
        }
        type.configure_batch_jobs(round, context);
        stopwatch.lap("configure_batch_jobs");
        std::vector<StatusWrite> writes;
        std::vector<JobTemplate const*> changed;
        std::vector<JobSnapshot const*> changed_before;
        for (std::size_t j = 0; j < round.size(); ++j) {
            auto& job = round[j];
            auto outcome = job->configure_single_job(context);
            if (differs(*job, before[j])) {
                changed.push_back(job.get());
                changed_before.push_back(&before[j]);
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
        stopwatch.lap("configure_single_job");
        update_jobs(context.conn, changed, changed_before);
        stopwatch.lap("update_jobs");
        append_status_changes(context.conn, writes);
        stopwatch.lap("append_status_changes");
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
