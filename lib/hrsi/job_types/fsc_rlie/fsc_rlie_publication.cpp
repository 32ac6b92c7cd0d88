// SPDX-License-Identifier: Apache-2.0
// The publication JSON of FSC/RLIE products (reference §3.5, get_products_publication_jsons).
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/jobs/program_metadata.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <variant>

namespace hrsi::jobs {
namespace {

// One product from the metadata the processor wrote (*_infos) and the recorded path.
std::optional<std::string> document(std::string const& type, std::optional<std::string> const& infos,
                                    std::optional<std::string> const& path,
                                    std::optional<util::TimePoint> completion, db::SystemParameterValues const& parameters,
                                    std::vector<std::string>& skipped) {
    if (!infos || !path) return std::nullopt;  // no such product
    ProgramMetadata const metadata(*infos);
    if (metadata.refusal()) {
        skipped.push_back(fmt::format("{} {}: {}", type, *path, *metadata.refusal()));
        return std::nullopt;
    }
    auto const& props = metadata.properties();
    RestoProduct product;
    product.wkt = metadata.wkt();
    // The processor writes kilobytes, as a number or (the real one) a string of digits; the
    // message says bytes (reference: 1024 × int(KB)).
    auto bytes = resource_bytes_from_kilobytes(props);
    if (bytes.index() == 1) {
        skipped.push_back(fmt::format("{} {}: {}", type, *path, std::get<1>(bytes)));
        return std::nullopt;
    }
    product.resource_size = std::get<0>(bytes);
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
    set_product_location(product, *path, parameters);
    product.product_type = type;
    product.resolution = scalar_json(props, "resolution");
    product.mission = "S2";
    product.cloud_cover = scalar_json(props, "cloudCover");
    product.processing_baseline = processing_baseline(*path);
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
