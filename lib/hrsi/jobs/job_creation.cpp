// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_creation.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>

#include <fmt/format.h>

#include <chrono>

namespace hrsi::jobs {
namespace {

void handle_chunk(JobTypeEntry const& type, std::vector<catalogue::CatalogueProduct>& products,
                  JobContext& context, CreationOptions const& options, CreationSummary& summary,
                  std::function<void(CreatedJob const&)> const& on_created) {
    if (products.empty()) {
        return;
    }
    auto started = std::chrono::steady_clock::now();
    auto lap = [&](char const* what) {
        auto now = std::chrono::steady_clock::now();
        context.log.debug("{}: {} ms", what,
                          std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count());
        started = now;
    };
    auto batch = type.get_jobs_to_create(products, context);
    lap("get_jobs_to_create");
    products.clear();
    summary.duplicates += static_cast<std::int64_t>(batch.duplicates.size());
    for (auto& refusal : batch.refused) {
        if (options.strict) {
            throw InputError(fmt::format("{} (refused with --strict)", refusal.reason));
        }
        summary.refused.push_back(std::move(refusal));
    }
    for (auto& job : batch.jobs) job->job_pre_insertion_setup(false);
    for (auto& job : batch.reprocessed_jobs) job->job_pre_insertion_setup(true);
    insert_jobs(context.conn, batch.jobs);
    insert_jobs(context.conn, batch.reprocessed_jobs);
    lap("insert_jobs");

    auto report = [&](JobTemplate const& job, JobStatus status) {
        ++summary.created;
        if (status == JobStatus::cancelled) ++summary.cancelled;
        if (on_created) {
            on_created({job.common.id, job.common.name, job.common.product_id.value_or(""), status});
        }
    };
    std::vector<StatusWrite> cancelled;
    for (auto& job : batch.reprocessed_jobs) {
        cancelled.push_back({job->common.id, JobStatus::cancelled, std::nullopt,
                             std::string(reprocessing_campaign_message)});
        job->common.last_status = JobStatus::cancelled;
    }
    append_status_changes(context.conn, cancelled);
    for (auto const& job : batch.reprocessed_jobs) report(*job, JobStatus::cancelled);

    auto counts = configure_jobs(type, batch.jobs, context, report);
    lap("configure_jobs");
    summary.configuration.ready += counts.ready;
    summary.configuration.configured += counts.configured;
    summary.configuration.cancelled += counts.cancelled;
    summary.configuration.internal_errors += counts.internal_errors;
    summary.configuration.spawned += counts.spawned;
}

}  // namespace

CreationSummary create_jobs(db::Connection& conn, JobTypeEntry const& type, std::istream& input,
                            CreationOptions const& options, util::Log const& log,
                            std::function<void(CreatedJob const&)> const& on_created) {
    CreationSummary summary;
    db::Transaction tx(conn);
    conn.query("select pg_advisory_xact_lock(hashtext($1))",
               fmt::format("hrsi-create-jobs:{}", type.info->type_name));
    auto parameters = db::load_system_parameters(conn);
    JobContext context{conn, parameters, log, util::now(), {}};
    std::vector<catalogue::CatalogueProduct> products;
    products.reserve(options.chunk_size);
    auto read = catalogue::read_catalogue(input, options.format, [&](catalogue::CatalogueProduct&& product) {
        products.push_back(std::move(product));
        if (products.size() >= options.chunk_size) {
            handle_chunk(type, products, context, options, summary, on_created);
        }
    });
    handle_chunk(type, products, context, options, summary, on_created);
    summary.format = read.format;
    summary.products = read.products;
    if (options.dry_run) {
        tx.rollback();
    } else {
        tx.commit();
    }
    return summary;
}

TimeWindow next_window(db::Connection& conn, JobTypeEntry const& type, util::TimePoint now) {
    if (auto last = last_input_publication(conn, type.info->type_name)) {
        return {*last - std::chrono::seconds(1), now};
    }
    auto parameters = db::load_system_parameters(conn);
    auto days = parameters.integer(type.info->search_duration_parameter);
    return {now - std::chrono::days(days), now};
}

std::optional<util::TimePoint> last_input_publication(db::Connection& conn, std::string_view type) {
    auto result = conn.query("select max(input_published_at) from hrsi.jobs where job_type = $1",
                             std::string(type));
    if (result.is_null(0, 0)) {
        return std::nullopt;
    }
    return util::parse_time(result.get(0, 0));
}

}  // namespace hrsi::jobs
