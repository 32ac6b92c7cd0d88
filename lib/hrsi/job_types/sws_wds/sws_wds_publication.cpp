// SPDX-License-Identifier: Apache-2.0
// The publication JSON of SWS and WDS products (reference §3.8, get_products_publication_jsons):
// the resto template filled from the metadata the worker recorded (sws_infos, wds_infos: the
// geometry, resourceSize in KB, resolution), the start date the job's measurement, mission S1,
// no cloud cover, the processing baseline from the path.
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/program_metadata.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <variant>

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
    ProgramMetadata const metadata(*made.infos);
    if (metadata.refusal()) return skip(*metadata.refusal());
    auto const& props = metadata.properties();
    RestoProduct product;
    product.wkt = metadata.wkt();
    if (!product.wkt) return skip("its metadata has no resto.geometry.wkt");
    auto bytes = resource_bytes_from_kilobytes(props);
    if (bytes.index() == 1) return skip(std::get<1>(bytes));
    product.resource_size = std::get<0>(bytes);
    product.resolution = scalar_json(props, "resolution");
    if (!product.resolution) return skip("its metadata has no resolution");
    set_product_location(product, path, parameters);
    product.start_date = format_resto_time(measurement);
    if (made.completion) product.completion_date = format_resto_time(*made.completion);
    product.product_type = std::string(made.type);
    product.mission = "S1";
    product.processing_baseline = processing_baseline(path);
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
