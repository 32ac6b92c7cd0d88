// SPDX-License-Identifier: Apache-2.0
// hrsi-tiles: the tile grid for operators (intersections, the area of interest as WKT).
#include <hrsi/cli/common.hpp>
#include <hrsi/tools/tiles_command.hpp>
#include <hrsi/cli/environment.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

int main(int argc, char** argv) {
    CLI::App app{"", "hrsi-tiles"};
    hrsi::tools::TilesOptions options;
    // --tile-data, when given, replaces this default.
    options.tile_data = hrsi::cli::environment_value("HRSI_TILE_DATA").value_or("");
    std::error_code ignored;
    options.program = std::filesystem::read_symlink("/proc/self/exe", ignored).string();
    hrsi::tools::add_tiles_options(app, options);
    return hrsi::cli::run_main(app, argc, argv,
                               [&] { return hrsi::tools::run_tiles(options, std::cin, std::cout); });
}
