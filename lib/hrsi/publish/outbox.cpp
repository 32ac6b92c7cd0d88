// SPDX-License-Identifier: Apache-2.0
#include <hrsi/publish/outbox.hpp>

namespace hrsi::publish {
namespace {

std::vector<OutboxMessage> read_messages(db::Result const& rows) {
    std::vector<OutboxMessage> messages;
    messages.reserve(static_cast<std::size_t>(rows.rows()));
    for (int r = 0; r < rows.rows(); ++r) {
        messages.push_back({rows.get_int(r, 0), rows.get_int(r, 1), std::string(rows.get(r, 2)),
                            std::string(rows.get(r, 3)), std::string(rows.get(r, 4))});
    }
    return messages;
}

}  // namespace

void add_messages(db::Connection& conn, std::vector<JobMessages> const& jobs) {
    std::vector<std::int64_t> job_ids;
    std::vector<std::string> products;
    std::vector<std::string> titles;
    std::vector<std::string> bodies;
    for (auto const& job : jobs) {
        for (auto const& product : job.products) {
            job_ids.push_back(job.job_id);
            products.push_back(product.product);
            titles.push_back(product.title);
            bodies.push_back(product.json);
        }
    }
    if (job_ids.empty()) return;
    // Rows of these jobs for products their documents no longer name are from an earlier
    // processing (a job relaunched since): dropped.
    conn.query_prepared("hrsi_outbox_drop_former",
                        "delete from hrsi.publications p where p.job_id = any ($1::bigint[]) "
                        "and (p.job_id, p.product, p.message_id) not in "
                        "(select * from unnest($1::bigint[], $2::text[], $3::text[]))",
                        job_ids, products, titles);
    conn.query_prepared("hrsi_outbox_add",
                        "insert into hrsi.publications (job_id, product, message_id, body) "
                        "select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) "
                        // A row already confirmed is from an earlier publication of the job
                        // (relaunched and processed again since): the new document replaces it.
                        // An unconfirmed one is sent again as it was first built.
                        "on conflict (job_id, product, message_id) do update set "
                        "body = excluded.body, created_at = clock_timestamp(), sent_at = null, "
                        "confirmed_at = null, attempts = 0, last_error = null "
                        "where hrsi.publications.confirmed_at is not null",
                        job_ids, products, titles, bodies);
}

std::vector<OutboxMessage> unconfirmed_messages(db::Connection& conn, std::vector<std::int64_t> const& job_ids) {
    return read_messages(conn.query_prepared(
        "hrsi_outbox_unconfirmed",
        "select id, job_id, product, message_id, body from hrsi.publications "
        "where job_id = any ($1::bigint[]) and confirmed_at is null order by id",
        job_ids));
}

std::vector<OutboxMessage> all_messages(db::Connection& conn, std::vector<std::int64_t> const& job_ids) {
    return read_messages(conn.query_prepared(
        "hrsi_outbox_all",
        "select id, job_id, product, message_id, '' from hrsi.publications where job_id = any ($1::bigint[]) "
        "order by id",
        job_ids));
}

std::optional<OutboxMessage> message_by_title(db::Connection& conn, std::string const& title) {
    auto messages = read_messages(conn.query(
        "select id, job_id, product, message_id, body from hrsi.publications where message_id = $1 "
        "order by id desc limit 1",
        title));
    if (messages.empty()) return std::nullopt;
    return std::move(messages.front());
}

void mark_sent(db::Connection& conn, std::vector<std::int64_t> const& message_ids) {
    conn.query_prepared("hrsi_outbox_sent",
                        "update hrsi.publications set sent_at = clock_timestamp(), attempts = attempts + 1 "
                        "where id = any ($1::bigint[])",
                        message_ids);
}

util::TimePoint mark_confirmed(db::Connection& conn, std::vector<std::int64_t> const& message_ids) {
    auto const now = util::now();
    conn.query_prepared("hrsi_outbox_confirmed",
                        "update hrsi.publications set confirmed_at = $2::timestamptz, last_error = null "
                        "where id = any ($1::bigint[])",
                        message_ids, util::format_rfc3339(now));
    return now;
}

void mark_failed(db::Connection& conn, std::int64_t message_id, std::string const& error) {
    conn.query("update hrsi.publications set last_error = $2 where id = $1", message_id, error);
}

}  // namespace hrsi::publish
