// SPDX-License-Identifier: Apache-2.0
#pragma once

// A type's OUTPUT_PRODUCTS_LIST (JobTypeInfo::output_products): which product types its jobs
// publish.

#include <hrsi/jobs/job_template.hpp>

#include <string_view>

namespace hrsi::jobs {

// Whether `product` (a document's product type, "FSC") is in the type's list ("fsc"), whatever
// the case.
[[nodiscard]] bool is_output_product(JobTypeInfo const& info, std::string_view product) noexcept;

// Keeps the documents of the type's listed products; each other one is dropped, its reason
// added to documents.skipped.
void keep_output_products(JobTypeInfo const& info, PublicationDocuments& documents);

}  // namespace hrsi::jobs
