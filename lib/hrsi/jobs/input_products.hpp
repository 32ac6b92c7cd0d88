// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/job_template.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

// A chunk of catalogue products split by a type's INPUT_PRODUCT_TYPE.
struct AcceptedInputs {
    std::vector<InputProduct> accepted;          // of the type's kind, parsed, in input order
    std::vector<JobsToCreate::Refusal> refused;  // the others, with the reason
};

// The one place where creation checks a product's kind: s2 takes Sentinel-2 L1C, s1
// Sentinel-1, hrsi HR-S&I products (FSC, RLIE, ...); each is parsed from its name (else its
// path). none takes any product, unparsed. A type's get_jobs_to_create() receives `accepted`.
[[nodiscard]] AcceptedInputs accept_input_products(JobTypeInfo const& info,
                                                   std::vector<catalogue::CatalogueProduct>&& products);

// What a type made by the clock alone (get_scheduled_jobs) answers to a catalogue answer:
// every product refused with `reason`.
[[nodiscard]] JobsToCreate refuse_catalogue_answer(std::span<InputProduct const> products, std::string_view reason);

}  // namespace hrsi::jobs
