// SPDX-License-Identifier: Apache-2.0
// hrsi-create-jobs: jobs from catalogue answers.
#include <hrsi/tools/create_jobs_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-create-jobs"};
    hrsi::tools::CreateJobsOptions options;
    hrsi::tools::add_create_jobs_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_create_jobs(options, std::cin, std::cout);
    });
}
