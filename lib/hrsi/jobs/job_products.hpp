// SPDX-License-Identifier: Apache-2.0
#pragma once

// A job's products as a person reads them (hrsi-status show): the documents of its type's
// OUTPUT_PRODUCTS_LIST products and where each stands in the publication outbox.

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/registry.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hrsi::jobs {

struct JobProduct {
    std::string type;    // "FSC"
    std::string title;   // the product id (the message id)
    std::string path;    // as published: the document's productIdentifier ("" when it has none)
    // "not published", "in the outbox", "sent, not confirmed", "published <time>"
    std::string publication;
};

// The products of job `job_id` (of a type `job_types` knows; none for a job without product);
// a product whose metadata the type leaves out of publication is not listed.
[[nodiscard]] std::vector<JobProduct> job_products(db::Connection& conn, Registry const& job_types,
                                                   std::int64_t job_id);

// The products as a JSON array of objects {"product", "title", "path", "publication"}
// (hrsi-status show --json: the member output_products).
[[nodiscard]] std::string job_products_json(std::vector<JobProduct> const& products);

}  // namespace hrsi::jobs
