// SPDX-License-Identifier: Apache-2.0
// The publication JSON of the RLIE-S1+S2 product (reference §3.7): one document, from the
// chain's metadata completed by the worker, in the resto template (§4.4).
#include <hrsi/job_types/rlies1/rlie_chain_document.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>

#include <variant>

namespace hrsi::jobs {

PublicationDocuments RlieS1S2Job::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    if (!rlies1s2_path) return documents;
    if (!rlies1s2_json_submitted_json) {
        documents.skipped.push_back(fmt::format("rlies1s2 {}: no metadata recorded", *rlies1s2_path));
        return documents;
    }
    auto const name = products::product_name_of(*rlies1s2_path);
    auto result = rlie_chain_document(
        {"rlies1s2", name, *rlies1s2_json_submitted_json, *rlies1s2_path, rlies1s2_completion_date, "S1-S2"},
        parameters);
    if (result.index() == 1) {
        documents.skipped.push_back(std::move(std::get<1>(result)));
    } else {
        documents.products.push_back({"rlies1s2", name, std::move(std::get<0>(result))});
    }
    return documents;
}

}  // namespace hrsi::jobs
