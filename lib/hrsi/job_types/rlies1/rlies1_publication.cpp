// SPDX-License-Identifier: Apache-2.0
// The publication JSON of RLIE-S1 products (reference §3.6): one document per product, from
// the chain's metadata completed by the worker, in the resto template (§4.4).
#include <hrsi/job_types/rlies1/rlie_chain_document.hpp>
#include <hrsi/job_types/rlies1/rlies1_job.hpp>

#include <fmt/format.h>

#include <variant>

namespace hrsi::jobs {

PublicationDocuments RlieS1Job::get_products_publication_jsons(db::SystemParameterValues const& parameters) const {
    PublicationDocuments documents;
    for (auto const& [name, path] : product_paths) {
        auto const metadata = product_metadata.find(name);
        if (metadata == product_metadata.end()) {
            documents.skipped.push_back(fmt::format("rlies1 {}: no metadata recorded", path));
            continue;
        }
        auto result = rlie_chain_document({"rlies1", name, metadata->second, path, rlies1_products_completion_date, "S1"},
                                          parameters);
        if (result.index() == 1) {
            documents.skipped.push_back(std::move(std::get<1>(result)));
            continue;
        }
        documents.products.push_back({"rlies1", name, std::move(std::get<0>(result))});
    }
    return documents;
}

}  // namespace hrsi::jobs
