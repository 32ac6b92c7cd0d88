// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_parameters.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include <string>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

GfscProgramParameters sample_parameters() {
    GfscProgramParameters parameters;
    parameters.tile_id = "T32TLR";
    parameters.product_date = util::parse_time("2024-01-02T00:00:00Z");
    parameters.aggregation_days = 7;
    parameters.product_id_template = "GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000";
    parameters.inputs = {
        {"GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600", "gfsc",
         "/work/inputs/gfsc/GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600", util::parse_time("2024-01-01"),
         util::parse_time("2024-01-02T00:12:00Z")},
        {"FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "/work/inputs/fsc/FSC_20240102T103431_S2A_T32TLR_V102_1",
         util::parse_time("2024-01-02T10:34:31.024Z"), util::parse_time("2024-01-02T14:01:02.5Z")},
        {"WDS_20240102T171530_S1A_T32TLR_V101_1", "wds", "/work/inputs/wds/WDS_20240102T171530_S1A_T32TLR_V101_1",
         util::parse_time("2024-01-02T17:15:30Z"), std::nullopt},
    };
    parameters.obsolete_product_ids = {"FSC_20240101T103429_S2B_T32TLR_V102_1"};
    parameters.masks_folder = "/work/inputs/aux/32TLR";
    parameters.forest_urban_water_mask = "/work/inputs/aux/32TLR/T32TLR_60m_MASK_FOREST_URBAN_WATER_V20211119.tif";
    parameters.dem_path = "/work/inputs/aux/32TLR/Copernicus_DSM_60m_32TLR_wgs84.tif";
    parameters.output_folder = "/work/outputs/data";
    return parameters;
}

// The parameter file as the worker writes it around the type's part.
rapidjson::Document document_of(GfscProgramParameters const& parameters) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.StartObject();
    writer.Key("work_folder");
    writer.String("/work");
    write_gfsc_parameters(writer, parameters);
    writer.EndObject();
    REQUIRE(writer.IsComplete());
    rapidjson::Document document;
    document.Parse(buffer.GetString(), buffer.GetSize());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

std::string text(rapidjson::Value const& object, char const* key) {
    REQUIRE(object.HasMember(key));
    REQUIRE(object[key].IsString());
    return object[key].GetString();
}

}  // namespace

TEST_CASE("gfsc parameters: the document the program reads", "[gfsc]") {
    auto const document = document_of(sample_parameters());
    REQUIRE(document.HasMember("gfsc"));
    auto const& gfsc = document["gfsc"];
    REQUIRE(gfsc.IsObject());
    CHECK(gfsc.MemberCount() == 11);
    CHECK(text(gfsc, "tile_id") == "32TLR");
    CHECK(text(gfsc, "product_date") == "2024-01-02");
    CHECK(gfsc["aggregation_days"].GetInt() == 7);
    CHECK(text(gfsc, "product_id_template") == "GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000");
    CHECK(text(gfsc, "masks_folder") == "/work/inputs/aux/32TLR");
    CHECK(text(gfsc, "forest_urban_water_mask") ==
          "/work/inputs/aux/32TLR/T32TLR_60m_MASK_FOREST_URBAN_WATER_V20211119.tif");
    CHECK(gfsc["non_mountain_area_mask"].IsNull());
    CHECK(text(gfsc, "dem_path") == "/work/inputs/aux/32TLR/Copernicus_DSM_60m_32TLR_wgs84.tif");
    CHECK(text(gfsc, "output_folder") == "/work/outputs/data");

    auto const& obsolete = gfsc["obsolete_product_ids"];
    REQUIRE(obsolete.IsArray());
    REQUIRE(obsolete.Size() == 1);
    CHECK(std::string(obsolete[0].GetString()) == "FSC_20240101T103429_S2B_T32TLR_V102_1");

    auto const& inputs = gfsc["inputs"];
    REQUIRE(inputs.IsArray());
    REQUIRE(inputs.Size() == 3);
    CHECK(text(inputs[0], "id") == "GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600");
    CHECK(text(inputs[0], "kind") == "gfsc");
    CHECK(text(inputs[0], "path") == "/work/inputs/gfsc/GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600");
    CHECK(text(inputs[0], "measurement_date") == "2024-01-01T00:00:00Z");
    CHECK(text(inputs[0], "publication_date") == "2024-01-02T00:12:00Z");
    CHECK(text(inputs[1], "kind") == "fsc");
    CHECK(text(inputs[1], "measurement_date") == "2024-01-02T10:34:31.024000Z");
    CHECK(text(inputs[1], "publication_date") == "2024-01-02T14:01:02.500000Z");
    CHECK(text(inputs[2], "kind") == "wds");
    CHECK(inputs[2]["publication_date"].IsNull());
    CHECK(inputs[2].MemberCount() == 5);
}

TEST_CASE("gfsc parameters: a tile without T, a mountain mask, no input", "[gfsc]") {
    auto parameters = sample_parameters();
    parameters.tile_id = "31TGL";
    parameters.non_mountain_area_mask = "/work/inputs/aux/31TGL/T31TGL_60m_MASK_NON_MOUNTAIN_AREA_V20211119.tif";
    parameters.inputs.clear();
    parameters.obsolete_product_ids.clear();
    parameters.product_date = util::parse_time("2024-02-29T23:59:59Z");
    auto const document = document_of(parameters);
    auto const& gfsc = document["gfsc"];
    CHECK(text(gfsc, "tile_id") == "31TGL");
    CHECK(text(gfsc, "product_date") == "2024-02-29");
    CHECK(text(gfsc, "non_mountain_area_mask") ==
          "/work/inputs/aux/31TGL/T31TGL_60m_MASK_NON_MOUNTAIN_AREA_V20211119.tif");
    CHECK(gfsc["inputs"].IsArray());
    CHECK(gfsc["inputs"].Empty());
    CHECK(gfsc["obsolete_product_ids"].Empty());
}

TEST_CASE("gfsc parameters: a caller's mistake is an internal error", "[gfsc]") {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    auto parameters = sample_parameters();
    parameters.inputs[1].kind = "rlie";
    CHECK_THROWS_AS(write_gfsc_parameters(writer, parameters), InternalError);
    CHECK_THROWS_WITH(write_gfsc_parameters(writer, parameters), Catch::Contains("unknown kind 'rlie'"));
    parameters = sample_parameters();
    parameters.dem_path.clear();
    CHECK_THROWS_WITH(write_gfsc_parameters(writer, parameters), Catch::Contains("dem_path is empty"));
    parameters = sample_parameters();
    parameters.aggregation_days = 0;
    CHECK_THROWS_WITH(write_gfsc_parameters(writer, parameters), Catch::Contains("aggregation_days is 0"));
    CHECK(buffer.GetSize() == 0);  // nothing written before the checks
}
