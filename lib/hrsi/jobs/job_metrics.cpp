// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_metrics.hpp>

#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/prometheus.hpp>

#include <charconv>
#include <map>

namespace hrsi::jobs {
namespace {

double number(db::Result const& result, int row, int column) {
    auto text = result.get(row, column);
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// The type's JOB_NAME, for people ("FSC/RLIE").
std::pair<std::string, std::string> name_label(Registry const& job_types, std::string const& type) {
    return {"job_type_name", std::string(job_types.job_name_of(type))};
}

}  // namespace

std::string prometheus_metrics(db::Connection& conn, Registry const& job_types, util::TimePoint since) {
    db::Transaction transaction(conn, "begin isolation level repeatable read read only");
    auto summary = job_summary(conn, job_types);
    auto errors = jobs_with_error_raised(conn);
    TimelinessFilter filter;
    filter.since = since;
    auto timeliness = job_timeliness(conn, filter);
    auto heartbeats = worker_heartbeat_count(conn);
    transaction.commit();

    util::PrometheusFamily jobs{"hrsi_jobs", "Jobs per type and last status.", "gauge", {}};
    for (int r = 0; r < summary.rows(); ++r) {
        std::string status(summary.get(r, 1));
        if (status == "(none)") status = "none";
        std::string type(summary.get(r, 0));
        jobs.samples.push_back({{{"type", type}, name_label(job_types, type), {"status", status}},
                                static_cast<double>(summary.get_int(r, 2))});
    }

    util::PrometheusFamily raised{
        "hrsi_jobs_error_raised",
        "Jobs that have been in an error status (internal_error, external_error, error_checked) at least once, per type.",
        "gauge", {}};
    // Every known type, so that the timeliness counts read 0 rather than vanish.
    std::map<std::string, std::pair<double, double>> published;  // type -> jobs, missed
    for (int r = 0; r < errors.rows(); ++r) {
        std::string type(errors.get(r, 0));
        raised.samples.push_back({{{"type", type}, name_label(job_types, type)}, static_cast<double>(errors.get_int(r, 1))});
        published[type] = {0, 0};
    }

    util::PrometheusFamily quantiles{
        "hrsi_timeliness_seconds",
        "Median (quantile 0.5) and 95th percentile (quantile 0.95) of the time from input publication to "
        "output publication, in seconds, of the jobs whose output was published in the window "
        "(hrsi-status metrics --since, default the last 24 hours).",
        "gauge", {}};
    int const jobs_column = timeliness.column("jobs");
    int const median_column = timeliness.column("median_seconds");
    int const p95_column = timeliness.column("p95_seconds");
    int const missed_column = timeliness.column("missed");
    for (int r = 0; r < timeliness.rows(); ++r) {
        std::string type(timeliness.get(r, 0));
        quantiles.samples.push_back({{{"type", type}, name_label(job_types, type), {"quantile", "0.5"}}, number(timeliness, r, median_column)});
        quantiles.samples.push_back({{{"type", type}, name_label(job_types, type), {"quantile", "0.95"}}, number(timeliness, r, p95_column)});
        published[type] = {static_cast<double>(timeliness.get_int(r, jobs_column)),
                           static_cast<double>(timeliness.get_int(r, missed_column))};
    }
    util::PrometheusFamily counted{
        "hrsi_timeliness_jobs",
        "Jobs whose output was published in the window, with both publication times, per type.", "gauge", {}};
    util::PrometheusFamily missed{
        "hrsi_timeliness_missed_total",
        "Jobs whose output was published in the window later than timeliness_target_minutes after their input, "
        "per type.",
        "gauge", {}};
    for (auto const& [type, figures] : published) {
        counted.samples.push_back({{{"type", type}, name_label(job_types, type)}, figures.first});
        missed.samples.push_back({{{"type", type}, name_label(job_types, type)}, figures.second});
    }

    util::PrometheusFamily workers{"hrsi_worker_heartbeats",
                                   "Workers holding a job (rows of hrsi.worker_heartbeats).", "gauge",
                                   {{{}, static_cast<double>(heartbeats)}}};
    return util::format_prometheus({jobs, raised, quantiles, counted, missed, workers});
}

}  // namespace hrsi::jobs
