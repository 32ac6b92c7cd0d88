// SPDX-License-Identifier: Apache-2.0
#include <hrsi/monitor/assessment.hpp>

#include <fmt/format.h>

#include <charconv>

namespace hrsi::monitor {
namespace {

constexpr char const* lost_checked = "Error automatically checked as the worker was lost; the job is ready again.";
constexpr char const* nomad_checked = "Error automatically checked as it's coming from Nomad.";
constexpr char const* slurm_checked = "Error automatically checked as it's coming from Slurm.";
constexpr char const* overdue_checked =
    "Error automatically checked as the job overstayed its step; the job is ready again.";

std::optional<std::chrono::minutes> limit_of(JobStatus status, Limits const& limits) {
    switch (status) {
    case JobStatus::queued: return limits.queued;
    case JobStatus::started: return limits.started;
    case JobStatus::pre_processing: return limits.pre_processing;
    case JobStatus::processing: return limits.processing;
    case JobStatus::post_processing: return limits.post_processing;
    default: return std::nullopt;
    }
}

Verdict lost(std::string message) { return {Cause::worker_lost, "Worker lost", std::move(message), lost_checked}; }

}  // namespace

bool handled_by_nomad(std::string const& handle) noexcept {
    return !handle.empty() && handle != "print" && !handle.starts_with("local:") && !slurm::is_slurm_handle(handle);
}

bool handled_by_slurm(std::string const& handle) noexcept { return slurm::is_slurm_handle(handle); }

std::optional<std::pair<std::string, int>> local_dispatcher(std::string const& handle) {
    if (!handle.starts_with("local:")) return std::nullopt;
    auto const colon = handle.rfind(':');
    if (colon <= 6) return std::nullopt;
    int pid = 0;
    auto const digits = std::string_view(handle).substr(colon + 1);
    auto const [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (error != std::errc{} || end != digits.data() + digits.size() || pid <= 0) return std::nullopt;
    return std::pair{handle.substr(6, colon - 6), pid};
}

std::optional<Heartbeat> current_heartbeat(JobState const& job) {
    if (job.heartbeat && job.heartbeat->attempt == job.attempt) return job.heartbeat;
    return std::nullopt;
}

std::optional<Verdict> assess(JobState const& job, Observations const& seen, Limits const& limits) {
    auto const status = status_name(job.status);
    if (auto const limit = limit_of(job.status, limits); limit && job.status_age > *limit) {
        return Verdict{Cause::overdue, "Step time limit exceeded",
                       fmt::format("job {} stayed in {} for {} min, over the limit of {} min", job.id, status,
                                   std::chrono::duration_cast<std::chrono::minutes>(job.status_age).count(),
                                   limit->count()),
                       overdue_checked};
    }
    auto const beat = current_heartbeat(job);
    if (job.status == JobStatus::external_error || job.status == JobStatus::error_checked) {
        // Its Slurm job has ended (the batch script's loop ran out, or it was cancelled): no
        // worker will take it up, no need to wait for the heartbeat timeout.
        if (handled_by_slurm(job.executor_handle) &&
            (seen.slurm_job_missing || (seen.slurm_job && slurm::has_ended(seen.slurm_job->state)))) {
            return Verdict{Cause::rerun_lost, "",
                           fmt::format("job {} asked to run again ({}) but its Slurm job {} has ended{}", job.id,
                                       status, slurm::job_id_of(job.executor_handle),
                                       seen.slurm_job ? fmt::format(": {}", seen.slurm_job->state) : std::string()),
                           "Error automatically checked as no worker ran the job again; the job is ready again."};
        }
        bool const beating = beat && beat->age <= limits.heartbeat_timeout;
        if (job.status_age > limits.heartbeat_timeout && !beating) {
            return Verdict{Cause::rerun_lost, "",
                           fmt::format("job {} asked to run again {} s ago ({}) but no worker took it up", job.id,
                                       job.status_age.count(), status),
                           "Error automatically checked as no worker ran the job again; the job is ready again."};
        }
        return std::nullopt;
    }
    // Slurm tells at once when its job runs no more, whatever the step.
    if (handled_by_slurm(job.executor_handle)) {
        auto const slurm_id = slurm::job_id_of(job.executor_handle);
        if (seen.slurm_job_missing) {
            return Verdict{Cause::slurm_inconsistency, "Job inconsistency with Slurm",
                           fmt::format("job {} is {} but Slurm no longer knows its job {}", job.id, status, slurm_id),
                           slurm_checked};
        }
        if (seen.slurm_job && slurm::has_ended(seen.slurm_job->state)) {
            return Verdict{Cause::slurm_inconsistency, "Job inconsistency with Slurm",
                           fmt::format("job {} is {} but its Slurm job {} has ended: {} ({})", job.id, status,
                                       slurm_id, seen.slurm_job->state, seen.slurm_job->reason),
                           slurm_checked};
        }
    }
    if (job.status != JobStatus::queued) {
        if (beat) {
            if (beat->host == seen.this_host && seen.worker_process_alive == false) {
                return lost(fmt::format("job {} is in {} but its worker (pid {} on {}) is gone", job.id, status,
                                        beat->pid, beat->host));
            }
            if (beat->age > limits.heartbeat_timeout) {
                return lost(fmt::format("job {} is in {} but its worker (pid {} on {}) has not beaten for {} s",
                                        job.id, status, beat->pid, beat->host, beat->age.count()));
            }
            return std::nullopt;
        }
        if (job.status_age > limits.heartbeat_timeout) {
            return lost(fmt::format("job {} has been in {} for {} s without a heartbeat of attempt {}", job.id,
                                    status, job.status_age.count(), job.attempt));
        }
        return std::nullopt;
    }
    // Queued: no worker has taken the job yet. Is the hand-over still going to happen?
    if (job.status_age <= limits.heartbeat_timeout) return std::nullopt;
    if (handled_by_nomad(job.executor_handle)) {
        if (seen.dispatch_missing) {
            return Verdict{Cause::nomad_inconsistency, "Job inconsistency with Nomad",
                           fmt::format("job {} is queued but Nomad no longer knows its dispatch {}", job.id,
                                       job.executor_handle),
                           nomad_checked};
        }
        if (seen.allocations && !seen.allocations->empty() && nomad::all_finished(*seen.allocations)) {
            return Verdict{Cause::nomad_inconsistency, "Job inconsistency with Nomad",
                           fmt::format("job {} is queued but every allocation of its dispatch {} has ended ({})",
                                       job.id, job.executor_handle, seen.allocations->back().client_status),
                           nomad_checked};
        }
        return std::nullopt;
    }
    if (auto const dispatcher = local_dispatcher(job.executor_handle);
        dispatcher && dispatcher->first == seen.this_host && seen.dispatcher_process_alive == false) {
        return lost(fmt::format("job {} is queued but the dispatcher that was to run its worker (pid {}) is gone",
                                job.id, dispatcher->second));
    }
    return std::nullopt;
}

}  // namespace hrsi::monitor
