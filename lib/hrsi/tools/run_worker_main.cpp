// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-run-worker, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/tools/run_worker_command.hpp>

#include <csignal>
#include <iostream>

namespace hrsi::tools {

int run_worker_main(int argc, char** argv, jobs::Registry const& job_types) {
    // A worker outlives whoever reads its log (a dispatcher killed with -9, a closed pipe):
    // writing to a vanished reader fails with EPIPE, which logging ignores, instead of killing
    // the worker in the middle of its job. Its programs get the default back (run_child).
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"", "hrsi-run-worker"};
    RunWorkerOptions options;
    add_run_worker_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_run_worker(options, job_types, std::cout); });
}

}  // namespace hrsi::tools
