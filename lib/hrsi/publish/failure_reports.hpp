// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reports of products the endpoint failed to index (reference §4.4): messages on the queue
// failed_products, bound to the topic exchange indexering_results. Each is resent from the
// outbox and recorded (done → external_error → error_checked → done); after 3 such failures
// the job goes to internal_error instead ("Endpoint Publication Failure").

#include <hrsi/db/connection.hpp>
#include <hrsi/publish/publisher.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace hrsi::publish {

struct FailureReportOptions {
    BrokerOptions broker;              // where products are sent again
    std::string exchange = "indexering_results";  // topic, durable
    std::string queue = "failed_products";        // durable, bound with routing key failed_products
    int max_endpoint_failures = 3;
    bool dry_run = false;
};

struct FailureReportCounts {
    std::int64_t reports = 0;
    std::int64_t resent = 0;
    std::int64_t given_up = 0;  // internal_error: too many endpoint failures
    std::int64_t unknown = 0;   // no job published that product: acknowledged and dropped
};

inline constexpr char const* endpoint_failure_subtype = "Endpoint Publication Failure";

// Drains the queue. A report is acknowledged only once its outcome is recorded.
FailureReportCounts handle_failure_reports(db::Connection& conn, FailureReportOptions const& options,
                                           util::Log const& log);

// The product title of a failure report: the document's resto.properties.title (also when the
// document arrives double-encoded, as a JSON string holding the JSON), else the last part of
// its productIdentifier. Empty when it has neither.
[[nodiscard]] std::string reported_title(std::string const& body);

}  // namespace hrsi::publish
