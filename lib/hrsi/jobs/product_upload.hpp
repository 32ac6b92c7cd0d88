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

// Where a product recorded as <products_path_prefix>/<object path> is on the products storage;
// another path is an input path (StorageRoots::input).
[[nodiscard]] storage::Location hrsi_product_location(StorageRoots const& roots, std::string_view path);

// The program's resto metadata of an uploaded product completed as the reference's workers do
// (where the product is: host_base, productIdentifier, thumbnail, s3_bucket in
// resto.properties); as given when it has no resto.properties (publication says why it
// cannot use it).
[[nodiscard]] std::string complete_product_metadata(std::string const& infos, std::string const& public_path,
                                                    std::string const& object_path,
                                                    db::SystemParameterValues const& parameters);

}  // namespace hrsi::jobs
