// SPDX-License-Identifier: Apache-2.0
#pragma once

// The GFSC program's own part of the parameter file (/work/parameters.json), the JSON form of
// what run_gfsc_worker.py writes to processings_parameters.yaml for gf.py (reference §5.6).
// tests/sample-processor/README.md ("gfsc_job") documents the document for the program.

#include <hrsi/jobs/job_template.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

// One staged input product.
struct GfscProgramInput {
    std::string id;    // FSC_..., WDS_..., SWS_..., GFSC_...
    std::string kind;  // fsc, wds, sws, gfsc
    std::string path;  // its folder as the program sees it: /work/inputs/fsc/<id>
    util::TimePoint measurement_date;
    std::optional<util::TimePoint> publication_date;  // in the HR-S&I catalogue
};

struct GfscProgramParameters {
    std::string tile_id;  // 32TLR; T32TLR is taken too (written without the T)
    util::TimePoint product_date;  // its day (UTC) is written
    int aggregation_days = 7;      // the reference's aggregation_timespan
    std::string product_id_template;  // gfsc_product_id_template(): the program fills it
    std::vector<GfscProgramInput> inputs;  // staged: neither obsolete ones nor others
    std::vector<std::string> obsolete_product_ids;  // held by the input GFSC, not staged
    std::string masks_folder;  // the tile's ssp_aux masks as staged, as the program sees it
    std::string forest_urban_water_mask;  // T<tile>_60m_MASK_FOREST_URBAN_WATER_<version>.tif
    std::optional<std::string> non_mountain_area_mask;  // ..._NON_MOUNTAIN_AREA_...: not every tile has one
    std::string dem_path;       // Copernicus_DSM_60m_<tile>_wgs84.tif as the program sees it
    std::string output_folder;  // where the program writes its product folders and output_info.yaml
};

// Writes the member "gfsc": {tile_id, product_date (YYYY-MM-DD), aggregation_days,
// product_id_template, inputs: [{id, kind, path, measurement_date, publication_date (RFC 3339
// or null)}], obsolete_product_ids, masks_folder, forest_urban_water_mask,
// non_mountain_area_mask (or null), dem_path, output_folder} into the parameter file's top-level
// object (JobTemplate::write_parameters). Throws InternalError for an input of a kind not in
// the list above, a field left empty, an aggregation below 1 day.
void write_gfsc_parameters(JsonWriter& writer, GfscProgramParameters const& parameters);

}  // namespace hrsi::jobs
