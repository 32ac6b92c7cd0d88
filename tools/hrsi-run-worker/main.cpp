// SPDX-License-Identifier: Apache-2.0
// hrsi-run-worker: process one job.
#include <hrsi/tools/run_worker_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"", "hrsi-run-worker"};
    hrsi::tools::RunWorkerOptions options;
    hrsi::tools::add_run_worker_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_run_worker(options, std::cout);
    });
}
