// SPDX-License-Identifier: Apache-2.0
// hrsi-monitor: dead or overdue workers.
#include <hrsi/tools/monitor_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"", "hrsi-monitor"};
    hrsi::tools::MonitorCommandOptions options;
    hrsi::tools::add_monitor_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_monitor_command(options, std::cout);
    });
}
