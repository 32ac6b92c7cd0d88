// SPDX-License-Identifier: Apache-2.0
// hrsi-run-worker: process one job.
#include <hrsi/tools/run_worker_command.hpp>

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
    // A worker outlives whoever reads its log (a dispatcher killed with -9, a closed pipe):
    // writing to a vanished reader fails with EPIPE, which logging ignores, instead of killing
    // the worker in the middle of its job. Its programs get the default back (run_child).
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"", "hrsi-run-worker"};
    hrsi::tools::RunWorkerOptions options;
    hrsi::tools::add_run_worker_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_run_worker(options, std::cout);
    });
}
