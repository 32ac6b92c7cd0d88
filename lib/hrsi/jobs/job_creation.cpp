// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_creation.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/util/progress.hpp>
#include <hrsi/util/stopwatch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace hrsi::jobs {
namespace {

// What the first phase (insertion) leaves to the second (configuration).
struct Inserted {
    JobList jobs;                    // the new jobs, while they fit in one chunk
    std::vector<std::int64_t> ids;   // their ids (all of them, also once they are dropped)
    bool dropped = false;            // more than a chunk: objects dropped, reloaded by id
};

// Phase one, per chunk of products: new jobs are inserted without status (they count as
// initialized), reprocessing-campaign jobs are written cancelled.
void insert_chunk(JobTypeEntry const& type, std::vector<catalogue::CatalogueProduct>& products,
                  JobContext& context, CreationOptions const& options, CreationSummary& summary,
                  Inserted& inserted, std::function<void(JobTemplate const&, JobStatus)> const& report) {
    if (products.empty()) {
        return;
    }
    util::Stopwatch stopwatch(context.log);
    auto batch = type.get_jobs_to_create(products, context);
    stopwatch.lap("get_jobs_to_create");
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
    stopwatch.lap("insert_jobs");

    std::vector<StatusWrite> cancelled;
    for (auto& job : batch.reprocessed_jobs) {
        cancelled.push_back({job->common.id, JobStatus::cancelled, std::nullopt,
                             std::string(reprocessing_campaign_message)});
        job->common.last_status = JobStatus::cancelled;
    }
    append_status_changes(context.conn, cancelled);
    for (auto const& job : batch.reprocessed_jobs) report(*job, JobStatus::cancelled);

    for (auto& job : batch.jobs) {
        inserted.ids.push_back(job->common.id);
        if (!inserted.dropped) inserted.jobs.push_back(std::move(job));
    }
    if (!inserted.dropped && inserted.jobs.size() > options.chunk_size) {
        inserted.jobs.clear();  // memory stays bounded: phase two reloads them by id
        inserted.dropped = true;
    }
}

// Phase two: configuration, once every new job of the input is in the database, so that the
// time series sees all of them whatever the chunks.
void configure_inserted(JobTypeEntry const& type, Inserted& inserted, JobContext& context,
                        CreationOptions const& options, CreationSummary& summary,
                        std::function<void(JobTemplate const&, JobStatus)> const& report) {
    auto configure = [&](JobList& jobs) {
        util::Stopwatch stopwatch(context.log);
        auto counts = configure_jobs(type, jobs, context, report);
        stopwatch.lap("configure_jobs");
        summary.configuration.ready += counts.ready;
        summary.configuration.configured += counts.configured;
        summary.configuration.cancelled += counts.cancelled;
        summary.configuration.internal_errors += counts.internal_errors;
        summary.configuration.spawned += counts.spawned;
    };
    if (!inserted.dropped) {
        configure(inserted.jobs);
        return;
    }
    // Many rows were added in this transaction: the planner's statistics, which still describe
    // the tables before, would pick plans that read whole tiles (ANALYZE counts our own rows).
    context.conn.exec(fmt::format("analyze hrsi.jobs; analyze hrsi.{}",
                                  context.conn.quote_identifier(type.info->table_name)));
    for (std::size_t start = 0; start < inserted.ids.size(); start += options.chunk_size) {
        auto end = std::min(inserted.ids.size(), start + options.chunk_size);
        std::vector<std::int64_t> ids(inserted.ids.begin() + static_cast<std::ptrdiff_t>(start),
                                      inserted.ids.begin() + static_cast<std::ptrdiff_t>(end));
        auto jobs = load_jobs(context.conn, type, ids);
        configure(jobs);
    }
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
    auto report = [&](JobTemplate const& job, JobStatus status) {
        ++summary.created;
        if (status == JobStatus::cancelled) ++summary.cancelled;
        if (on_created) {
            on_created({job.common.id, job.common.name, job.common.product_id.value_or(""), status});
        }
    };
    Inserted inserted;
    std::vector<catalogue::CatalogueProduct> products;
    products.reserve(options.chunk_size);
    util::Progress progress(log, fmt::format("{} jobs", type.info->type_name), "products read");
    std::int64_t read_count = 0;
    auto read = catalogue::read_catalogue(input, options.format, [&](catalogue::CatalogueProduct&& product) {
        progress.update(++read_count);
        products.push_back(std::move(product));
        if (products.size() >= options.chunk_size) {
            insert_chunk(type, products, context, options, summary, inserted, report);
        }
    });
    insert_chunk(type, products, context, options, summary, inserted, report);
    configure_inserted(type, inserted, context, options, summary, report);
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
