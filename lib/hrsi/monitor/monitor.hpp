// SPDX-License-Identifier: Apache-2.0
#pragma once

// hrsi-monitor's logic: find jobs whose worker is gone or that overstay a step, stop what is
// left of their worker, and send them back to ready (within the retry limit).

#include <hrsi/db/connection.hpp>
#include <hrsi/db/reconnect.hpp>
#include <hrsi/nomad/nomad_cli.hpp>
#include <hrsi/slurm/slurm_cli.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

namespace hrsi::monitor {

struct MonitorOptions {
    // The job types this program knows (the built-in ones unless the program gives others).
    jobs::Registry const* job_types = &jobs::builtin_job_types();
    std::vector<std::string> types;  // empty: the enabled types
    std::optional<std::chrono::milliseconds> loop;  // nothing: one pass
    bool dry_run = false;
    nomad::NomadOptions nomad;
    slurm::SlurmOptions slurm;
    // Overrides system parameter worker_heartbeat_timeout_seconds.
    std::optional<std::chrono::seconds> heartbeat_timeout;
    // With loop: a lost database connection is opened again this way (else it ends the run).
    std::optional<db::ReconnectPolicy> reconnect;
};

struct MonitorCounts {
    std::int64_t looked_at = 0;
    std::int64_t recovered = 0;  // back to ready
    std::int64_t given_up = 0;   // left in internal_error: no attempt left
};

// One pass (or a loop). `out` gets one line per job found dead or overdue (what was, or with
// --dry-run would be, done).
MonitorCounts run_monitor(db::Connection& conn, MonitorOptions const& options, util::Log const& log,
                          std::ostream& out, std::stop_token stop = {});

}  // namespace hrsi::monitor
