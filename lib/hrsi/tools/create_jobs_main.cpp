// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-create-jobs, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/cli/environment.hpp>
#include <hrsi/tools/create_jobs_command.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

namespace hrsi::tools {

int create_jobs_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-create-jobs"};
    CreateJobsOptions options;
    options.tile_data = cli::environment_value("HRSI_TILE_DATA").value_or("");
    std::error_code ignored;
    options.program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    options.storage = cli::storage_options_from_environment();
    add_create_jobs_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_create_jobs(options, job_types, std::cin, std::cout); });
}

}  // namespace hrsi::tools
