// SPDX-License-Identifier: Apache-2.0
#include "parameters.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <sstream>

namespace sample {
namespace {

using rapidjson::Value;

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

// The member, or nullptr when absent or null (both mean "not given").
Value const* find(Value const& object, char const* key) {
    auto it = object.FindMember(key);
    if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
}

Value const& require(Value const& object, char const* key, std::string_view where) {
    auto const* value = find(object, key);
    if (!value) bad(fmt::format("{}{} is missing", where, key));
    return *value;
}

std::string text(Value const& value, char const* key, std::string_view where) {
    if (!value.IsString()) bad(fmt::format("{}{} must be a string", where, key));
    return {value.GetString(), value.GetStringLength()};
}

std::optional<std::string> optional_text(Value const& object, char const* key,
                                         std::string_view where) {
    auto const* value = find(object, key);
    if (!value) return std::nullopt;
    return text(*value, key, where);
}

long long integer(Value const& value, char const* key, std::string_view where) {
    if (!value.IsInt64()) bad(fmt::format("{}{} must be an integer", where, key));
    return value.GetInt64();
}

double number(Value const& value, char const* key, std::string_view where) {
    if (!value.IsNumber()) bad(fmt::format("{}{} must be a number", where, key));
    return value.GetDouble();
}

std::optional<double> optional_number(Value const& object, char const* key,
                                      std::string_view where) {
    auto const* value = find(object, key);
    if (!value) return std::nullopt;
    return number(*value, key, where);
}

bool boolean(Value const& value, char const* key, std::string_view where) {
    if (!value.IsBool()) bad(fmt::format("{}{} must be true or false", where, key));
    return value.GetBool();
}

std::vector<std::string> texts(Value const& value, char const* key, std::string_view where) {
    if (!value.IsArray()) bad(fmt::format("{}{} must be an array of paths", where, key));
    std::vector<std::string> result;
    for (auto const& item : value.GetArray()) result.push_back(text(item, key, where));
    return result;
}

Parameters::Job read_job(Value const& root) {
    auto const& job = require(root, "job", "");
    if (!job.IsObject()) bad("job must be an object");
    Parameters::Job result;
    result.id = integer(require(job, "id", "job."), "id", "job.");
    result.type = text(require(job, "type", "job."), "type", "job.");
    result.unique_id = optional_text(job, "unique_id", "job.").value_or("");
    result.name = optional_text(job, "name", "job.").value_or("");
    if (auto const* attempt = find(job, "attempt")) {
        result.attempt = static_cast<int>(integer(*attempt, "attempt", "job."));
    }
    return result;
}

Parameters::FscRlie read_fsc_rlie(Value const& root) {
    constexpr std::string_view where = "fsc_rlie.";
    auto const& object = require(root, "fsc_rlie", "");
    if (!object.IsObject()) bad("fsc_rlie must be an object");
    Parameters::FscRlie result;
    result.tile_id = text(require(object, "tile_id", where), "tile_id", where);
    result.maja_mode = text(require(object, "maja_mode", where), "maja_mode", where);
    if (result.maja_mode != "init" && result.maja_mode != "nominal" &&
        result.maja_mode != "backward") {
        bad(fmt::format("fsc_rlie.maja_mode is '{}', not init, nominal or backward",
                        result.maja_mode));
    }
    result.l1c_files = texts(require(object, "l1c_files", where), "l1c_files", where);
    if (result.l1c_files.empty()) bad("fsc_rlie.l1c_files is empty");
    result.l2a_file = optional_text(object, "l2a_file", where);
    if (result.maja_mode == "nominal" && !result.l2a_file) {
        bad("fsc_rlie.l2a_file is needed in nominal mode");
    }
    auto flag = integer(require(object, "product_quality_flag", where), "product_quality_flag",
                        where);
    if (flag != 0 && flag != 1) bad("fsc_rlie.product_quality_flag must be 0 or 1");
    result.product_quality_flag = static_cast<int>(flag);
    result.generate_ice_product = boolean(require(object, "generate_ice_product", where),
                                          "generate_ice_product", where);
    result.max_cloud_cover_rate = number(require(object, "max_cloud_cover_rate", where),
                                         "max_cloud_cover_rate", where);
    result.cloud_cover = optional_number(object, "cloud_cover", where);
    result.measurement_date = optional_text(object, "measurement_date", where);
    result.dem_dir = text(require(object, "dem_dir", where), "dem_dir", where);
    result.tree_cover_density = text(require(object, "tree_cover_density", where), "tree_cover_density", where);
    result.water_mask = text(require(object, "water_mask", where), "water_mask", where);
    result.river_shapefile = optional_text(object, "river_shapefile", where);
    result.hrl_flags_file = optional_text(object, "hrl_flags_file", where);
    if (result.generate_ice_product && (!result.river_shapefile || !result.hrl_flags_file)) {
        bad("fsc_rlie.generate_ice_product is true but river_shapefile or hrl_flags_file is null");
    }
    return result;
}

Parameters::Rlies1 read_rlies1(Value const& root) {
    constexpr std::string_view where = "rlies1.";
    auto const& object = require(root, "rlies1", "");
    if (!object.IsObject()) bad("rlies1 must be an object");
    Parameters::Rlies1 result;
    result.s1grd = text(require(object, "s1grd", where), "s1grd", where);
    result.s2tile_ids = texts(require(object, "s2tile_ids", where), "s2tile_ids", where);
    result.static_aux = text(require(object, "static_aux", where), "static_aux", where);
    result.dem_folder = text(require(object, "dem_folder", where), "dem_folder", where);
    result.geometries_file = text(require(object, "precomputed_product_geometries_file", where),
                                  "precomputed_product_geometries_file", where);
    result.nprocs = static_cast<int>(integer(require(object, "nprocs", where), "nprocs", where));
    return result;
}

Parameters::Rlies1s2 read_rlies1s2(Value const& root) {
    constexpr std::string_view where = "rlies1s2.";
    auto const& object = require(root, "rlies1s2", "");
    if (!object.IsObject()) bad("rlies1s2 must be an object");
    auto string = [&](char const* key) { return text(require(object, key, where), key, where); };
    Parameters::Rlies1s2 result;
    result.rlie_s1_dir = string("rlie_s1_dir");
    result.rlie_s2_dir = string("rlie_s2_dir");
    result.date_to_process = string("date_to_process");
    result.tile_id = string("tile_id");
    result.s2tiles_eea39_gdal_info = string("s2tiles_eea39_gdal_info");
    result.nprocs = static_cast<int>(integer(require(object, "nprocs", where), "nprocs", where));
    return result;
}

Parameters::SwsWds read_sws_wds(Value const& root) {
    constexpr std::string_view where = "sws_wds.";
    auto const& object = require(root, "sws_wds", "");
    if (!object.IsObject()) bad("sws_wds must be an object");
    auto string = [&](char const* key) { return text(require(object, key, where), key, where); };
    auto flag = [&](char const* key) { return boolean(require(object, key, where), key, where); };
    Parameters::SwsWds result;
    result.tile_id = string("tile_id");
    result.epsg = string("epsg");
    result.platform = string("platform");
    result.mission_take_id = string("mission_take_id");
    result.track = string("track");
    result.month = string("month");
    result.measurement_date = string("measurement_date");
    result.assembly_id = string("assembly_id");
    result.create_assembly = flag("create_assembly");
    result.s1_paths = texts(require(object, "s1_paths", where), "s1_paths", where);
    result.dem = optional_text(object, "dem", where);
    if (result.create_assembly && (result.s1_paths.empty() || !result.dem)) {
        bad("sws_wds.create_assembly is true but s1_paths is empty or dem is null");
    }
    result.assembly_file = string("assembly_file");
    result.fsc_paths = texts(require(object, "fsc_paths", where), "fsc_paths", where);
    result.aux_dir = string("aux_dir");
    result.ssp_aux_version = string("ssp_aux_version");
    result.sws_product_id = string("sws_product_id");
    result.wds_product_id = string("wds_product_id");
    result.generate_sws_product = flag("generate_sws_product");
    result.generate_wds_product = flag("generate_wds_product");
    result.pixel_size = static_cast<int>(integer(require(object, "pixel_size", where), "pixel_size", where));
    result.envelope = string("envelope");
    return result;
}

Parameters::Gfsc::Input read_gfsc_input(Value const& value) {
    constexpr std::string_view where = "gfsc.inputs[].";
    if (!value.IsObject()) bad("gfsc.inputs must be an array of objects");
    auto string = [&](char const* key) { return text(require(value, key, where), key, where); };
    Parameters::Gfsc::Input input;
    input.id = string("id");
    input.kind = string("kind");
    if (input.kind != "fsc" && input.kind != "wds" && input.kind != "sws" && input.kind != "gfsc") {
        bad(fmt::format("gfsc.inputs[].kind of {} is '{}', not fsc, wds, sws or gfsc", input.id, input.kind));
    }
    input.path = string("path");
    input.measurement_date = string("measurement_date");
    input.publication_date = optional_text(value, "publication_date", where);
    return input;
}

Parameters::Gfsc read_gfsc(Value const& root) {
    constexpr std::string_view where = "gfsc.";
    auto const& object = require(root, "gfsc", "");
    if (!object.IsObject()) bad("gfsc must be an object");
    auto string = [&](char const* key) { return text(require(object, key, where), key, where); };
    Parameters::Gfsc result;
    result.tile_id = string("tile_id");
    result.product_date = string("product_date");
    auto const days = integer(require(object, "aggregation_days", where), "aggregation_days", where);
    if (days < 1 || days > 999) bad(fmt::format("gfsc.aggregation_days is {}, not 1 to 999", days));
    result.aggregation_days = static_cast<int>(days);
    result.product_id_template = string("product_id_template");
    auto const& inputs = require(object, "inputs", where);
    if (!inputs.IsArray()) bad("gfsc.inputs must be an array of objects");
    for (auto const& input : inputs.GetArray()) result.inputs.push_back(read_gfsc_input(input));
    result.obsolete_product_ids = texts(require(object, "obsolete_product_ids", where), "obsolete_product_ids", where);
    result.masks_folder = string("masks_folder");
    result.forest_urban_water_mask = string("forest_urban_water_mask");
    result.non_mountain_area_mask = optional_text(object, "non_mountain_area_mask", where);
    result.dem_path = string("dem_path");
    result.output_folder = string("output_folder");
    return result;
}

std::string read_whole_file(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) bad(fmt::format("cannot read the parameter file {}", path));
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

}  // namespace

Parameters read_parameters(std::string const& path) {
    auto content = read_whole_file(path);
    rapidjson::Document root;
    root.Parse(content.data(), content.size());
    if (root.HasParseError()) {
        bad(fmt::format("{}: not JSON: {} at offset {}", path,
                        rapidjson::GetParseError_En(root.GetParseError()), root.GetErrorOffset()));
    }
    if (!root.IsObject()) bad(fmt::format("{}: not a JSON object", path));
    try {
        Parameters result;
        result.job = read_job(root);
        result.work_folder = text(require(root, "work_folder", ""), "work_folder", "");
        result.inputs = texts(require(root, "inputs", ""), "inputs", "");
        result.output_folder = text(require(root, "output_folder", ""), "output_folder", "");
        result.temp_folder = text(require(root, "temp_folder", ""), "temp_folder", "");
        if (result.job.type == "fsc_rlie_job") {
            result.fsc_rlie = read_fsc_rlie(root);
        } else if (result.job.type == "rlies1_job") {
            result.rlies1 = read_rlies1(root);
        } else if (result.job.type == "sws_wds_job") {
            result.sws_wds = read_sws_wds(root);
        } else if (result.job.type == "rlies1s2_job") {
            result.rlies1s2 = read_rlies1s2(root);
        } else if (result.job.type == "gfsc_job") {
            result.gfsc = read_gfsc(root);
        } else if (result.job.type != "test_job") {
            bad(fmt::format("job type '{}' is not one the sample processor knows "
                            "(test_job, fsc_rlie_job, rlies1_job, sws_wds_job, rlies1s2_job, gfsc_job)",
                            result.job.type));
        }
        return result;
    } catch (Failure const& failure) {
        bad(fmt::format("{}: {}", path, failure.what()));
    }
}

}  // namespace sample
