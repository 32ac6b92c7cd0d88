// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/test/test_job.hpp>

#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>

#include <unordered_set>

namespace hrsi::jobs {

Configuration TestJob::configure_single_job(JobContext& context) {
    (void)context;
    return {JobStatus::ready, {}, {}};
}

JobsToCreate TestJob::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    JobsToCreate result;
    std::vector<std::string> names;
    names.reserve(products.size());
    for (auto const& input : products) {
        auto const& product = input.catalogue;
        names.push_back(products::product_name_of(product.name.empty() ? product.path : product.name));
    }
    auto existing_rows = context.conn.query(
        "select product_id from hrsi.jobs where job_type = 'test_job' and product_id = any ($1::text[])",
        names);
    std::unordered_set<std::string> seen;
    for (int r = 0; r < existing_rows.rows(); ++r) {
        seen.emplace(existing_rows.get(r, 0));
    }
    for (std::size_t i = 0; i < products.size(); ++i) {
        auto const& product = products[i].catalogue;
        if (!seen.insert(names[i]).second) {
            result.duplicates.push_back(names[i]);
            continue;
        }
        auto job = std::make_unique<TestJob>();
        job->common.name = job_name_from(names[i]);
        job->common.product_id = names[i];
        job->common.tile_id = "dummy_value";
        job->common.input_path = product.path.empty() ? names[i] : product.path;
        job->common.input_published_at = product.published;  // unknown stays unknown
        job->measurement_date = product.sensing_start.value_or(context.now);
        result.jobs.push_back(std::move(job));
    }
    return result;
}

JobsToCreate TestJob::get_scheduled_jobs(JobContext& context) {
    JobsToCreate result;
    auto const name = job_name_from(fmt::format("test_job-{}", util::format_rfc3339(context.now)));
    auto const existing = context.conn.query(
        "select 1 from hrsi.jobs where job_type = 'test_job' and name = $1 limit 1", name);
    if (existing.rows() > 0) {
        result.duplicates.push_back(name);
        return result;
    }
    auto job = std::make_unique<TestJob>();
    job->common.name = name;
    job->common.tile_id = "dummy_value";
    job->measurement_date = context.now;
    result.jobs.push_back(std::move(job));
    return result;
}

void TestJob::job_pre_processing(WorkerContext& context) {
    if (!common.input_path) return;
    auto const& path = *common.input_path;
    if (!path.starts_with("/") && path.find("://") == std::string::npos) {
        context.log.info("input '{}' is a name, not a path: nothing to stage", path);
        return;
    }
    auto const source = context.roots.input(path);
    auto const name = std::filesystem::path(source.is_local() ? source.path.string() : source.key)
                          .filename();
    auto const destination = context.folder.inputs() / (name.empty() ? "input" : name);
    auto const report = context.storage.copy_in(source, destination);
    context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
    context.inputs.push_back(destination);
}

void TestJob::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    (void)context;
    writer.Key("test_job");
    writer.StartObject();
    writer.Key("product_id");
    if (common.product_id) {
        writer.String(common.product_id->c_str());
    } else {
        writer.Null();
    }
    writer.Key("measurement_date");
    if (measurement_date) {
        writer.String(util::format_rfc3339(*measurement_date).c_str());
    } else {
        writer.Null();
    }
    writer.EndObject();
}

void TestJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    (void)context;
    (void)outcome;
    completion_date = util::now();
}

}  // namespace hrsi::jobs
