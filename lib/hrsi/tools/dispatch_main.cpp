// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-dispatch, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/tools/dispatch_command.hpp>

#include <iostream>

namespace hrsi::tools {

int dispatch_main(int argc, char** argv, jobs::Registry const& job_types) {
    CLI::App app{"", "hrsi-dispatch"};
    DispatchCommandOptions options;
    add_dispatch_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_dispatch_command(options, job_types, std::cout); });
}

}  // namespace hrsi::tools
