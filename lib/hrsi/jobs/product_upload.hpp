// SPDX-License-Identifier: Apache-2.0
#pragma once

// HR-S&I products on the output storage (reference §3.4): where they go and how a product
// folder the program wrote is uploaded.

#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/time.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace hrsi::jobs {

// CLMS/Pan-European/High_Resolution_Layers/<theme>/<product type>/YYYY/MM/DD/<product>
// (date: the job's measurement date, UTC).
[[nodiscard]] std::string hrsi_product_object_path(std::string_view theme,
                                                   std::string_view product_type,
                                                   util::TimePoint date,
                                                   std::string_view product_name);

// Preview/<object path>/thumbnail.png
[[nodiscard]] std::string quicklook_object_path(std::string_view object_path);

// A product once uploaded.
struct UploadedProduct {
    std::string name;         // the folder name: the product id
    std::string public_path;  // as recorded and published: <products_path_prefix>/<object path>
    std::string url;          // where it is: products storage URL
    std::string infos;        // the JSON the program wrote for publication
};

// Uploads the product folder `folder` (named after the product) written by the program:
// takes out its dias_catalog_submit.json (the publication metadata, which must be a JSON
// object) and its <name>_QLK.png quicklook, uploads the folder to the product's object path
// and the quicklook to its Preview path. Each upload lands whole or not at all.
// Throws WorkerFailure (internal) when the metadata is missing or not JSON, storage errors
// when an upload fails.
UploadedProduct upload_product(WorkerContext& context, std::filesystem::path const& folder,
                               std::string const& object_path);

}  // namespace hrsi::jobs
