// SPDX-License-Identifier: Apache-2.0
#include "plugin_test_job.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/jobs/publication_json.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace hrsi::testing {

using namespace hrsi::jobs;

void PluginTestJob::from_database_value(db::Result const& result, int row) {
    measurement_date = read_time(result, row, "measurement_date");
    published_at = read_time(result, row, "published_at");
    products.clear();
    auto const text = read_text(result, row, "products");
    if (!text) return;
    rapidjson::Document document;
    document.Parse(text->data(), text->size());
    if (document.HasParseError() || !document.IsArray()) {
        throw InternalError(fmt::format("job {}: products is not a JSON array", common.id));
    }
    for (auto const& item : document.GetArray()) {
        products.push_back({item["type"].GetString(), item["title"].GetString(), item["path"].GetString()});
    }
}

ColumnValues PluginTestJob::to_database_value() const {
    std::optional<std::string> list;
    if (!products.empty()) {
        rapidjson::StringBuffer buffer;
        JsonWriter writer(buffer);
        writer.StartArray();
        for (auto const& product : products) {
            writer.StartObject();
            writer.Key("type");
            writer.String(product.type.c_str());
            writer.Key("title");
            writer.String(product.title.c_str());
            writer.Key("path");
            writer.String(product.path.c_str());
            writer.EndObject();
        }
        writer.EndArray();
        list = std::string(buffer.GetString(), buffer.GetSize());
    }
    return {{"measurement_date", time_param(measurement_date)},
            {"products", list},
            {"published_at", time_param(published_at)}};
}

Configuration PluginTestJob::configure_single_job(JobContext& context) {
    (void)context;
    return {JobStatus::ready, {}, {}};
}

JobsToCreate PluginTestJob::get_jobs_to_create(std::span<InputProduct const> inputs, JobContext& context) {
    JobsToCreate result;
    std::vector<std::string> names;
    for (auto const& input : inputs) names.push_back(products::product_id_of(*input.parsed));
    auto const existing = context.conn.query(
        "select product_id from hrsi.jobs where job_type = $1 and product_id = any ($2::text[])",
        std::string(info_.type_name), names);
    std::unordered_set<std::string> seen;
    for (int r = 0; r < existing.rows(); ++r) seen.emplace(existing.get(r, 0));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!seen.insert(names[i]).second) {
            result.duplicates.push_back(names[i]);
            continue;
        }
        auto const& l1c = std::get<products::Sentinel2L1c>(*inputs[i].parsed);
        auto job = std::make_unique<PluginTestJob>();
        job->common.name = job_name_from(names[i]);
        job->common.product_id = names[i];
        job->common.tile_id = l1c.tile;
        job->common.input_path = inputs[i].catalogue.path.empty() ? names[i] : inputs[i].catalogue.path;
        job->common.input_published_at = inputs[i].catalogue.published;
        job->measurement_date = l1c.sensing_start;
        result.jobs.push_back(std::move(job));
    }
    return result;
}

void PluginTestJob::job_pre_processing(WorkerContext& context) {
    context.log.info("{}: nothing to stage for {}", info_.job_name, common.product_id.value_or(common.name));
}

// Every folder outputs/data/<TYPE>_<rest> is a product of type TYPE; those of the type's
// OUTPUT_PRODUCTS_LIST are uploaded and recorded, the others ignored (logged).
void PluginTestJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    products.clear();
    if (outcome.kind != ProgramOutcome::Kind::products) return;
    std::vector<std::filesystem::path> folders;
    for (auto const& entry : std::filesystem::directory_iterator(context.folder.data())) {
        if (entry.is_directory()) folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    for (auto const& folder : folders) {
        auto const name = folder.filename().string();
        auto const type = name.substr(0, name.find('_'));
        if (!accept_output_product(context, info_, type, name)) continue;
        auto const object_path = hrsi_product_object_path("Test", type, *measurement_date, name);
        auto const uploaded = upload_product(context, folder, object_path);
        products.push_back({type, name, uploaded.public_path});
        if (!common.output_path) common.output_path = uploaded.url;
    }
}

PublicationDocuments PluginTestJob::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    for (auto const& product : products) {
        RestoProduct resto;
        resto.product_identifier = product.path;
        resto.title = product.title;
        resto.product_type = product.type;
        resto.mission = "S2";
        resto.start_date = format_resto_time(*measurement_date);
        resto.processing_baseline = processing_baseline(product.path);
        resto.host_base = parameters.text("products_host_base").value_or("");
        resto.s3_bucket = parameters.text("products_s3_bucket").value_or("");
        resto.thumbnail = quicklook_object_path(product.path);
        documents.products.push_back({product.type, product.title, resto_document(resto)});
    }
    return documents;
}

void PluginTestJob::set_product_publication_date(std::string_view product, util::TimePoint when) {
    (void)product;
    published_at = when;
}

Registry const& plugin_test_registry() {
    static Registry const registry = builtin_job_types().with(std::array{job_type_entry<PluginTestJob>()});
    return registry;
}

}  // namespace hrsi::testing
