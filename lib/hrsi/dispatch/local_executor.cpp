// SPDX-License-Identifier: Apache-2.0
#include <hrsi/dispatch/local_executor.hpp>

#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/child_process.hpp>

#include <fmt/format.h>

namespace hrsi::dispatch {

LocalExecutor::LocalExecutor(LocalExecutorOptions options, util::Log const& log, std::stop_token stop)
    : m_options(std::move(options)), m_log(log), m_stop(std::move(stop)) {
    if (m_options.parallel < 1) m_options.parallel = 1;
    for (int i = 0; i < m_options.parallel; ++i) {
        m_slots.emplace_back([this](std::stop_token slot_stop) { run_slot(std::move(slot_stop)); });
    }
}

LocalExecutor::~LocalExecutor() {
    wait_idle();
    for (auto& slot : m_slots) slot.request_stop();
    m_work.notify_all();
    m_slots.clear();  // joins
}

int LocalExecutor::free_slots() const {
    std::lock_guard lock(m_mutex);
    if (!m_waiting.empty()) return 0;
    return m_options.parallel - m_busy;
}

bool LocalExecutor::idle() const {
    std::lock_guard lock(m_mutex);
    return m_busy == 0 && m_waiting.empty();
}

void LocalExecutor::submit(jobs::Claim claim) {
    auto const resources = flavor_resources(m_options.job_types->find(claim.job_type).info->worker_flavor);
    {
        std::lock_guard lock(m_mutex);
        m_waiting.push_back({std::move(claim), resources});
        ++m_counts.jobs;
        admit_waiting();
    }
    m_work.notify_all();
}

void LocalExecutor::admit_waiting() {
    while (!m_waiting.empty() && m_busy < m_options.parallel) {
        auto const& next = m_waiting.front();
        if (m_options.budget && !fits(*m_options.budget, m_in_use, next.resources)) {
            // Nothing else runs: it runs alone rather than never.
            if (m_busy > 0) return;
            m_log.warn("{}: its flavor ({}) exceeds the local executor's budget ({}): it runs alone",
                       m_options.job_types->job_label(next.claim.job_id, next.claim.job_type), describe(next.resources), describe(*m_options.budget));
        }
        m_in_use.cpus += next.resources.cpus;
        m_in_use.memory += next.resources.memory;
        ++m_busy;
        m_queue.push_back(next);
        m_waiting.pop_front();
    }
}

std::size_t LocalExecutor::wait_for_finished(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    m_finished.wait_for(lock, timeout, [this] { return m_finished_count > 0 || (m_busy == 0 && m_waiting.empty()); });
    return std::exchange(m_finished_count, 0);
}

void LocalExecutor::wait_idle() {
    std::unique_lock lock(m_mutex);
    m_finished.wait(lock, [this] { return m_busy == 0 && m_waiting.empty(); });
}

LocalExecutorCounts LocalExecutor::counts() const {
    std::lock_guard lock(m_mutex);
    return m_counts;
}

std::vector<jobs::Claim> LocalExecutor::take_unfinished() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_unfinished, {});
}

void LocalExecutor::run_slot(std::stop_token stop) {
    while (true) {
        Admitted job;
        {
            std::unique_lock lock(m_mutex);
            m_work.wait(lock, stop, [this] { return !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopped
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        run_job(job.claim, m_stop);
        {
            std::lock_guard lock(m_mutex);
            --m_busy;
            m_in_use.cpus -= job.resources.cpus;
            m_in_use.memory -= job.resources.memory;
            if (m_busy == 0) m_in_use = {};  // no drift of fractional CPUs
            ++m_finished_count;
            admit_waiting();
        }
        m_work.notify_all();
        m_finished.notify_all();
    }
}

void LocalExecutor::run_job(jobs::Claim const& claim, std::stop_token const& stop) {
    util::ChildOptions child;
    child.arguments.push_back(m_options.worker_program.string());
    child.arguments.insert(child.arguments.end(), m_options.worker_arguments.begin(), m_options.worker_arguments.end());
    child.arguments.insert(child.arguments.end(),
                           {"--attempt", std::to_string(claim.attempt), std::to_string(claim.job_id)});
    // The worker records its interruption itself: give it time to.
    child.grace = std::chrono::milliseconds(30'000);
    auto const prefix = m_options.job_types->job_label(claim.job_id, claim.job_type) + ": ";
    auto const forward = [this, &prefix](util::OutputStream, std::string_view line) {
        if (line.find("error: ") != std::string_view::npos) {
            m_log.error("{}{}", prefix, line);
        } else if (line.find("warning: ") != std::string_view::npos) {
            m_log.warn("{}{}", prefix, line);
        } else {
            m_log.debug("{}{}", prefix, line);
        }
    };
    for (int run = 1; run <= m_options.max_runs_per_job; ++run) {
        util::ChildResult result;
        try {
            result = util::run_child(child, forward, stop);
        } catch (std::exception const& error) {
            m_log.error("{}cannot run the worker: {}", prefix, error.what());
            std::lock_guard lock(m_mutex);
            ++m_counts.failures;
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            ++m_counts.runs;
        }
        // A worker stopped with us still records its interruption and exits 2.
        bool const again = result.exit_code == 2 && (result.ending == util::ChildResult::Ending::exited ||
                                                     result.ending == util::ChildResult::Ending::stopped);
        if (result.ending == util::ChildResult::Ending::exited && result.exit_code == 0) {
            m_log.info("{}worker done (run {})", prefix, run);
            std::lock_guard lock(m_mutex);
            ++m_counts.done;
            return;
        }
        if (!again) {
            m_log.error("{}the worker could not record its outcome: {}", prefix, result.describe());
            std::lock_guard lock(m_mutex);
            ++m_counts.failures;
            return;
        }
        if (stop.stop_requested() || run == m_options.max_runs_per_job) {
            m_log.warn("{}the worker asks to run again; {}: the job goes back to ready", prefix,
                       stop.stop_requested() ? "the dispatcher is stopping" : "no run left for this dispatch");
            std::lock_guard lock(m_mutex);
            ++m_counts.again;
            m_unfinished.push_back(claim);
            return;
        }
        m_log.info("{}the worker asks to run again (run {} of {})", prefix, run + 1, m_options.max_runs_per_job);
    }
}

}  // namespace hrsi::dispatch
