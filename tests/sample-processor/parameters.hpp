// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sample {

// The parameter file the worker writes (README.md). Unknown keys are ignored.
struct Parameters {
    struct Job {
        long long id = 0;
        std::string type;
        std::string unique_id;  // may be empty
        std::string name;       // may be empty
        int attempt = 1;
    };
    struct FscRlie {
        std::string tile_id;
        std::string maja_mode;  // init, nominal or backward
        std::vector<std::string> l1c_files;
        std::optional<std::string> l2a_file;  // nominal mode only
        int product_quality_flag = 0;
        bool generate_ice_product = true;
        double max_cloud_cover_rate = 100;
        std::optional<double> cloud_cover;
        std::optional<std::string> measurement_date;
        // The tile's auxiliary data; the shapefile and flags are null for a tile without RLIE.
        std::string dem_dir;
        std::string tree_cover_density;
        std::string water_mask;
        std::optional<std::string> river_shapefile;
        std::optional<std::string> hrl_flags_file;
    };

    struct Rlies1 {
        std::string s1grd;                  // the staged GRD folder (.SAFE)
        std::vector<std::string> s2tile_ids;  // the catalogue's tiles (the job's naive list)
        std::string static_aux;             // the extracted rlie_s1_static_aux folder
        std::string dem_folder;             // dem_20m_<tile>.tif, staged after the intersection
        std::string geometries_file;        // precomputed_product_geometries_file
        int nprocs = 1;
    };

    struct Rlies1s2 {
        std::string rlie_s1_dir;             // the staged RLIE-S1 products, a folder each
        std::string rlie_s2_dir;             // the staged S2 RLIE products, a folder each
        std::string date_to_process;         // YYYY-MM-DD
        std::string tile_id;                 // without the T
        std::string s2tiles_eea39_gdal_info; // in the extracted static auxiliary data
        int nprocs = 1;
    };

    struct SwsWds {
        std::string tile_id;                 // without the T
        std::string epsg;                    // 32600 + the UTM zone
        std::string platform;                // S1A, S1B, S1C
        std::string mission_take_id;         // the datatake, upper-case hex
        std::string track;                   // the relative orbit, 3 digits
        std::string month;                   // of the measurement: 01-12
        std::string measurement_date;        // YYYYMMDDTHHMMSS
        std::string assembly_id;
        bool create_assembly = false;        // true: from s1_paths and dem; false: read assembly_file
        std::vector<std::string> s1_paths;   // the slices (.SAFE folders), when creating
        std::optional<std::string> dem;      // the zone's DEM, when creating
        std::string assembly_file;           // written when creating, read otherwise
        std::vector<std::string> fsc_paths;  // the FSC rasters (_FSCTOC.tif) of a WDS job
        std::string aux_dir;                 // the extracted auxiliary tars and the masks
        std::string ssp_aux_version;
        std::string sws_product_id;
        std::string wds_product_id;
        bool generate_sws_product = false;
        bool generate_wds_product = false;
        int pixel_size = 60;
        std::string envelope;                // the tile's "minLon;minLat;maxLon;maxLat"
    };

    struct Gfsc {
        struct Input {
            std::string id;
            std::string kind;  // fsc, wds, sws, gfsc
            std::string path;  // the staged product folder
            std::string measurement_date;
            std::optional<std::string> publication_date;
        };
        std::string tile_id;              // with or without the T
        std::string product_date;         // YYYY-MM-DD
        int aggregation_days = 7;
        std::string product_id_template;  // GFSC_<YYYYMMDD>-<NNN>_missions_T<tile>_processingBaseline_<s>
        std::vector<Input> inputs;
        std::vector<std::string> obsolete_product_ids;
        std::string masks_folder;
        std::string forest_urban_water_mask;
        std::optional<std::string> non_mountain_area_mask;
        std::string dem_path;
        std::string output_folder;        // the product folders and output_info.yaml
    };

    Job job;
    std::string work_folder;
    std::vector<std::string> inputs;
    std::string output_folder;
    std::string temp_folder;
    std::optional<FscRlie> fsc_rlie;  // present for fsc_rlie_job
    std::optional<Rlies1> rlies1;     // present for rlies1_job
    std::optional<SwsWds> sws_wds;    // present for sws_wds_job
    std::optional<Rlies1s2> rlies1s2;  // present for rlies1s2_job
    std::optional<Gfsc> gfsc;         // present for gfsc_job
};

// Reads and checks the file. Throws Failure (bad parameters) saying what is wrong.
[[nodiscard]] Parameters read_parameters(std::string const& path);

}  // namespace sample
