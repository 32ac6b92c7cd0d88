// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-monitor, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/tools/monitor_command.hpp>

#include <iostream>

namespace hrsi::tools {

int monitor_main(int argc, char** argv, jobs::Registry const& job_types) {
    CLI::App app{"", "hrsi-monitor"};
    MonitorCommandOptions options;
    add_monitor_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_monitor_command(options, job_types, std::cout); });
}

}  // namespace hrsi::tools
