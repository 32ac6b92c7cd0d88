// SPDX-License-Identifier: Apache-2.0
#include <hrsi/monitor/monitor.hpp>

#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/host.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/jobs/retry_policy.hpp>
#include <hrsi/monitor/assessment.hpp>

#include <fmt/format.h>

#include <signal.h>
#include <unistd.h>

#include <array>
#include <map>
#include <cerrno>
#include <thread>

namespace hrsi::monitor {
namespace {

bool process_alive(int pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

std::optional<std::chrono::minutes> minutes(db::SystemParameterValues const& parameters, char const* name) {
    auto const value = parameters.optional_integer(name);
    if (!value) return std::nullopt;
    return std::chrono::minutes(*value);
}

Limits limits_from(db::SystemParameterValues const& parameters, MonitorOptions const& options) {
    Limits limits;
    limits.queued = minutes(parameters, "queued_timeout_minutes");
    limits.started = minutes(parameters, "started_timeout_minutes");
    limits.pre_processing = minutes(parameters, "pre_processing_timeout_minutes");
    limits.processing = minutes(parameters, "processing_timeout_minutes");
    limits.post_processing = minutes(parameters, "post_processing_timeout_minutes");
    limits.heartbeat_timeout = options.heartbeat_timeout.value_or(
        std::chrono::seconds(parameters.integer("worker_heartbeat_timeout_seconds")));
    return limits;
}

std::vector<JobState> jobs_in_worker_steps(db::Connection& conn, std::vector<std::string> const& types) {
    auto const rows = conn.query(R"sql(
select j.id, j.last_status, floor(extract(epoch from now() - j.last_status_at))::bigint, j.attempt,
       coalesce(j.executor_handle, ''), h.host, h.pid, h.attempt,
       floor(extract(epoch from now() - h.beat_at))::bigint, j.job_type
  from hrsi.jobs j left join hrsi.worker_heartbeats h on h.job_id = j.id
 where j.job_type = any ($1::text[])
   and (j.last_status between 4 and 8
        -- external_error or error_checked written by a worker (with its attempt): it asked to
        -- run again
        or (j.last_status in (14, 15)
            and (select c.attempt from hrsi.job_status_changes c where c.id = j.last_status_change_id) is not null))
 order by j.id)sql",
                                 types);
    std::vector<JobState> jobs;
    for (int r = 0; r < rows.rows(); ++r) {
        JobState job;
        job.id = rows.get_int(r, 0);
        job.status = status_from_id(static_cast<int>(rows.get_int(r, 1))).value_or(JobStatus::queued);
        job.status_age = std::chrono::seconds(std::max<long long>(0, rows.get_int(r, 2)));
        job.attempt = static_cast<int>(rows.get_int(r, 3));
        job.executor_handle = std::string(rows.get(r, 4));
        job.job_type = std::string(rows.get(r, 9));
        if (!rows.is_null(r, 5)) {
            job.heartbeat = Heartbeat{std::string(rows.get(r, 5)), static_cast<int>(rows.get_int(r, 6)),
                                      static_cast<int>(rows.get_int(r, 7)),
                                      std::chrono::seconds(std::max<long long>(0, rows.get_int(r, 8)))};
        }
        jobs.push_back(std::move(job));
    }
    return jobs;
}

class Monitor {
public:
    Monitor(db::Connection& conn, MonitorOptions const& options, util::Log const& log, std::ostream& out)
        : m_conn(conn), m_options(options), m_log(log), m_out(out), m_host(util::host_name()) {}

    void pass(MonitorCounts& counts);

private:
    Observations observe(JobState const& job, Limits const& limits);
    void observe_slurm(JobState const& job, Observations& seen);
    void stop_worker(JobState const& job, Verdict const& verdict);

    db::Connection& m_conn;
    MonitorOptions const& m_options;
    util::Log const& m_log;
    std::ostream& m_out;
    std::string m_host;
    // Slurm's jobs, read once per pass when a job needs them; nothing when Slurm could not answer.
    std::optional<std::map<std::string, slurm::JobState>> m_slurm_jobs;
    bool m_slurm_asked = false;
};

void Monitor::observe_slurm(JobState const& job, Observations& seen) {
    if (!m_slurm_asked) {
        m_slurm_asked = true;
        try {
            m_slurm_jobs = slurm::job_states(m_options.slurm);
        } catch (slurm::SlurmError const& error) {
            m_log.warn("cannot ask Slurm about its jobs: {}", error.what());
        }
    }
    if (!m_slurm_jobs) return;
    auto const found = m_slurm_jobs->find(slurm::job_id_of(job.executor_handle));
    if (found == m_slurm_jobs->end()) {
        seen.slurm_job_missing = true;
    } else {
        seen.slurm_job = found->second;
    }
}

Observations Monitor::observe(JobState const& job, Limits const& limits) {
    Observations seen;
    seen.this_host = m_host;
    if (auto const beat = current_heartbeat(job); beat && beat->host == m_host) {
        seen.worker_process_alive = process_alive(beat->pid);
    }
    if (auto const dispatcher = local_dispatcher(job.executor_handle); dispatcher && dispatcher->first == m_host) {
        seen.dispatcher_process_alive = process_alive(dispatcher->second);
    }
    if (handled_by_slurm(job.executor_handle)) observe_slurm(job, seen);
    // Nomad is asked only about queued jobs past the grace period: the heartbeat tells the rest.
    if (job.status == JobStatus::queued && handled_by_nomad(job.executor_handle) &&
        job.status_age > limits.heartbeat_timeout) {
        try {
            seen.allocations = nomad::job_allocations(m_options.nomad, job.executor_handle);
        } catch (nomad::NomadError const& error) {
            if (error.failure() == nomad::Failure::not_found) {
                seen.dispatch_missing = true;
            } else {
                m_log.warn("{}: cannot ask Nomad about dispatch {}: {}", m_options.job_types->job_label(job.id, job.job_type), job.executor_handle, error.what());
            }
        }
    }
    return seen;
}

void Monitor::stop_worker(JobState const& job, Verdict const& verdict) {
    if (handled_by_slurm(job.executor_handle)) {
        try {
            slurm::cancel(m_options.slurm, {slurm::job_id_of(job.executor_handle)});
        } catch (slurm::SlurmError const& error) {
            m_log.warn("{}: cannot cancel Slurm job {}: {}", m_options.job_types->job_label(job.id, job.job_type), slurm::job_id_of(job.executor_handle),
                       error.what());
        }
        return;
    }
    if (handled_by_nomad(job.executor_handle)) {
        try {
            nomad::stop_job(m_options.nomad, job.executor_handle);
        } catch (nomad::NomadError const& error) {
            m_log.warn("{}: cannot stop Nomad dispatch {}: {}", m_options.job_types->job_label(job.id, job.job_type), job.executor_handle, error.what());
        }
        return;
    }
    auto const beat = current_heartbeat(job);
    if (verdict.cause == Cause::overdue && beat && beat->host == m_host && process_alive(beat->pid)) {
        // The worker stops its program and would record the interruption; the new attempt
        // taken by the recovery refuses that write (fencing).
        ::kill(beat->pid, SIGTERM);
    }
}

void Monitor::pass(MonitorCounts& counts) {
    m_slurm_asked = false;
    m_slurm_jobs.reset();
    auto const parameters = db::load_system_parameters(m_conn);
    auto const limits = limits_from(parameters, m_options);
    auto const max_attempts = static_cast<int>(parameters.integer("max_attempts"));
    auto const types = dispatch::active_job_types(m_conn, *m_options.job_types, m_options.types);
    for (auto const& job : jobs_in_worker_steps(m_conn, types)) {
        ++counts.looked_at;
        auto const verdict = assess(job, observe(job, limits), limits);
        if (!verdict) continue;
        // A job overdue in queued waited for capacity (Nomad placement): not the job's fault.
        bool const counted = !(verdict->cause == Cause::overdue && job.status == JobStatus::queued);
        jobs::Recovery const recovery{verdict->subtype, verdict->message, verdict->checked_message, true,
                                      counted,          job.status,       job.attempt};
        if (m_options.dry_run) {
            bool const again = verdict->cause == Cause::rerun_lost ||
                               jobs::recovery_runs_again(m_conn, job.id, recovery, max_attempts);
            m_out << fmt::format("job {}: {}: {} (would {})\n", job.id,
                                 verdict->subtype.empty() ? "Rerun lost" : verdict->subtype, verdict->message,
                                 again ? "stop its worker and send it back to ready"
                                       : "stop its worker and leave it in internal_error: no attempt left");
            continue;
        }
        if (verdict->cause == Cause::rerun_lost) {
            try {
                jobs::requeue_job(m_conn, job.id, verdict->checked_message, job.attempt);
                ++counts.recovered;
                m_out << fmt::format("job {}: {}; ready again\n", job.id, verdict->message);
                m_log.warn("{}: {}", m_options.job_types->job_label(job.id, job.job_type), verdict->message);
            } catch (InvalidTransition const& error) {
                m_log.info("job {} moved on meanwhile ({})", job.id, error.what());
            }
            continue;
        }
        stop_worker(job, *verdict);
        bool ready = false;
        try {
            ready = jobs::recover_job(m_conn, job.id, recovery, max_attempts);
        } catch (InvalidTransition const& error) {
            // The worker wrote an outcome meanwhile: nothing to recover.
            m_log.info("job {} moved on meanwhile ({})", job.id, error.what());
            continue;
        }
        ++(ready ? counts.recovered : counts.given_up);
        m_out << fmt::format("job {}: {}: {}; {}\n", job.id, verdict->subtype, verdict->message,
                             ready ? "ready again" : "no attempt left: left in internal_error");
        m_out.flush();
        m_log.warn("{}: {}: {}", m_options.job_types->job_label(job.id, job.job_type), verdict->subtype, verdict->message);
    }
}

}  // namespace

MonitorCounts run_monitor(db::Connection& conn, MonitorOptions const& options, util::Log const& log,
                          std::ostream& out, std::stop_token stop) {
    Monitor monitor(conn, options, log, out);
    MonitorCounts counts;
    while (true) {
        try {
            monitor.pass(counts);
        } catch (std::exception const& error) {
            if (!options.loop || !options.reconnect || !db::connection_lost(conn, error)) throw;
            log.error("{}", error.what());
            if (!db::reconnect(conn, *options.reconnect, log, stop)) break;
            continue;
        }
        if (!options.loop || options.dry_run) break;
        auto const deadline = std::chrono::steady_clock::now() + *options.loop;
        while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (stop.stop_requested()) break;
    }
    return counts;
}

}  // namespace hrsi::monitor
