// SPDX-License-Identifier: Apache-2.0
// hrsi-create-jobs: jobs from catalogue answers.
#include <hrsi/tools/create_jobs_command.hpp>
#include <hrsi/util/environment.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-create-jobs"};
    hrsi::tools::CreateJobsOptions options;
    options.tile_data = hrsi::util::environment_value("HRSI_TILE_DATA").value_or("");
    std::error_code ignored;
    options.program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    hrsi::tools::add_create_jobs_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_create_jobs(options, std::cin, std::cout);
    });
}
