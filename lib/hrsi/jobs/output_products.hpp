// SPDX-License-Identifier: Apache-2.0
#pragma once

// A type's OUTPUT_PRODUCTS_LIST (JobTypeInfo::output_products): which product types its jobs
// publish.

#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/job_worker.hpp>

#include <string_view>

namespace hrsi::jobs {

// Whether `product` (a document's product type, "FSC") is in the type's list ("fsc"), whatever
// the case.
[[nodiscard]] bool is_output_product(JobTypeInfo const& info, std::string_view product) noexcept;

// Keeps the documents of the type's listed products; each other one is dropped, its reason
// added to documents.skipped.
void keep_output_products(JobTypeInfo const& info, PublicationDocuments& documents);

// The worker's rule: whether a product the program made (type `product`, named `name`) is
// uploaded and recorded. A product of a type not in the list is ignored, not a failure (the
// job's listed products still count): false, with a warning in the worker's log naming it.
[[nodiscard]] bool accept_output_product(WorkerContext const& context, JobTypeInfo const& info,
                                         std::string_view product, std::string_view name);

}  // namespace hrsi::jobs
