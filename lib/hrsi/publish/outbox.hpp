// SPDX-License-Identifier: Apache-2.0
#pragma once

// The publications outbox (hrsi.publications): one row per product message, written with
// start_publication in the same transaction, so that a crash between sending and recording
// loses nothing: rows without confirmed_at are sent again.

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/util/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::publish {

struct OutboxMessage {
    std::int64_t id = 0;
    std::int64_t job_id = 0;
    std::string product;     // FSC, RLIE, ...
    std::string message_id;  // the product title
    std::string body;
};

// The messages of one job to add to the outbox.
struct JobMessages {
    std::int64_t job_id = 0;
    std::vector<jobs::ProductPublication> products;
};

// Adds the messages of many jobs (a row per job, product type and product title: a job may
// have several products of one type). An unconfirmed row keeps its body (a message is sent
// again as it was first built); a confirmed one, from an earlier publication of a job
// processed again since, is replaced; a job's rows for products its new documents do not name
// are removed. In the caller's transaction.
void add_messages(db::Connection& conn, std::vector<JobMessages> const& jobs);

// The unconfirmed messages of these jobs, by id.
[[nodiscard]] std::vector<OutboxMessage> unconfirmed_messages(db::Connection& conn, std::vector<std::int64_t> const& job_ids);

// Every message of these jobs, confirmed or not, by id, without their bodies (body left
// empty: recording a publication needs only which products it was).
[[nodiscard]] std::vector<OutboxMessage> all_messages(db::Connection& conn, std::vector<std::int64_t> const& job_ids);

// The message of a product title, if some job published it.
[[nodiscard]] std::optional<OutboxMessage> message_by_title(db::Connection& conn, std::string const& title);

void mark_sent(db::Connection& conn, std::vector<std::int64_t> const& message_ids);
// Returns the time recorded.
util::TimePoint mark_confirmed(db::Connection& conn, std::vector<std::int64_t> const& message_ids);
void mark_failed(db::Connection& conn, std::int64_t message_id, std::string const& error);

}  // namespace hrsi::publish
