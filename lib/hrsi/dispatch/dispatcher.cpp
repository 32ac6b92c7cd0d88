// SPDX-License-Identifier: Apache-2.0
#include <hrsi/dispatch/dispatcher.hpp>
#include <hrsi/util/host.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/claims.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/retry_policy.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <span>
#include <thread>

namespace hrsi::dispatch {
namespace {

std::int64_t remaining(std::optional<std::int64_t> max, std::int64_t claimed) {
    return max ? std::max<std::int64_t>(0, *max - claimed) : std::int64_t{1} << 40;
}

void record_handles(db::Connection& conn, std::vector<jobs::Claim> const& claims, std::string const& handle) {
    std::vector<std::int64_t> ids;
    for (auto const& claim : claims) ids.push_back(claim.job_id);
    if (!ids.empty()) {
        conn.query("update hrsi.jobs set executor_handle = $2 where id = any ($1::bigint[])", ids, handle);
    }
}

class Dispatcher {
public:
    Dispatcher(db::Connection& conn, DispatchOptions const& options, util::Log const& log, std::ostream& out,
               std::stop_token stop)
        : m_conn(conn), m_options(options), m_log(log), m_out(out), m_stop(std::move(stop)) {}

    DispatchCounts run();

private:
    // One tick; returns whether it did anything.
    bool tick();
    bool tick_print(std::vector<std::string> const& types);
    bool tick_nomad(std::vector<std::string> const& types);
    bool tick_slurm(std::vector<std::string> const& types);
    void submit_to_slurm(std::span<jobs::Claim const> claims, db::SystemParameterValues const& parameters,
                         int max_attempts);
    void slurm_failed(std::span<jobs::Claim const> claims, slurm::SlurmError const& error, int max_attempts);
    bool tick_local(std::vector<std::string> const& types, bool drain);
    void dry_run(std::vector<std::string> const& types);
    LocalExecutor& local_executor();
    void requeue_unfinished();
    void sleep_between_ticks();

    db::Connection& m_conn;
    DispatchOptions const& m_options;
    util::Log const& m_log;
    std::ostream& m_out;
    std::stop_token m_stop;
    DispatchCounts m_counts;
    std::unique_ptr<LocalExecutor> m_local;
};

DispatchCounts Dispatcher::run() {
    if (m_options.dry_run) {
        dry_run(active_job_types(m_conn, *m_options.job_types, m_options.types));
        return m_counts;
    }
    if (!m_options.loop) {
        tick();
    } else {
        while (!m_stop.stop_requested()) {
            bool busy = false;
            try {
                busy = tick();
            } catch (std::exception const& error) {
                if (!m_options.reconnect || !db::connection_lost(m_conn, error)) throw;
                m_log.error("{}", error.what());
                if (!db::reconnect(m_conn, *m_options.reconnect, m_log, m_stop)) break;
                continue;
            }
            if (m_options.until_idle && !busy && (!m_local || m_local->idle())) break;
            sleep_between_ticks();
        }
    }
    if (m_local) {
        m_local->wait_idle();
        requeue_unfinished();
        auto const counts = m_local->counts();
        m_log.info("local executor: {} job(s), {} worker run(s): {} done, {} to run again, {} worker failure(s)",
                   counts.jobs, counts.runs, counts.done, counts.again, counts.failures);
    }
    return m_counts;
}

void Dispatcher::sleep_between_ticks() {
    // A local worker that finishes frees a slot: the next tick may start at once.
    auto const deadline = std::chrono::steady_clock::now() + *m_options.loop;
    while (!m_stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
        auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto const step = std::min(left, std::chrono::milliseconds(200));
        if (m_local && !m_local->idle()) {
            if (m_local->wait_for_finished(step) > 0) return;
        } else {
            std::this_thread::sleep_for(step);
        }
    }
}

bool Dispatcher::tick() {
    auto const types = active_job_types(m_conn, *m_options.job_types, m_options.types);
    if (types.empty()) {
        m_log.warn("no job type to dispatch: none given with --type and system parameter job_types_list names none");
        return false;
    }
    switch (m_options.executor) {
    case ExecutorKind::print: return tick_print(types);
    case ExecutorKind::nomad: return tick_nomad(types);
    case ExecutorKind::slurm: return tick_slurm(types);
    case ExecutorKind::local: return tick_local(types, !m_options.loop);
    }
    return false;
}

bool Dispatcher::tick_print(std::vector<std::string> const& types) {
    auto const promoted = promote_configured_jobs(m_conn, *m_options.job_types, types, m_log).ready;
    m_counts.promoted += promoted;
    auto const claims = jobs::claim_ready_jobs(m_conn, types, remaining(m_options.max, 0));
    record_handles(m_conn, claims, "print");
    for (auto const& claim : claims) m_out << claim.job_id << ' ' << claim.attempt << '\n';
    m_out.flush();
    m_counts.claimed += static_cast<std::int64_t>(claims.size());
    m_counts.handed_over += static_cast<std::int64_t>(claims.size());
    if (!claims.empty()) m_log.info("claimed {} job(s) for another program", claims.size());
    return promoted > 0 || !claims.empty();
}

bool Dispatcher::tick_nomad(std::vector<std::string> const& types) {
    auto const promoted = promote_configured_jobs(m_conn, *m_options.job_types, types, m_log).ready;
    m_counts.promoted += promoted;
    auto const max_attempts = static_cast<int>(db::load_system_parameters(m_conn).integer("max_attempts"));
    std::int64_t claimed = 0;
    // One at a time: a failing Nomad strands no batch of queued jobs.
    while (!m_stop.stop_requested() && remaining(m_options.max, claimed) > 0) {
        auto const claims = jobs::claim_ready_jobs(m_conn, types, 1);
        if (claims.empty()) break;
        auto const& claim = claims.front();
        ++claimed;
        ++m_counts.claimed;
        auto const& nomad_job = std::string(m_options.job_types->find(claim.job_type).info->nomad_job_name);
        try {
            auto const dispatch = nomad::dispatch_job(m_options.nomad, nomad_job, claim.job_id, claim.attempt);
            m_conn.query("update hrsi.jobs set executor_handle = $2 where id = $1", claim.job_id, dispatch.dispatch_id);
            ++m_counts.handed_over;
            if (dispatch.placement_problem) {
                m_log.warn("{}: dispatched as {}, but Nomad cannot place it yet (exit status 2)",
                           m_options.job_types->job_label(claim.job_id, claim.job_type),
                           dispatch.dispatch_id);
            } else {
                m_log.info("{}, attempt {}: dispatched as {}", m_options.job_types->job_label(claim.job_id, claim.job_type), claim.attempt,
                           dispatch.dispatch_id);
            }
        } catch (nomad::NomadError const& error) {
            ++m_counts.failed;
            switch (error.failure()) {
            case nomad::Failure::timeout:
                // The dispatch may have happened: the next attempt fences it off.
                jobs::recover_job(m_conn, claim.job_id,
                                  {jobs::nomad_timeout_subtype, error.what(),
                                   "Error automatically checked as Nomad did not answer in time; the job is ready "
                                   "again.",
                                   true, false, JobStatus::queued, claim.attempt},
                                  max_attempts);
                m_log.warn("job {}: {}; ready again", claim.job_id, error.what());
                break;
            case nomad::Failure::unreachable:
                jobs::recover_job(m_conn, claim.job_id,
                                  {jobs::nomad_unreachable_subtype, error.what(),
                                   "Error automatically checked as Nomad could not be reached; the job is ready again.",
                                   true, false, JobStatus::queued, claim.attempt},
                                  max_attempts);
                throw ServiceUnavailable(fmt::format("{} (job {} is ready again)", error.what(), claim.job_id));
            case nomad::Failure::not_found:
            case nomad::Failure::error:
                jobs::set_job_status(m_conn, claim.job_id, JobStatus::internal_error,
                                     {std::string("Nomad Command Error"), std::string(error.what()), std::nullopt});
                m_log.error("job {}: {}", claim.job_id, error.what());
                break;
            }
        }
    }
    return promoted > 0 || claimed > 0;
}

bool Dispatcher::tick_slurm(std::vector<std::string> const& types) {
    auto const promoted = promote_configured_jobs(m_conn, *m_options.job_types, types, m_log).ready;
    m_counts.promoted += promoted;
    auto const parameters = db::load_system_parameters(m_conn);
    auto const max_attempts = static_cast<int>(parameters.integer("max_attempts"));
    auto const batch = std::max(1, m_options.slurm.batch);
    // A malformed slurm_partitions or slurm_constraints is refused before any job is claimed.
    for (auto const& type : types) (void)slurm_resources(*m_options.job_types->find(type).info, parameters, max_attempts);
    std::int64_t claimed = 0;
    // A batch at a time (at most one sbatch per job type): a failing Slurm strands no more.
    while (!m_stop.stop_requested() && remaining(m_options.max, claimed) > 0) {
        auto claims = jobs::claim_ready_jobs(m_conn, types, std::min<std::int64_t>(batch, remaining(m_options.max, claimed)));
        if (claims.empty()) break;
        claimed += static_cast<std::int64_t>(claims.size());
        m_counts.claimed += static_cast<std::int64_t>(claims.size());
        std::stable_sort(claims.begin(), claims.end(),
                         [](jobs::Claim const& a, jobs::Claim const& b) { return a.job_type < b.job_type; });
        for (auto begin = claims.begin(); begin != claims.end();) {
            auto const end = std::find_if(begin, claims.end(),
                                          [&begin](jobs::Claim const& c) { return c.job_type != begin->job_type; });
            std::span<jobs::Claim const> const group(&*begin, static_cast<std::size_t>(end - begin));
            try {
                submit_to_slurm(group, parameters, max_attempts);
            } catch (slurm::SlurmError const& error) {
                if (error.failure() == slurm::Failure::unreachable) {
                    // This group and those not submitted yet go back to ready.
                    slurm_failed(std::span<jobs::Claim const>(&*begin, static_cast<std::size_t>(claims.end() - begin)),
                                 error, max_attempts);
                    throw ServiceUnavailable(fmt::format("{} ({} job(s) ready again)", error.what(),
                                                         claims.end() - begin));
                }
                slurm_failed(group, error, max_attempts);
            }
            begin = end;
        }
    }
    return promoted > 0 || claimed > 0;
}

void Dispatcher::submit_to_slurm(std::span<jobs::Claim const> claims, db::SystemParameterValues const& parameters,
                                 int max_attempts) {
    auto const& type = *m_options.job_types->find(claims.front().job_type).info;
    auto const resources = slurm_resources(type, parameters, max_attempts);
    auto const submission = slurm_submission(claims, resources, m_options.slurm, max_attempts);
    auto const slurm_id = slurm::submit(m_options.slurm.slurm, submission);
    std::vector<std::int64_t> ids;
    std::vector<std::string> handles;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        ids.push_back(claims[i].job_id);
        handles.push_back(slurm_handle(slurm_id, claims.size(), i));
    }
    m_conn.query("update hrsi.jobs j set executor_handle = h.handle "
                 "from unnest($1::bigint[], $2::text[]) h(id, handle) where j.id = h.id",
                 ids, handles);
    m_counts.handed_over += static_cast<std::int64_t>(claims.size());
    if (claims.size() == 1) {
        m_log.info("{}, attempt {}: submitted as Slurm job {}",
                   m_options.job_types->job_label(claims.front().job_id, claims.front().job_type), claims.front().attempt,
                   slurm_id);
    } else {
        m_log.info("{} job(s) of type {} ({}; jobs {} ... {}): submitted as Slurm job array {}", claims.size(),
                   type.type_name, type.job_name, claims.front().job_id, claims.back().job_id, slurm_id);
    }
}

void Dispatcher::slurm_failed(std::span<jobs::Claim const> claims, slurm::SlurmError const& error, int max_attempts) {
    m_counts.failed += static_cast<std::int64_t>(claims.size());
    bool const temporary = error.failure() != slurm::Failure::refused;
    for (auto const& claim : claims) {
        if (temporary) {
            // A timed-out sbatch may have submitted the job: the new attempt fences it off.
            bool const timeout = error.failure() == slurm::Failure::timeout;
            jobs::recover_job(m_conn, claim.job_id,
                              {timeout ? jobs::slurm_timeout_subtype : jobs::slurm_unreachable_subtype, error.what(),
                               timeout ? "Error automatically checked as Slurm did not answer in time; the job is "
                                         "ready again."
                                       : "Error automatically checked as Slurm could not be reached; the job is "
                                         "ready again.",
                               true, false, JobStatus::queued, claim.attempt},
                              max_attempts);
        } else {
            jobs::set_job_status(m_conn, claim.job_id, JobStatus::internal_error,
                                 {std::string(jobs::slurm_command_error_subtype), std::string(error.what()),
                                  std::nullopt});
        }
    }
    if (temporary) {
        m_log.warn("{} job(s): {}; ready again", claims.size(), error.what());
    } else {
        m_log.error("{} job(s) left in internal_error: {}", claims.size(), error.what());
    }
}

LocalExecutor& Dispatcher::local_executor() {
    if (!m_local) {
        auto options = m_options.local;
        options.job_types = m_options.job_types;
        options.max_runs_per_job = static_cast<int>(db::load_system_parameters(m_conn).integer("max_attempts"));
        m_local = std::make_unique<LocalExecutor>(std::move(options), m_log, m_stop);
    }
    return *m_local;
}

void Dispatcher::requeue_unfinished() {
    for (auto const& claim : m_local->take_unfinished()) {
        try {
            jobs::requeue_job(m_conn, claim.job_id,
                              "Error automatically checked as the dispatcher running its worker stopped before the "
                              "job could run again; the job is ready again.");
        } catch (InvalidTransition const& error) {
            m_log.info("job {} moved on meanwhile ({})", claim.job_id, error.what());
        }
    }
}

bool Dispatcher::tick_local(std::vector<std::string> const& types, bool drain) {
    auto& executor = local_executor();
    requeue_unfinished();
    auto const handle = fmt::format("local:{}:{}", util::host_name(), getpid());
    bool busy = false;
    bool promote = true;
    while (!m_stop.stop_requested()) {
        if (promote) {
            auto const promoted = promote_configured_jobs(m_conn, *m_options.job_types, types, m_log).ready;
            m_counts.promoted += promoted;
            busy = busy || promoted > 0;
            promote = false;
        }
        auto wanted = std::min<std::int64_t>(executor.free_slots(), remaining(m_options.max, m_counts.claimed));
        // With a budget, one at a time: a job whose flavor does not fit stops the claims, so that
        // no more jobs wait queued here than the one.
        if (executor.has_budget()) wanted = std::min<std::int64_t>(wanted, 1);
        std::vector<jobs::Claim> claims;
        if (wanted > 0) claims = jobs::claim_ready_jobs(m_conn, types, wanted);
        record_handles(m_conn, claims, handle);
        for (auto const& claim : claims) {
            m_log.info("{}, attempt {}: running a worker", m_options.job_types->job_label(claim.job_id, claim.job_type), claim.attempt);
            executor.submit(claim);
        }
        m_counts.claimed += static_cast<std::int64_t>(claims.size());
        m_counts.handed_over += static_cast<std::int64_t>(claims.size());
        busy = busy || !claims.empty();
        if (executor.has_budget() && !claims.empty()) continue;  // the next one may fit too
        if (!drain) break;
        // Draining: go on until nothing is left to claim and every worker is done.
        if (claims.empty() && executor.idle()) {
            // A job that just finished may have let a follower become ready.
            auto const promoted = promote_configured_jobs(m_conn, *m_options.job_types, types, m_log).ready;
            if (promoted == 0) break;
            m_counts.promoted += promoted;
            continue;
        }
        if (executor.wait_for_finished(std::chrono::milliseconds(500)) > 0) promote = true;
    }
    return busy;
}

void Dispatcher::dry_run(std::vector<std::string> const& types) {
    auto const waiting = m_conn.query(
        "select count(*) from hrsi.jobs where last_status = 2 and job_type = any ($1::text[])", types);
    m_out << fmt::format("{} configured job(s) would be configured again (those whose dependency is met become "
                         "ready)\n",
                         waiting.get_int(0, 0));
    auto const ready = m_conn.query(fmt::format("select id, job_type, coalesce(priority, '-'), attempt + 1 "
                                                "from hrsi.jobs where last_status = 3 and job_type = any ($1::text[]) "
                                                "order by {} limit $2",
                                                jobs::claim_order_sql),
                                    types, remaining(m_options.max, 0));
    for (int r = 0; r < ready.rows(); ++r) {
        m_out << fmt::format("would dispatch job {} ({}, priority {}) as attempt {}\n", ready.get(r, 0),
                             ready.get(r, 1), ready.get(r, 2), ready.get(r, 3));
    }
}

}  // namespace

ExecutorKind parse_executor(std::string_view text) {
    if (text == "local") return ExecutorKind::local;
    if (text == "nomad") return ExecutorKind::nomad;
    if (text == "slurm") return ExecutorKind::slurm;
    if (text == "print") return ExecutorKind::print;
    throw UsageError(fmt::format("unknown executor '{}' (expected local, nomad, slurm or print)", text));
}

DispatchCounts run_dispatch(db::Connection& conn, DispatchOptions const& options, util::Log const& log,
                            std::ostream& out, std::stop_token stop) {
    Dispatcher dispatcher(conn, options, log, out, std::move(stop));
    return dispatcher.run();
}

}  // namespace hrsi::dispatch
