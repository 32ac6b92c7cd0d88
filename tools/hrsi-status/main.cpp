// SPDX-License-Identifier: Apache-2.0
// hrsi-status: look at jobs and act on them.
#include <hrsi/tools/status_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-status"};
    hrsi::tools::StatusOptions options;
    hrsi::tools::add_status_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common,
                               [&] { return hrsi::tools::run_status(options, std::cin, std::cout); });
}
