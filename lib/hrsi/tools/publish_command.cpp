// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/publish_command.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/publish/failure_reports.hpp>
#include <hrsi/publish/publisher.hpp>
#include <hrsi/util/job_ids.hpp>
#include <hrsi/cli/environment.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-publish";

// The broker URL: from a file (for example named in a --config file), else HRSI_AMQP_URL;
// never from the command line, where every user of the host could read the password.
std::optional<std::string> broker_url(std::string const& file) {
    if (!file.empty()) {
        std::ifstream in(file);
        if (!in) throw UsageError(fmt::format("cannot read --amqp-url-file {}: {}", file, std::strerror(errno)));
        std::string url;
        std::getline(in, url);
        while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.pop_back();
        if (url.empty()) throw UsageError(fmt::format("--amqp-url-file {} is empty", file));
        return url;
    }
    return cli::environment_value("HRSI_AMQP_URL");
}

}  // namespace

void add_publish_options(CLI::App& app, PublishCommandOptions& options) {
    app.description(
        "Publish the products of processed jobs: for a job that generated products, write start_publication and "
        "store the publication JSON of each product in the outbox (one transaction), send them to RabbitMQ "
        "(persistent, mandatory, message id = product title) with publisher confirms, and once every message is "
        "confirmed record the publication dates and write published; every job then ends in done (a job without "
        "product directly). A message the broker returns, refuses or does not confirm is not published: its job "
        "goes back to processed and the next run sends it again. Prints the ids of the jobs that reached done.");
    cli::add_common_options(app, options.common, program);
    app.add_option("ID", options.ids, "Jobs to publish, or '-' to read ids from stdin (default: every processed job)")
        ->type_name("ID");
    app.add_option("--type", options.types, "Job types (repeatable or comma-separated; default: the enabled types)")
        ->type_name("TYPE");
    app.add_option("--exchange", options.exchange, "Exchange to publish to (direct, durable; default "
                                                   "product_publication)")
        ->type_name("NAME");
    app.add_option("--routing-key", options.routing_key, "Routing key (default json)")->type_name("KEY");
    app.add_option("--queue", options.queue,
                   "Queue to declare (durable) and bind to the exchange with the routing key, so that messages "
                   "wait for the endpoint (default json, as the reference; '' to leave it to the endpoint)")
        ->type_name("NAME");
    app.add_option("--amqp-url-file", options.amqp_url_file,
                   "Read the broker URL (amqp://user:password@host:port/vhost, or amqps://) from FILE (default: "
                   "$HRSI_AMQP_URL); never on the command line")
        ->type_name("FILE");
    app.add_option("--confirm-timeout", options.confirm_timeout,
                   "Wait at most SECONDS for the broker's confirmations of a batch (default 30)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--batch", options.batch, "Jobs per transaction and per confirmation wait (default 500)")
        ->type_name("N")
        ->check(cli::positive_number());
    app.add_flag("--failures", options.failures,
                 "Instead: drain the endpoint's failure reports (queue failed_products on the topic exchange "
                 "indexering_results), send each product again and record it (done → external_error → "
                 "error_checked → done; internal_error after 3 failures)");
    app.add_option("--failures-exchange", options.failures_exchange,
                   "With --failures: the reports' exchange (topic; default indexering_results)")
        ->type_name("NAME");
    app.add_option("--failures-queue", options.failures_queue,
                   "With --failures: the reports' queue (default failed_products)")
        ->type_name("NAME");
    app.add_flag("--dry-run", options.dry_run,
                 "Print the JSON documents that would be sent (JSON Lines); change nothing (with --failures: say "
                 "what would be done and leave the reports in the queue)");
}

int run_publish_command(PublishCommandOptions const& options, jobs::Registry const& job_types, std::istream& in,
                        std::ostream& out) {
    auto const log = cli::make_log(program, options.common);
    publish::BrokerOptions broker;
    broker.url = broker_url(options.amqp_url_file);
    broker.exchange = options.exchange;
    broker.routing_key = options.routing_key;
    broker.ca_cert_file = cli::environment_value("HRSI_AMQP_CA_CERT").value_or("");
    broker.queue = options.queue;
    broker.confirm_timeout = std::chrono::milliseconds(static_cast<long long>(std::ceil(options.confirm_timeout * 1000)));
    // Usage first, before any service is asked.
    for (auto const& type : cli::split_list(options.types)) (void)job_types.find(type);
    if (options.failures && !options.ids.empty()) {
        throw UsageError("--failures takes no job ids: the reports say which products failed");
    }
    std::optional<std::vector<std::int64_t>> ids;
    if (!options.ids.empty()) ids = util::read_job_ids(options.ids, in);
    auto conn = cli::connect_checked(options.common, program);

    if (options.failures) {
        publish::FailureReportOptions reports;
        reports.broker = broker;
        reports.exchange = options.failures_exchange;
        reports.queue = options.failures_queue;
        reports.dry_run = options.dry_run;
        auto const counts = publish::handle_failure_reports(conn, reports, log);
        log.info("{} failure report(s): {} product(s) sent again, {} job(s) given up (internal_error), {} unknown",
                 counts.reports, counts.resent, counts.given_up, counts.unknown);
        return exit_ok;
    }

    publish::PublishOptions publish;
    publish.job_types = &job_types;
    publish.broker = broker;
    publish.types = cli::split_list(options.types);
    publish.ids = ids;
    publish.batch = options.batch;
    publish.dry_run = options.dry_run;
    auto const counts = publish::run_publish(conn, publish, log, out);
    if (!options.dry_run) {
        log.info("{} job(s) published ({} message(s) confirmed), {} without product done, {} back to processed "
                 "(not confirmed), {} internal error(s)",
                 counts.published, counts.messages, counts.without_product, counts.not_published,
                 counts.internal_errors);
    }
    // Messages the broker did not take: a service problem (no queue bound, broker refusing);
    // jobs that could not be published at all: bad data.
    if (counts.not_published > 0) return exit_unavailable;
    return counts.left_alone > 0 || counts.internal_errors > 0 ? exit_data : exit_ok;
}

}  // namespace hrsi::tools
