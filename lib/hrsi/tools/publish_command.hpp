// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>

#include <CLI/CLI.hpp>

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace hrsi::tools {

// hrsi-publish: products to RabbitMQ.
struct PublishCommandOptions {
    cli::CommonOptions common;
    std::vector<std::string> ids;        // ID... or '-'; none: every processed job
    std::vector<std::string> types;      // --type
    std::string exchange = "product_publication";
    std::string routing_key = "json";
    std::string queue = "json";          // --queue; empty: not declared
    std::string amqp_url_file;           // --amqp-url-file: the URL from a file (else HRSI_AMQP_URL)
    double confirm_timeout = 30;         // --confirm-timeout SECONDS
    std::size_t batch = 500;             // --batch N
    bool failures = false;               // --failures: handle endpoint failure reports
    std::string failures_exchange = "indexering_results";
    std::string failures_queue = "failed_products";
    bool dry_run = false;
};

void add_publish_options(CLI::App& app, PublishCommandOptions& options);
int run_publish_command(PublishCommandOptions const& options, jobs::Registry const& job_types, std::istream& in,
                        std::ostream& out);

}  // namespace hrsi::tools
