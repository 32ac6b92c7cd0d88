// SPDX-License-Identifier: Apache-2.0
// hrsi-publish: products to RabbitMQ.
#include <hrsi/tools/publish_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    CLI::App app{"", "hrsi-publish"};
    hrsi::tools::PublishCommandOptions options;
    hrsi::tools::add_publish_options(app, options);
    return hrsi::cli::run_main(app, argc, argv, options.common, [&] {
        return hrsi::tools::run_publish_command(options, std::cin, std::cout);
    });
}
