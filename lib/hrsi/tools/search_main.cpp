// SPDX-License-Identifier: Apache-2.0
// The main of hrsi-search, given the job types (program_mains.hpp). One file per
// program: each program links its own command only.
#include <hrsi/tools/program_mains.hpp>

#include <hrsi/cli/environment.hpp>
#include <hrsi/http/curl_handle.hpp>
#include <hrsi/tools/search_command.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

namespace hrsi::tools {

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

}  // namespace hrsi::tools
