// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-publish, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/tools/publish_command.hpp>

#include <iostream>

namespace hrsi::tools {

int publish_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-publish"};
    PublishCommandOptions options;
    add_publish_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_publish_command(options, job_types, std::cin, std::cout); });
}

}  // namespace hrsi::tools
