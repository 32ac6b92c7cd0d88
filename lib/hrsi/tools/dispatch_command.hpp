// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace hrsi::tools {

// hrsi-dispatch: ready jobs to workers.
struct DispatchCommandOptions {
    cli::CommonOptions common;
    std::vector<std::string> types;  // --type, repeatable or comma-separated
    long long max = -1;              // --max; -1: no limit
    std::string executor;            // --executor, else $HRSI_EXECUTOR, else local
    int parallel = 0;                // --parallel; 0: the number of processors
    double cpus = 0;                 // --cpus; 0: the number of processors
    std::string memory;              // --memory SIZE; empty: this machine's memory
    double loop = 0;                 // --loop SECONDS; 0: one tick
    bool until_idle = false;         // --until-idle
    std::string worker;              // --worker PATH
    bool dry_run = false;
};

void add_dispatch_options(CLI::App& app, DispatchCommandOptions& options);
int run_dispatch_command(DispatchCommandOptions const& options, jobs::Registry const& job_types, std::ostream& out);

// A program installed beside the running one (tools/<x> in the build tree, bin/ once
// installed), else `name` to be found on PATH.
[[nodiscard]] std::string program_beside_self(std::string const& name);

}  // namespace hrsi::tools
