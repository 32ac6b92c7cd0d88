// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_creation.hpp>

#include <hrsi/catalogue/chunked_reader.hpp>
#include <hrsi/catalogue/product_checks.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/input_products.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/util/progress.hpp>
#include <hrsi/util/stopwatch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace hrsi::jobs {
namespace {

// What creation keeps from one chunk to the next.
struct CreationRun {
    JobTypeEntry const& type;
    CreationOptions const& options;
    JobContext& context;
    CreationSummary& summary;
    std::function<void(JobTemplate const&, JobStatus)> report;
    // New jobs configured for now whose outcome waits for the whole input.
    struct Held {
        std::optional<util::TimePoint> published;
        std::int64_t id;
    };
    std::vector<Held> rechecks;

    void on_configured(JobTemplate const& job, Configuration const& outcome) {
        if (outcome.recheck_when_input_complete) {
            rechecks.push_back({job.common.input_published_at, job.common.id});
            return;
        }
        report(job, job.common.last_status.value_or(JobStatus::initialized));
    }

    // Takes out the products no type may take (paths leading out of the storage root, root or
    // empty names, publications in the future), each a refusal with its reason.
    void screen(std::vector<catalogue::CatalogueProduct>& products) {
        auto const tolerance = std::chrono::minutes(context.parameters.integer("publication_date_tolerance_minutes"));
        std::erase_if(products, [&](catalogue::CatalogueProduct const& product) {
            auto reason = catalogue::refusal_reason(product, context.now, tolerance);
            if (!reason) return false;
            if (options.strict) throw InputError(fmt::format("{} (refused with --strict)", *reason));
            summary.refused.push_back({catalogue::shortened(product.name), std::move(*reason)});
            return true;
        });
    }

    void refuse(std::vector<JobsToCreate::Refusal>& refusals) {
        for (auto& refusal : refusals) {
            if (options.strict) {
                throw InputError(fmt::format("{} (refused with --strict)", refusal.reason));
            }
            summary.refused.push_back(std::move(refusal));
        }
    }

    // One chunk of products: those no type may take screened out, those of the type's
    // INPUT_PRODUCT_TYPE (the others refused here)
    // go to the type's creation; then pre-insertion setup, ids, then the reprocessing-campaign
    // jobs written cancelled and the others configured and written in their final state.
    void create_chunk(std::vector<catalogue::CatalogueProduct>& products) {
        if (products.empty()) {
            return;
        }
        util::Stopwatch stopwatch(context.log);
        screen(products);
        auto inputs = accept_input_products(*type.info, std::move(products));
        products.clear();
        refuse(inputs.refused);
        if (inputs.accepted.empty()) {
            return;  // every product refused
        }
        auto batch = type.get_jobs_to_create(inputs.accepted, context);
        stopwatch.lap("get_jobs_to_create");
        create_batch(batch, stopwatch);
    }

    // The jobs of the type's creation: pre-insertion setup, ids, then the
    // reprocessing-campaign jobs written cancelled and the others configured and written in
    // their final state.
    void create_batch(JobsToCreate& batch, util::Stopwatch& stopwatch) {
        summary.duplicates += static_cast<std::int64_t>(batch.duplicates.size());
        refuse(batch.refused);
        for (auto& job : batch.jobs) job->job_pre_insertion_setup(false);
        for (auto& job : batch.reprocessed_jobs) job->job_pre_insertion_setup(true);
        assign_new_job_ids(context.conn, batch.jobs);
        assign_new_job_ids(context.conn, batch.reprocessed_jobs);

        std::vector<NewJob> cancelled;
        for (auto& job : batch.reprocessed_jobs) {
            cancelled.push_back({job.get(), {JobStatus::cancelled}, std::nullopt,
                                 std::string(reprocessing_campaign_message)});
            job->common.last_status = JobStatus::cancelled;
        }
        insert_new_jobs(context.conn, cancelled);
        for (auto const& job : batch.reprocessed_jobs) report(*job, JobStatus::cancelled);

        auto counts = configure_new_jobs(type, batch.jobs, context,
                                         [this](JobTemplate const& job, Configuration const& outcome) {
                                             on_configured(job, outcome);
                                         });
        summary.configuration += counts;
        stopwatch.lap("configure_new_jobs");
    }

    // The jobs whose outcome waited for the whole input, configured again now that every job
    // of the input is in the database (as the dispatcher's promotion would), in publication
    // order (a job without a publication date last): a time series's later jobs see what
    // the earlier ones did (e.g. a backward reprocessing they started).
    void recheck() {
        context.input_incomplete = false;
        summary.configuration.configured -= static_cast<std::int64_t>(rechecks.size());
        std::stable_sort(rechecks.begin(), rechecks.end(), [](Held const& a, Held const& b) {
            if (a.published.has_value() != b.published.has_value()) return a.published.has_value();
            return a.published < b.published;
        });
        for (std::size_t start = 0; start < rechecks.size(); start += options.chunk_size) {
            auto end = std::min(rechecks.size(), start + options.chunk_size);
            std::vector<std::int64_t> ids;
            ids.reserve(end - start);
            for (auto held = start; held < end; ++held) ids.push_back(rechecks[held].id);
            util::Stopwatch stopwatch(context.log);
            auto jobs = load_jobs(context.conn, type, ids);
            auto counts = configure_jobs(type, jobs, context,
                                         [this](JobTemplate const& job, Configuration const&) {
                                             report(job, job.common.last_status.value_or(JobStatus::initialized));
                                         });
            summary.configuration += counts;
            stopwatch.lap("recheck");
        }
        rechecks.clear();
    }
};

// One creation transaction: concurrent creators of the type take turns (an advisory lock);
// `body` gets the run, then the held jobs are configured again; committed unless a dry run.
template <typename Body>
CreationSummary in_creation_transaction(db::Connection& conn, JobTypeEntry const& type, util::TimePoint now,
                                        CreationOptions const& options, util::Log const& log,
                                        std::function<void(CreatedJob const&)> const& on_created, Body&& body) {
    CreationSummary summary;
    db::Transaction tx(conn);
    lock_type_creation(conn, type.info->type_name);
    auto parameters = db::load_system_parameters(conn);
    // Jobs that could be ready wait until the whole input is in, the last chunk's too: the held
    // jobs are then configured together, in publication order, as the reference configures a
    // whole input (recheck()).
    JobContext context{conn, parameters, log, now, {}, true, {}, options.tiles,
                       options.other_input ? &*options.other_input : nullptr, options.input_storage};
    auto report = [&](JobTemplate const& job, JobStatus status) {
        ++summary.created;
        if (status == JobStatus::cancelled) ++summary.cancelled;
        if (on_created) {
            on_created({job.common.id, job.common.name, job.common.product_id.value_or(""), status});
        }
    };
    CreationRun run{type, options, context, summary, report, {}};
    body(run);
    run.recheck();
    if (options.dry_run) {
        tx.rollback();
    } else {
        tx.commit();
    }
    return summary;
}

}  // namespace

CreationSummary create_jobs(db::Connection& conn, JobTypeEntry const& type, std::istream& input,
                            CreationOptions const& options, util::Log const& log,
                            std::function<void(CreatedJob const&)> const& on_created) {
    util::Progress progress(log, fmt::format("{} jobs", type.info->type_name), "products read");
    // The input is parsed on a thread of its own, a chunk ahead of the database work. Made
    // before the transaction, so that on an error the transaction ends (and its lock goes)
    // first, before the reader waits for its thread.
    catalogue::ChunkedReader reader(input, options.format, options.chunk_size,
                                    [&](std::int64_t count) { progress.update(count); });
    auto summary = in_creation_transaction(conn, type, util::now(), options, log, on_created, [&](CreationRun& run) {
        while (auto chunk = reader.next()) {
            run.create_chunk(chunk->products);
        }
    });
    auto const read = reader.summary();
    summary.format = read.format;
    summary.products = read.products;
    return summary;
}

CreationSummary create_scheduled_jobs(db::Connection& conn, JobTypeEntry const& type, util::TimePoint now,
                                      CreationOptions const& options, util::Log const& log,
                                      std::function<void(CreatedJob const&)> const& on_created) {
    if (type.get_scheduled_jobs == nullptr) {
        throw UsageError(fmt::format("{} creates its jobs from input products only: give it a catalogue answer "
                                     "instead of --scheduled",
                                     type.info->type_name));
    }
    return in_creation_transaction(conn, type, now, options, log, on_created, [&](CreationRun& run) {
        util::Stopwatch stopwatch(log);
        auto batch = type.get_scheduled_jobs(run.context);
        stopwatch.lap("get_scheduled_jobs");
        run.create_batch(batch, stopwatch);
    });
}

TimeWindow next_window(db::Connection& conn, JobTypeEntry const& type, util::TimePoint now) {
    auto const parameters = db::load_system_parameters(conn);
    util::Log const silent{"hrsi", -1};
    JobContext context{conn, parameters, silent, now, {}, false, {}};
    auto const last = type.get_last_inserted_job(*type.info, context);
    auto window = type.next_search_window(*type.info, last.get(), context);
    // A publication recorded in the future (before creation refused them), or a type's rule,
    // never makes the window start after now: the periodic search would never find anything
    // again.
    window.start = std::min(window.start, now);
    window.end = std::max(window.end, window.start);
    return window;
}

std::unique_ptr<JobTemplate> last_inserted_job(JobTypeEntry const& type, JobContext& context) {
    auto const& info = *type.info;
    auto const result = context.conn.query(
        "select id from hrsi.jobs where job_type = $1 and input_published_at <= $2 "
        "order by input_published_at desc, id desc limit 1",
        std::string(info.type_name), util::format_rfc3339(context.now));
    if (result.rows() == 0) return nullptr;
    auto jobs = load_jobs(context.conn, type, {result.get_int(0, 0)});
    if (jobs.empty()) return nullptr;  // removed meanwhile
    return std::move(jobs.front());
}

TimeWindow JobTemplate::next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                           JobContext const& context) {
    if (last && last->common.input_published_at) {
        return {*last->common.input_published_at - std::chrono::seconds(1), context.now};
    }
    auto const days = context.parameters.integer(info.search_duration_parameter);
    return {context.now - std::chrono::days(days), context.now};
}

void lock_type_creation(db::Connection& conn, std::string_view type_name) {
    conn.query("select pg_advisory_xact_lock(hashtext($1))", fmt::format("hrsi-create-jobs:{}", type_name));
}

}  // namespace hrsi::jobs
