// SPDX-License-Identifier: Apache-2.0
// The publication JSON of SWS and WDS products (reference §3.8, get_products_publication_jsons):
// the resto template filled from the metadata the worker recorded (sws_infos, wds_infos: the
// geometry, resourceSize in KB, resolution), the start date the job's measurement, mission S1,
// no cloud cover, the processing baseline from the path.
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::jobs {
namespace {

struct Product {
    std::string_view type;  // SWS, WDS
    std::optional<std::string> const& infos;
    std::optional<std::string> const& path;
    std::optional<util::TimePoint> completion;
};

// The document of one product, or nothing (no product, or left out with the reason in `skipped`).
std::optional<std::string> document(Product const& made, util::TimePoint measurement,
                                    db::SystemParameterValues const& parameters,
                                    std::vector<std::string>& skipped) {
    if (!made.infos || !made.path) return std::nullopt;  // no such product
    auto const& path = *made.path;
    auto skip = [&](std::string const& why) {
        skipped.push_back(fmt::format("{} {}: {}", made.type, path, why));
        return std::nullopt;
    };
    rapidjson::Document metadata;
    metadata.Parse(made.infos->c_str(), made.infos->size());
    bool const is_object = !metadata.HasParseError() && metadata.IsObject();
    auto const resto = is_object ? metadata.FindMember("resto") : rapidjson::Value::MemberIterator();
    if (!is_object || resto == metadata.MemberEnd() || !resto->value.IsObject()) {
        return skip("its metadata is not a resto JSON object");
    }
    auto const properties = resto->value.FindMember("properties");
    if (properties == resto->value.MemberEnd() || !properties->value.IsObject()) {
        return skip("its metadata has no resto.properties");
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
    if (!product.wkt) return skip("its metadata has no resto.geometry.wkt");
    auto const kilobytes = resource_kilobytes(props);
    if (!kilobytes) return skip("its metadata has no resourceSize in KB (a number or a string of digits)");
    if (!(*kilobytes >= 0) || *kilobytes > 9.0e15 / 1024) {
        return skip(fmt::format("its resourceSize {} is not a size in KB", *kilobytes));
    }
    product.resource_size = 1024 * static_cast<std::int64_t>(*kilobytes);
    product.resolution = scalar_json(props, "resolution");
    if (!product.resolution) return skip("its metadata has no resolution");
    auto const prefix = parameters.text("products_path_prefix").value_or("/eodata/HRSI");
    std::string_view object_path = path;
    if (object_path.starts_with(prefix)) object_path.remove_prefix(prefix.size());
    while (object_path.starts_with('/')) object_path.remove_prefix(1);
    product.product_identifier = path;
    product.title = path.substr(path.rfind('/') + 1);
    product.start_date = format_resto_time(measurement);
    if (made.completion) product.completion_date = format_resto_time(*made.completion);
    product.product_type = std::string(made.type);
    product.mission = "S1";
    product.processing_baseline = processing_baseline(path);
    product.host_base = parameters.text("products_host_base").value_or("s3.waw2-1.cloudferro.com");
    product.s3_bucket = parameters.text("products_s3_bucket").value_or("HRSI");
    product.thumbnail = quicklook_object_path(object_path);
    return resto_document(product);
}

}  // namespace

PublicationDocuments SwsWdsJob::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    for (Product const made : {Product{"SWS", sws_infos, sws_path, sws_completion_date},
                               Product{"WDS", wds_infos, wds_path, wds_completion_date}}) {
        if (auto json = document(made, measurement_date, parameters, documents.skipped)) {
            documents.products.push_back({std::string(made.type), made.path->substr(made.path->rfind('/') + 1),
                                          std::move(*json)});
        }
    }
    return documents;
}

}  // namespace hrsi::jobs
