// SPDX-License-Identifier: Apache-2.0
#include <hrsi/worker/heartbeat.hpp>
#include <hrsi/util/host.hpp>

#include <hrsi/db/connection.hpp>

#include <unistd.h>

#include <array>
#include <optional>

namespace hrsi::worker {
namespace {

// Upserts the beat only while the job is this attempt's and in a worker step; no row back
// means the job is no longer this worker's.
constexpr std::string_view beat_sql = R"sql(
insert into hrsi.worker_heartbeats as h (job_id, attempt, host, pid, status, started_at, beat_at)
select j.id, $2, $3, $4, $5, clock_timestamp(), clock_timestamp()
  from hrsi.jobs j
 where j.id = $1 and j.attempt = $2 and j.last_status between 5 and 8
on conflict (job_id) do update
   set attempt = excluded.attempt, host = excluded.host, pid = excluded.pid,
       status = excluded.status, beat_at = excluded.beat_at,
       started_at = case when h.attempt = excluded.attempt and h.pid = excluded.pid
                         then h.started_at else excluded.started_at end
returning 1)sql";

// Returns false when the job is no longer this worker's.
bool beat(db::Connection& conn, std::int64_t job_id, int attempt, JobStatus status) {
    static std::string const host = util::host_name();
    auto const result = conn.query_prepared("hrsi_heartbeat", beat_sql, job_id, attempt, host,
                                            static_cast<long>(getpid()), status);
    return result.rows() == 1;
}

}  // namespace

Heartbeat::Heartbeat(std::string const& conninfo, std::int64_t job_id, int attempt, JobStatus status,
                     std::chrono::milliseconds interval, util::Log const& log,
                     std::stop_source on_lost)
    : m_conninfo(conninfo), m_job_id(job_id), m_attempt(attempt), m_interval(interval), m_log(log),
      m_on_lost(std::move(on_lost)), m_status(status) {
    auto conn = db::Connection::open(m_conninfo, "hrsi-run-worker heartbeat");
    if (!beat(conn, m_job_id, m_attempt, m_status)) {
        m_lost = true;
        m_on_lost.request_stop();
    }
    m_thread = std::jthread([this, conn = std::move(conn)](std::stop_token stop) mutable {
        run(std::move(stop), std::move(conn));
    });
}

Heartbeat::~Heartbeat() { stop(); }

void Heartbeat::set_status(JobStatus status) {
    {
        std::lock_guard lock(m_mutex);
        m_status = status;
        m_beat_now = true;
    }
    m_wake.notify_all();
}

void Heartbeat::stop() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_thread.join();
    }
}

bool Heartbeat::lost() const {
    std::lock_guard lock(m_mutex);
    return m_lost;
}

void Heartbeat::run(std::stop_token stop, db::Connection first) {
    std::optional<db::Connection> conn(std::move(first));
    beat_until_stopped(stop, conn);
    // The row stays: the worker removes it with its final status (remove_heartbeat), so that
    // the monitor never sees a job in a worker step without a heartbeat while the outcome is
    // being written.
}

void Heartbeat::beat_until_stopped(std::stop_token const& stop, std::optional<db::Connection>& conn) {
    while (true) {
        JobStatus status;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, stop, m_interval, [this] { return m_beat_now; });
            if (stop.stop_requested()) return;
            m_beat_now = false;
            status = m_status;
        }
        try {
            if (!conn) conn = db::Connection::open(m_conninfo, "hrsi-run-worker heartbeat");
            if (!beat(*conn, m_job_id, m_attempt, status)) {
                m_log.warn("job {} is no longer this worker's (attempt {}): another attempt took it, or "
                           "its status changed; stopping", m_job_id, m_attempt);
                {
                    std::lock_guard lock(m_mutex);
                    m_lost = true;
                }
                m_on_lost.request_stop();
                return;
            }
        } catch (std::exception const& error) {
            // The database may come back; the monitor judges staleness, not one missed beat.
            m_log.warn("heartbeat of job {} failed: {}", m_job_id, error.what());
            conn.reset();
        }
    }
}

void remove_heartbeat(db::Connection& conn, std::int64_t job_id, int attempt) {
    conn.query("delete from hrsi.worker_heartbeats where job_id = $1 and attempt = $2", job_id, attempt);
}

}  // namespace hrsi::worker
