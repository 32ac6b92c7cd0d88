// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/http/curl_handle.hpp>
#include <hrsi/tools/create_jobs_command.hpp>
#include <hrsi/tools/dispatch_command.hpp>
#include <hrsi/tools/monitor_command.hpp>
#include <hrsi/tools/publish_command.hpp>
#include <hrsi/tools/run_worker_command.hpp>
#include <hrsi/tools/search_command.hpp>
#include <hrsi/tools/status_command.hpp>
#include <hrsi/cli/environment.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace hrsi::tools {

int create_jobs_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-create-jobs"};
    CreateJobsOptions options;
    add_create_jobs_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_create_jobs(options, job_types, std::cin, std::cout); });
}

int dispatch_main(int argc, char** argv, jobs::Registry const& job_types) {
    CLI::App app{"", "hrsi-dispatch"};
    DispatchCommandOptions options;
    add_dispatch_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_dispatch_command(options, job_types, std::cout); });
}

int monitor_main(int argc, char** argv, jobs::Registry const& job_types) {
    CLI::App app{"", "hrsi-monitor"};
    MonitorCommandOptions options;
    add_monitor_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_monitor_command(options, job_types, std::cout); });
}

int publish_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-publish"};
    PublishCommandOptions options;
    add_publish_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_publish_command(options, job_types, std::cin, std::cout); });
}

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

int search_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-search"};
    SearchOptions options;
    // libcurl's own tool convention for the CA file; libcurl reads the proxy variables itself.
    options.ca_bundle = cli::environment_value("CURL_CA_BUNDLE").value_or("");
    options.tile_data = cli::environment_value("HRSI_TILE_DATA").value_or("");
    std::error_code ignored;
    options.program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    add_search_options(app, options);
    return cli::run_main(app, argc, argv, options.common, [&] {
        http::GlobalInit curl;
        return run_search(options, job_types, std::cout);
    });
}

int status_main(int argc, char** argv, jobs::Registry const& job_types) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-status"};
    StatusOptions options;
    add_status_options(app, options);
    return cli::run_main(app, argc, argv, options.common,
                         [&] { return run_status(options, job_types, std::cin, std::cout); });
}

}  // namespace hrsi::tools
