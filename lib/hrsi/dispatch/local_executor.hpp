// SPDX-License-Identifier: Apache-2.0
#pragma once

// The local executor: hrsi-run-worker processes on this host, at most K at once and, with a
// budget, only while the flavors of the running jobs fit it: jobs start in the order they were
// submitted, a job that does not fit waits (and those behind it) until enough has finished, and
// a job whose flavor alone exceeds the budget runs alone (with a warning) rather than never. A
// worker that exits with 2 ("run it again") is run again, up to the retry limit.

#include <hrsi/dispatch/flavor_budget.hpp>
#include <hrsi/jobs/claims.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace hrsi::dispatch {

struct LocalExecutorOptions {
    // The job types this program knows (the built-in ones unless the program gives others).
    jobs::Registry const* job_types = &jobs::builtin_job_types();
    std::filesystem::path worker_program = "hrsi-run-worker";
    std::vector<std::string> worker_arguments;  // before "--attempt N JOB_ID", e.g. --db URI
    int parallel = 1;
    int max_runs_per_job = 3;  // runs of one claim (exit 2 → again), the retry limit
    // The CPUs and memory the running jobs' flavors may add up to; nothing: no budget.
    std::optional<Resources> budget;
};

struct LocalExecutorCounts {
    std::size_t jobs = 0;      // claims handed over
    std::size_t runs = 0;      // worker processes run
    std::size_t done = 0;      // last run exited 0
    std::size_t again = 0;     // last run exited 2 and no run was left (or the executor stopped)
    std::size_t failures = 0;  // a worker that could not record its outcome (other exit codes)
};

class LocalExecutor {
public:
    LocalExecutor(LocalExecutorOptions options, util::Log const& log, std::stop_token stop);
    LocalExecutor(LocalExecutor const&) = delete;
    LocalExecutor& operator=(LocalExecutor const&) = delete;
    // Waits for the workers (they are stopped first if the stop token was triggered).
    ~LocalExecutor();

    // How many claims submit() can take now: the slots without a job, none while a submitted
    // job waits for its flavor to fit the budget.
    [[nodiscard]] int free_slots() const;
    [[nodiscard]] bool has_budget() const noexcept { return m_options.budget.has_value(); }
    [[nodiscard]] bool idle() const;
    void submit(jobs::Claim claim);
    // Waits until a job finishes, or `timeout`; returns how many jobs finished since the
    // previous call.
    std::size_t wait_for_finished(std::chrono::milliseconds timeout);
    // Waits until no job is queued or running.
    void wait_idle();
    [[nodiscard]] LocalExecutorCounts counts() const;
    // Jobs whose worker asked to run again when this executor could not (it was stopped, or the
    // claim had no run left): their caller hands them back (jobs::requeue_job). Taken once.
    [[nodiscard]] std::vector<jobs::Claim> take_unfinished();

private:
    struct Admitted {
        jobs::Claim claim;
        Resources resources;
    };
    // Moves the waiting jobs that may start to m_queue (the mutex held).
    void admit_waiting();
    void run_slot(std::stop_token stop);
    void run_job(jobs::Claim const& claim, std::stop_token const& stop);

    LocalExecutorOptions m_options;
    util::Log m_log;
    std::stop_token m_stop;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_work;
    std::condition_variable_any m_finished;
    std::deque<Admitted> m_waiting;  // submitted, not admitted yet (the budget)
    std::deque<Admitted> m_queue;    // admitted, for the slots
    int m_busy = 0;                  // admitted jobs (queued or running)
    Resources m_in_use;              // their flavors
    std::size_t m_finished_count = 0;
    LocalExecutorCounts m_counts;
    std::vector<jobs::Claim> m_unfinished;
    std::vector<std::jthread> m_slots;
};

}  // namespace hrsi::dispatch
