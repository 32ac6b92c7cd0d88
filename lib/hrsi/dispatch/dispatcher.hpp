// SPDX-License-Identifier: Apache-2.0
#pragma once

// hrsi-dispatch's logic: promote configured jobs whose dependency is met, claim ready jobs by
// priority, hand them to an executor.

#include <hrsi/db/connection.hpp>
#include <hrsi/db/reconnect.hpp>
#include <hrsi/dispatch/local_executor.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/dispatch/slurm_executor.hpp>
#include <hrsi/nomad/nomad_cli.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

namespace hrsi::dispatch {

enum class ExecutorKind { local, nomad, slurm, print };
[[nodiscard]] ExecutorKind parse_executor(std::string_view text);

struct DispatchOptions {
    // The job types this program knows (the built-in ones unless the program gives others).
    jobs::Registry const* job_types = &jobs::builtin_job_types();
    std::vector<std::string> types;        // empty: the enabled types (job_types_list)
    std::optional<std::int64_t> max;       // jobs claimed per tick; nothing: all
    ExecutorKind executor = ExecutorKind::local;
    LocalExecutorOptions local;            // executor local
    nomad::NomadOptions nomad;             // executor nomad
    SlurmExecutorOptions slurm;            // executor slurm
    // Nothing: one tick (the local executor's tick lasts until no job is left to run).
    // Else a tick every `loop`, until stopped (or, with until_idle, until a tick finds nothing
    // to promote, claim or wait for).
    std::optional<std::chrono::milliseconds> loop;
    bool until_idle = false;
    bool dry_run = false;
    // With loop: a lost database connection is opened again this way (else it ends the run).
    std::optional<db::ReconnectPolicy> reconnect;
};

struct DispatchCounts {
    std::int64_t promoted = 0;    // configured → ready
    std::int64_t claimed = 0;     // ready → queued
    std::int64_t handed_over = 0; // given to the executor
    std::int64_t failed = 0;      // hand-overs that failed (recorded on the job)
};

// Runs ticks as the options say. `out`: the print executor's "<job id> <attempt>" lines and
// the dry run's plan. Throws ServiceUnavailable when the database, Nomad or Slurm cannot be
// reached.
DispatchCounts run_dispatch(db::Connection& conn, DispatchOptions const& options, util::Log const& log,
                            std::ostream& out, std::stop_token stop = {});

}  // namespace hrsi::dispatch
