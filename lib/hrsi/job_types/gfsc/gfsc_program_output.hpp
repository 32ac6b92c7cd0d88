// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the GFSC program leaves for the worker (reference §5.6, run_gfsc_worker.py
// job_post_processing): outputs/data/output_info.yaml naming the product, the product folder
// <outputs/data>/<id>/ with its dias_catalog_submit.json (empty: no product) and thumbnail.png;
// intermediate GFSC1_* folders beside it, which are not products.

#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/util/time.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

struct GfscProgramOutput {
    std::string product_id;  // output_info.yaml's product_title: the final id (the job's gfsc_id)
    GfscIdParts id_parts;    // its fields
    std::filesystem::path product_folder;  // <outputs/data>/<product_id>
    // Whether the program made a product: its dias_catalog_submit.json is not empty (the
    // reference's generated_a_product). gf2.py writes an empty one when no input is valid.
    bool has_product = false;
    std::string infos;  // dias_catalog_submit.json as written (the job's gfsc_infos); "" without product
    std::filesystem::path infos_file;  // to take out of the folder before uploading it
    // With a product: resto.properties completionDate, startDate, endDate
    // (%Y-%m-%dT%H:%M:%S.%fZ, as the reference reads them).
    std::optional<util::TimePoint> completion_date;
    std::optional<util::TimePoint> sensing_start;
    std::optional<util::TimePoint> sensing_end;
    // <product folder>/thumbnail.png when the program wrote it (a regular file): uploaded to the
    // Preview path, not with the product.
    std::optional<std::filesystem::path> quicklook;
    std::vector<std::string> intermediate_products;  // GFSC1_* folder names: ignored, not uploaded
};

// Reads what the program wrote in `outputs_data_folder` (the work folder's outputs/data).
// Reads no link (read_program_file, and the product folder itself must be a real folder).
// Throws WorkerFailure: internal "SIP unrecoverable error", retried, when output_info.yaml is
// missing, names no product_title or one that is not a final GFSC id, when the product folder
// is missing, when dias_catalog_submit.json is not the resto JSON with the three dates;
// internal "Missing infos file", retried, when dias_catalog_submit.json is missing; internal
// unsafe_output_subtype, final, for a link.
[[nodiscard]] GfscProgramOutput read_gfsc_program_output(std::filesystem::path const& outputs_data_folder);

// The product_title of output_info.yaml's text (the top-level key; gf.py's yaml.dump also
// repeats the parameters, with the template's product_title, indented under "parameters:").
// A plain or quoted scalar on its line. Throws InputError with the reason: no top-level
// product_title, twice, empty, or not a one-line scalar.
[[nodiscard]] std::string gfsc_output_product_title(std::string_view output_info_yaml);

}  // namespace hrsi::jobs
