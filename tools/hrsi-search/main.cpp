// SPDX-License-Identifier: Apache-2.0
// hrsi-search: a job type's new products from the catalogue, for hrsi-create-jobs.
#include <hrsi/http/curl_handle.hpp>
#include <hrsi/tools/search_command.hpp>
#include <hrsi/util/environment.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-search"};
    hrsi::tools::SearchOptions options;
    // libcurl's own tool convention for the CA file; libcurl reads the proxy variables itself.
    options.ca_bundle = hrsi::util::environment_value("CURL_CA_BUNDLE").value_or("");
    options.tile_data = hrsi::util::environment_value("HRSI_TILE_DATA").value_or("");
    std::error_code ignored;
    options.program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    hrsi::tools::add_search_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        hrsi::http::GlobalInit curl;
        return hrsi::tools::run_search(options, std::cout);
    });
}
