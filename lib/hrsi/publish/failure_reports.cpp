// SPDX-License-Identifier: Apache-2.0
#include <hrsi/publish/failure_reports.hpp>

#include <hrsi/amqp/errors.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/publish/broker_session.hpp>
#include <hrsi/publish/outbox.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::publish {
namespace {

// Endpoint failures so far: external_error written right after done.
int endpoint_failures(db::Connection& conn, std::int64_t job_id) {
    return static_cast<int>(conn.query(R"sql(
select count(*) from (
    select status, lag(status) over (order by id) as previous from hrsi.job_status_changes where job_id = $1
) h where h.status = 14 and h.previous = 12)sql",
                                       job_id)
                                .get_int(0, 0));
}

}  // namespace

std::string reported_title(std::string const& body) {
    rapidjson::Document document;
    document.Parse(body.c_str());
    if (!document.HasParseError() && document.IsString()) {
        std::string inner(document.GetString(), document.GetStringLength());
        document.Parse(inner.c_str());
    }
    if (document.HasParseError() || !document.IsObject()) return {};
    auto const resto = document.FindMember("resto");
    if (resto == document.MemberEnd() || !resto->value.IsObject()) return {};
    auto const properties = resto->value.FindMember("properties");
    if (properties == resto->value.MemberEnd() || !properties->value.IsObject()) return {};
    auto const& props = properties->value;
    if (auto const title = props.FindMember("title"); title != props.MemberEnd() && title->value.IsString()) {
        return title->value.GetString();
    }
    if (auto const path = props.FindMember("productIdentifier"); path != props.MemberEnd() && path->value.IsString()) {
        std::string_view text = path->value.GetString();
        while (text.ends_with('/')) text.remove_suffix(1);
        return std::string(text.substr(text.rfind('/') + 1));
    }
    return {};
}

FailureReportCounts handle_failure_reports(db::Connection& conn, FailureReportOptions const& options,
                                           util::Log const& log) {
    FailureReportCounts counts;
    // One drain at a time (the reports' outcomes are counted from the history).
    if (!options.dry_run) conn.query("select pg_advisory_lock(hashtext('hrsi-publish --failures'))");
    BrokerSession session(options.broker, log);
    auto& broker = session.connection();
    broker.declare_exchange(options.exchange, "topic", true);
    broker.declare_queue(options.queue, true);
    broker.bind_queue(options.queue, options.exchange, "failed_products");

    std::vector<std::uint64_t> held;  // dry run: given back at the end, not while draining
    while (auto report = broker.get(options.queue)) {
        ++counts.reports;
        auto const title = reported_title(report->body);
        auto const message = title.empty() ? std::nullopt : message_by_title(conn, title);
        if (!message) {
            log.warn("a failure report names {}, which no job published; dropping it",
                     title.empty() ? std::string("no product") : "product " + title);
            ++counts.unknown;
            if (options.dry_run) {
                held.push_back(report->delivery_tag);
            } else {
                broker.ack(report->delivery_tag);
            }
            continue;
        }
        if (auto const status = jobs::current_status(conn, message->job_id); status != JobStatus::done) {
            log.warn("job {} is {}, not done: the failure report of {} is dropped", message->job_id,
                     status ? std::string(status_name(*status)) : std::string("without status"), title);
            ++counts.unknown;
            if (options.dry_run) {
                held.push_back(report->delivery_tag);
            } else {
                broker.ack(report->delivery_tag);
            }
            continue;
        }
        auto const failures = endpoint_failures(conn, message->job_id);
        if (options.dry_run) {
            log.info("job {}: {} failed on the endpoint side ({} failure(s) before): would {}", message->job_id, title,
                     failures, failures >= options.max_endpoint_failures ? "give up (internal_error)" : "send it again");
            held.push_back(report->delivery_tag);
            continue;
        }
        try {
            if (failures >= options.max_endpoint_failures) {
                jobs::set_job_status(conn, message->job_id, JobStatus::internal_error,
                                     {std::string(endpoint_failure_subtype),
                                      fmt::format("'{}' product publication failed on the endpoint side {} times; "
                                                  "not sent again",
                                                  message->product, failures + 1),
                                      std::nullopt});
                ++counts.given_up;
                log.error("job {}: {} failed on the endpoint side {} times: internal_error", message->job_id, title,
                          failures + 1);
            } else {
                // Not on a new connection: this report's delivery belongs to the current one
                // (if it is lost, the broker puts the report back and nothing is recorded).
                auto const sent = session.send({*message}, false);
                if (!sent.outcomes.front().confirmed()) {
                    if (broker.usable()) broker.reject(report->delivery_tag, true);
                    throw ServiceUnavailable(fmt::format("{} could not be sent again: {}", title,
                                                         sent.failure.value_or(sent.outcomes.front().detail)));
                }
                db::Transaction transaction(conn);
                jobs::set_job_status(conn, message->job_id, JobStatus::external_error,
                                     {std::string(endpoint_failure_subtype),
                                      fmt::format("'{}' product publication failed on the endpoint side; sent again "
                                                  "(failure {} of {})",
                                                  message->product, failures + 1, options.max_endpoint_failures),
                                      std::nullopt});
                jobs::set_job_status(conn, message->job_id, JobStatus::error_checked,
                                     {std::nullopt,
                                      std::string("Error automatically checked as the product was sent again."),
                                      std::nullopt});
                jobs::set_job_status(conn, message->job_id, JobStatus::done);
                transaction.commit();
                ++counts.resent;
                log.info("job {}: {} sent again after an endpoint failure", message->job_id, title);
            }
        } catch (InvalidTransition const& error) {
            log.warn("job {}: the failure report of {} does not fit its status ({}); dropping it", message->job_id,
                     title, error.what());
        }
        broker.ack(report->delivery_tag);
    }
    for (auto const tag : held) broker.reject(tag, true);
    return counts;
}

}  // namespace hrsi::publish
