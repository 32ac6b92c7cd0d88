// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_configuration.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/util/stopwatch.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {
namespace {

// Spawned jobs are configured in later rounds; a bound guards against a type that keeps
// spawning.
constexpr int max_spawn_depth = 16;

void count(ConfigurationCounts& counts, Configuration const& outcome) {
    switch (outcome.status) {
        case JobStatus::ready: ++counts.ready; break;
        case JobStatus::cancelled: ++counts.cancelled; break;
        case JobStatus::internal_error: ++counts.internal_errors; break;
        default: ++counts.configured; break;
    }
    if (outcome.recheck_when_input_complete) ++counts.rechecks;
}

// The type's batch step, then each job's single step: the outcome of every job.
std::vector<Configuration> decide(JobTypeEntry const& type, JobList& jobs, JobContext& context) {
    util::Stopwatch stopwatch(context.log);
    context.round = jobs;
    struct EndOfRound {
        JobContext& context;
        ~EndOfRound() { context.round = {}; }
    } end_of_round{context};
    type.configure_batch_jobs(jobs, context);
    stopwatch.lap("configure_batch_jobs");
    std::vector<Configuration> outcomes;
    outcomes.reserve(jobs.size());
    for (auto& job : jobs) {
        outcomes.push_back(job->configure_single_job(context));
    }
    stopwatch.lap("configure_single_job");
    return outcomes;
}

}  // namespace

ConfigurationCounts& operator+=(ConfigurationCounts& total, ConfigurationCounts const& more) noexcept {
    total.ready += more.ready;
    total.configured += more.configured;
    total.cancelled += more.cancelled;
    total.internal_errors += more.internal_errors;
    total.spawned += more.spawned;
    total.rechecks += more.rechecks;
    return total;
}

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

ConfigurationCounts configure_new_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                       ConfiguredJobCallback const& on_configured) {
    ConfigurationCounts counts;
    JobList round = std::move(jobs);
    for (int depth = 0; !round.empty(); ++depth) {
        if (depth > max_spawn_depth) {
            throw InternalError(fmt::format("{} configuration keeps creating jobs", type.info->type_name));
        }
        util::Stopwatch stopwatch(context.log);
        auto outcomes = decide(type, round, context);
        std::vector<NewJob> writes;
        writes.reserve(round.size());
        for (std::size_t j = 0; j < round.size(); ++j) {
            auto& job = *round[j];
            auto const& outcome = outcomes[j];
            count(counts, outcome);
            auto path = configuration_path(std::nullopt, outcome.status);
            job.common.last_status = path.back();
            writes.push_back({&job, std::move(path), outcome.error_subtype, outcome.message});
        }
        insert_new_jobs(context.conn, writes);
        stopwatch.lap("insert_new_jobs");
        if (on_configured) {
            for (std::size_t j = 0; j < round.size(); ++j) on_configured(*round[j], outcomes[j]);
        }
        if (depth == 0) {
            jobs = std::move(round);
        }
        round = std::move(context.spawned);
        context.spawned.clear();
        counts.spawned += static_cast<std::int64_t>(round.size());
        assign_new_job_ids(context.conn, round);
    }
    return counts;
}

ConfigurationCounts configure_jobs(JobTypeEntry const& type, JobList& jobs, JobContext& context,
                                   ConfiguredJobCallback const& on_configured) {
    ConfigurationCounts counts;
    if (jobs.empty()) {
        return counts;
    }
    util::Stopwatch stopwatch(context.log);
    // What the jobs hold before configuration, to write only what configuration changed.
    std::vector<JobSnapshot> before;
    before.reserve(jobs.size());
    for (auto const& job : jobs) {
        before.push_back(snapshot_of(*job));
    }
    auto outcomes = decide(type, jobs, context);
    std::vector<StatusWrite> writes;
    std::vector<JobTemplate const*> changed;
    std::vector<JobSnapshot const*> changed_before;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto& job = *jobs[j];
        auto const& outcome = outcomes[j];
        count(counts, outcome);
        if (differs(job, before[j])) {
            changed.push_back(&job);
            changed_before.push_back(&before[j]);
        }
        auto path = configuration_path(job.common.last_status, outcome.status);
        for (std::size_t i = 0; i < path.size(); ++i) {
            bool last = i + 1 == path.size();
            writes.push_back({job.common.id, path[i], last ? outcome.error_subtype : std::nullopt,
                              last ? outcome.message : std::nullopt});
        }
        if (!path.empty()) {
            job.common.last_status = path.back();
        }
    }
    update_jobs(context.conn, changed, changed_before);
    stopwatch.lap("update_jobs");
    append_status_changes(context.conn, writes);
    stopwatch.lap("append_status_changes");
    if (on_configured) {
        for (std::size_t j = 0; j < jobs.size(); ++j) on_configured(*jobs[j], outcomes[j]);
    }
    // Jobs the configuration spawned are new: configured, then inserted in their final state.
    JobList spawned = std::move(context.spawned);
    context.spawned.clear();
    if (!spawned.empty()) {
        counts.spawned += static_cast<std::int64_t>(spawned.size());
        assign_new_job_ids(context.conn, spawned);
        counts += configure_new_jobs(type, spawned, context, on_configured);
    }
    return counts;
}

}  // namespace hrsi::jobs
