// SPDX-License-Identifier: Apache-2.0
// hrsi-dispatch: ready jobs to workers.
#include <hrsi/tools/dispatch_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"", "hrsi-dispatch"};
    hrsi::tools::DispatchCommandOptions options;
    hrsi::tools::add_dispatch_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_dispatch_command(options, std::cout);
    });
}
