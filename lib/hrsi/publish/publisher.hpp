// SPDX-License-Identifier: Apache-2.0
#pragma once

// hrsi-publish's logic (DESIGN.md, "Publication"): the publication JSON of every product of
// processed jobs, stored in the outbox, sent to RabbitMQ with publisher confirms, persistent
// delivery and the mandatory flag; published once confirmed; every job then ends in done.

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace hrsi::publish {

struct BrokerOptions {
    std::optional<std::string> url;  // amqp://... or amqps://...; nothing: not configured
    std::string exchange = "product_publication";  // direct, durable
    std::string routing_key = "json";
    // Declared (durable) and bound with the routing key, as the reference's publisher did, so
    // that messages wait for the endpoint's consumer; empty: left to the endpoint.
    std::string queue = "json";
    std::chrono::milliseconds confirm_timeout{30'000};
    std::chrono::milliseconds connect_timeout{10'000};
    // The CA certificates an amqps:// connection trusts (the programs: HRSI_AMQP_CA_CERT);
    // empty: the system's.
    std::string ca_cert_file;
};

struct PublishOptions {
    // The job types this program knows (the built-in ones unless the program gives others).
    jobs::Registry const* job_types = &jobs::builtin_job_types();
    BrokerOptions broker;
    std::vector<std::string> types;               // empty: the enabled types
    std::optional<std::vector<std::int64_t>> ids; // given: only these jobs
    std::size_t batch = 500;                      // jobs per transaction and per confirm wait
    bool dry_run = false;                         // print the documents, change nothing
};

struct PublishCounts {
    std::int64_t without_product = 0;  // processed → done
    std::int64_t published = 0;        // jobs whose messages were all confirmed: published → done
    std::int64_t messages = 0;         // messages confirmed
    std::int64_t not_published = 0;    // returned, nacked or unconfirmed: back to processed
    std::int64_t internal_errors = 0;  // no document could be built
    std::int64_t left_alone = 0;       // given ids not in a publication status
};

// Publishes; prints the ids of the jobs that reached done (or, dry run, the documents as JSON
// Lines). Throws ServiceUnavailable (amqp::AccessRefused for refused credentials) when the
// broker cannot be used, after recording what was and was not confirmed.
PublishCounts run_publish(db::Connection& conn, PublishOptions const& options, util::Log const& log,
                          std::ostream& out);

}  // namespace hrsi::publish
