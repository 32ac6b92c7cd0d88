// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_program_parameters.hpp>

#include <hrsi/error.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <string_view>

namespace hrsi::jobs {
namespace {

void text(JsonWriter& writer, std::string_view key, std::string_view value) {
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void required(std::string_view key, std::string_view value) {
    if (value.empty()) throw InternalError(fmt::format("GFSC program parameter {} is empty", key));
}

void check(GfscProgramParameters const& parameters) {
    required("tile_id", parameters.tile_id);
    required("product_id_template", parameters.product_id_template);
    required("masks_folder", parameters.masks_folder);
    required("forest_urban_water_mask", parameters.forest_urban_water_mask);
    required("dem_path", parameters.dem_path);
    required("output_folder", parameters.output_folder);
    if (parameters.aggregation_days < 1) {
        throw InternalError(fmt::format("GFSC program parameter aggregation_days is {}", parameters.aggregation_days));
    }
    for (auto const& input : parameters.inputs) {
        if (input.kind != "fsc" && input.kind != "wds" && input.kind != "sws" && input.kind != "gfsc") {
            throw InternalError(fmt::format("GFSC input {} of unknown kind '{}' (fsc, wds, sws or gfsc)",
                                            input.id, input.kind));
        }
        required("inputs[].id", input.id);
        required("inputs[].path", input.path);
    }
}

void write_input(JsonWriter& writer, GfscProgramInput const& input) {
    writer.StartObject();
    text(writer, "id", input.id);
    text(writer, "kind", input.kind);
    text(writer, "path", input.path);
    text(writer, "measurement_date", util::format_rfc3339(input.measurement_date));
    writer.Key("publication_date");
    if (input.publication_date) {
        auto const date = util::format_rfc3339(*input.publication_date);
        writer.String(date.c_str(), static_cast<rapidjson::SizeType>(date.size()));
    } else {
        writer.Null();
    }
    writer.EndObject();
}

}  // namespace

void write_gfsc_parameters(JsonWriter& writer, GfscProgramParameters const& parameters) {
    check(parameters);
    std::string_view tile = parameters.tile_id;
    if (tile.size() == 6 && tile.front() == 'T') tile.remove_prefix(1);
    writer.Key("gfsc");
    writer.StartObject();
    text(writer, "tile_id", tile);
    text(writer, "product_date", fmt::format("{:%Y-%m-%d}", std::chrono::floor<std::chrono::days>(parameters.product_date)));
    writer.Key("aggregation_days");
    writer.Int(parameters.aggregation_days);
    text(writer, "product_id_template", parameters.product_id_template);
    writer.Key("inputs");
    writer.StartArray();
    for (auto const& input : parameters.inputs) write_input(writer, input);
    writer.EndArray();
    writer.Key("obsolete_product_ids");
    writer.StartArray();
    for (auto const& id : parameters.obsolete_product_ids) {
        writer.String(id.c_str(), static_cast<rapidjson::SizeType>(id.size()));
    }
    writer.EndArray();
    text(writer, "masks_folder", parameters.masks_folder);
    text(writer, "forest_urban_water_mask", parameters.forest_urban_water_mask);
    writer.Key("non_mountain_area_mask");
    if (parameters.non_mountain_area_mask) {
        writer.String(parameters.non_mountain_area_mask->c_str(),
                      static_cast<rapidjson::SizeType>(parameters.non_mountain_area_mask->size()));
    } else {
        writer.Null();
    }
    text(writer, "dem_path", parameters.dem_path);
    text(writer, "output_folder", parameters.output_folder);
    writer.EndObject();
}

}  // namespace hrsi::jobs
