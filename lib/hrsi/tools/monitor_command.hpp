// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace hrsi::tools {

// hrsi-monitor: dead or overdue workers.
struct MonitorCommandOptions {
    cli::CommonOptions common;
    std::vector<std::string> types;  // --type
    double loop = 0;                 // --loop SECONDS; 0: one pass
    double heartbeat_timeout = 0;    // --heartbeat-timeout SECONDS; 0: the system parameter
    bool dry_run = false;
};

void add_monitor_options(CLI::App& app, MonitorCommandOptions& options);
int run_monitor_command(MonitorCommandOptions const& options, jobs::Registry const& job_types, std::ostream& out);

}  // namespace hrsi::tools
