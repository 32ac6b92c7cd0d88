// SPDX-License-Identifier: Apache-2.0
// hrsi-db: create, migrate and check the hrsi schema; system parameters.
#include <hrsi/tools/db_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"", "hrsi-db"};
    hrsi::tools::DbOptions options;
    hrsi::tools::add_db_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] { return hrsi::tools::run_db(options, std::cout); });
}
