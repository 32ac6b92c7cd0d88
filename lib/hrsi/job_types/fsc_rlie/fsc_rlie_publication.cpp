// SPDX-License-Identifier: Apache-2.0
// The publication JSON of FSC/RLIE products (reference §3.5, get_products_publication_jsons).
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/jobs/publication_json.hpp>
#include <hrsi/jobs/product_upload.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::jobs {
namespace {

// One product from the metadata the processor wrote (*_infos) and the recorded path.
std::optional<std::string> document(std::string const& type, std::optional<std::string> const& infos,
                                    std::optional<std::string> const& path,
                                    std::optional<util::TimePoint> completion, db::SystemParameterValues const& parameters,
                                    std::vector<std::string>& skipped) {
    if (!infos || !path) return std::nullopt;  // no such product
    rapidjson::Document metadata;
    metadata.Parse(infos->c_str());
    // MemberEnd() only on an object (RapidJSON asserts it; found by fuzz_program_metadata).
    bool const is_object = !metadata.HasParseError() && metadata.IsObject();
    auto const resto = is_object ? metadata.FindMember("resto") : rapidjson::Value::MemberIterator();
    if (!is_object || resto == metadata.MemberEnd() || !resto->value.IsObject()) {
        skipped.push_back(fmt::format("{} {}: its metadata is not a resto JSON object", type, *path));
        return std::nullopt;
    }
    auto const properties = resto->value.FindMember("properties");
    if (properties == resto->value.MemberEnd() || !properties->value.IsObject()) {
        skipped.push_back(fmt::format("{} {}: its metadata has no resto.properties", type, *path));
        return std::nullopt;
    }
    auto const& props = properties->value;
    RestoProduct product;
    if (auto const geometry = resto->value.FindMember("geometry");
        geometry != resto->value.MemberEnd() && geometry->value.IsObject()) {
        if (auto const wkt = geometry->value.FindMember("wkt");
            wkt != geometry->value.MemberEnd() && wkt->value.IsString()) {
            product.wkt = wkt->value.GetString();
        }
    }
    // The processor writes kilobytes, as a number or (the real one) a string of digits; the
    // message says bytes (reference: 1024 × int(KB)).
    auto const kilobytes = resource_kilobytes(props);
    if (!kilobytes) {
        skipped.push_back(fmt::format("{} {}: its metadata has no resourceSize in KB (a number or a string "
                                      "of digits)", type, *path));
        return std::nullopt;
    }
    if (!(*kilobytes >= 0) || *kilobytes > 9.0e15 / 1024) {
        skipped.push_back(fmt::format("{} {}: its resourceSize {} is not a size in KB", type, *path, *kilobytes));
        return std::nullopt;
    }
    product.resource_size = 1024 * static_cast<std::int64_t>(*kilobytes);
    if (auto const start = props.FindMember("startDate"); start != props.MemberEnd() && start->value.IsString()) {
        try {
            product.start_date = format_resto_time(util::parse_time(start->value.GetString()));
        } catch (std::exception const&) {
            skipped.push_back(fmt::format("{} {}: its startDate '{}' is not a date", type, *path,
                                          start->value.GetString()));
            return std::nullopt;
        }
    }
    if (completion) product.completion_date = format_resto_time(*completion);
    auto const prefix = parameters.text("products_path_prefix").value_or("/eodata/HRSI");
    std::string_view object_path = *path;
    if (object_path.starts_with(prefix)) object_path.remove_prefix(prefix.size());
    while (object_path.starts_with('/')) object_path.remove_prefix(1);
    product.product_identifier = *path;
    product.title = path->substr(path->rfind('/') + 1);
    product.product_type = type;
    product.resolution = scalar_json(props, "resolution");
    product.mission = "S2";
    product.cloud_cover = scalar_json(props, "cloudCover");
    product.processing_baseline = processing_baseline(*path);
    product.host_base = parameters.text("products_host_base").value_or("s3.waw2-1.cloudferro.com");
    product.s3_bucket = parameters.text("products_s3_bucket").value_or("HRSI");
    product.thumbnail = quicklook_object_path(object_path);
    return resto_document(product);
}

}  // namespace

PublicationDocuments FscRlieJob::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    if (auto json = document("FSC", fsc_infos, fsc_path, fsc_completion_date, parameters, documents.skipped)) {
        documents.products.push_back({"FSC", fsc_path->substr(fsc_path->rfind('/') + 1), std::move(*json)});
    }
    if (auto json = document("RLIE", rlie_infos, rlie_path, rlie_completion_date, parameters, documents.skipped)) {
        documents.products.push_back({"RLIE", rlie_path->substr(rlie_path->rfind('/') + 1), std::move(*json)});
    }
    return documents;
}

}  // namespace hrsi::jobs
