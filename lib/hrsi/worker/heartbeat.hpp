// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/status.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

namespace hrsi::worker {

// While a worker runs a job, refreshes the job's row of hrsi.worker_heartbeats (time, host,
// pid, attempt, step) every `interval`, on its own database connection, so that the monitor can
// tell a dead worker from a slow one. A beat also checks that the job is still this worker's:
// when its attempt has moved on or its status has left the worker steps (an operator
// cancelled it, the monitor gave it to another attempt), the heartbeat requests `on_lost`
// so that the worker stops its program.
class Heartbeat {
public:
    // Opens the connection and beats once before returning (throws ServiceUnavailable).
    Heartbeat(std::string const& conninfo, std::int64_t job_id, int attempt, JobStatus status,
              std::chrono::milliseconds interval, util::Log const& log, std::stop_source on_lost);
    Heartbeat(Heartbeat const&) = delete;
    Heartbeat& operator=(Heartbeat const&) = delete;
    // Stops beating (see stop()).
    ~Heartbeat();

    // The worker entered another step: beat now with it.
    void set_status(JobStatus status);
    // Stops beating (the row stays until remove_heartbeat), before the worker writes a final
    // status. Idempotent.
    void stop();
    // Whether a beat found the job no longer this worker's.
    [[nodiscard]] bool lost() const;

private:
    void run(std::stop_token stop, db::Connection first);
    void beat_until_stopped(std::stop_token const& stop, std::optional<db::Connection>& conn);

    std::string m_conninfo;
    std::int64_t m_job_id;
    int m_attempt;
    std::chrono::milliseconds m_interval;
    util::Log m_log;
    std::stop_source m_on_lost;

    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    JobStatus m_status;
    bool m_beat_now = false;
    bool m_lost = false;
    std::jthread m_thread;
};

// Removes a worker's heartbeat row: with (or right after) the job's final status.
void remove_heartbeat(db::Connection& conn, std::int64_t job_id, int attempt);

}  // namespace hrsi::worker
