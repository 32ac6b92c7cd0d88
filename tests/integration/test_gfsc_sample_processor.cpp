// SPDX-License-Identifier: Apache-2.0
// The GFSC pieces of the library around the sample GFSC program, as the worker chains them:
// the parameter file (write_gfsc_parameters), the program (hrsi-sample-processor, gfsc_job),
// its exit code (gfsc_program_outcome), its outputs (read_gfsc_program_output), and the next
// day's obsolete inputs from the product's metadata (obsolete_input_ids).
#include "test_files.hpp"

#include <hrsi/job_types/gfsc/gfsc_exit_codes.hpp>
#include <hrsi/job_types/gfsc/gfsc_metadata_xml.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_output.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_parameters.hpp>
#include <hrsi/util/child_process.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include <string>
#include <vector>

using namespace hrsi;
using namespace hrsi::jobs;
using hrsi::testing::read_file;
using hrsi::testing::TempFolder;
using hrsi::testing::write_file;
namespace fs = std::filesystem;

namespace {

constexpr char const* tile = "32TLR";
constexpr char const* masks = "T32TLR_60m_MASK_FOREST_URBAN_WATER_V20211119.tif";
constexpr char const* dem = "Copernicus_DSM_60m_32TLR_wgs84.tif";

// A work folder as the worker prepares it for the GFSC program (runtime none: real paths).
struct Work {
    TempFolder root{"hrsi-gfsc-work"};
    fs::path inputs = root.path() / "inputs";
    fs::path data = root.path() / "outputs" / "data";
    std::string output;  // the program's stdout and stderr

    Work() {
        fs::create_directories(data);
        fs::create_directories(root.path() / "temp");
        write_file(inputs / "aux" / tile / masks, "mask");
        write_file(inputs / "aux" / tile / dem, "dem");
    }

    // An FSC, WDS or SWS product as the HR-S&I storage holds it (folder, raster, metadata).
    GfscProgramInput stage(std::string const& id, std::string const& kind, char const* time) {
        auto const folder = inputs / kind / id;
        write_file(folder / (id + "_MTD.xml"), "<gmd:MD_Metadata/>");
        write_file(folder / (id + "_RASTER.tif"), "raster of " + id);
        return {id, kind, folder.string(), util::parse_time(time), util::parse_time(time) + std::chrono::hours(3)};
    }

    // A GFSC product another job made, copied in as the worker stages it.
    GfscProgramInput stage_gfsc(fs::path const& product) {
        auto const id = product.filename().string();
        auto const folder = inputs / "gfsc" / id;
        fs::create_directories(folder.parent_path());
        fs::copy(product, folder, fs::copy_options::recursive);
        return {id, "gfsc", folder.string(), parse_gfsc_id(id).product_date, std::nullopt};
    }

    GfscProgramParameters parameters(char const* day, std::vector<GfscProgramInput> staged,
                                     std::vector<std::string> obsolete = {}) const {
        GfscProgramParameters parameters;
        parameters.tile_id = std::string("T") + tile;
        parameters.product_date = util::parse_time(day);
        parameters.aggregation_days = 7;
        parameters.product_id_template = gfsc_product_id_template(parameters.product_date, 7, parameters.tile_id,
                                                                  parameters.product_date + std::chrono::hours(26));
        parameters.inputs = std::move(staged);
        parameters.obsolete_product_ids = std::move(obsolete);
        parameters.masks_folder = (inputs / "aux" / tile).string();
        parameters.forest_urban_water_mask = (inputs / "aux" / tile / masks).string();
        parameters.dem_path = (inputs / "aux" / tile / dem).string();
        parameters.output_folder = data.string();
        return parameters;
    }

    util::ChildResult run(GfscProgramParameters const& parameters, std::vector<std::string> options = {}) {
        rapidjson::StringBuffer buffer;
        JsonWriter writer(buffer);
        writer.StartObject();
        writer.Key("job");
        writer.StartObject();
        writer.Key("id");
        writer.Int64(42);
        writer.Key("type");
        writer.String("gfsc_job");
        writer.EndObject();
        writer.Key("work_folder");
        writer.String(root.path().c_str());
        writer.Key("inputs");
        writer.StartArray();
        for (auto const& input : parameters.inputs) writer.String(input.path.c_str());
        writer.EndArray();
        writer.Key("output_folder");
        writer.String((root.path() / "outputs").c_str());
        writer.Key("temp_folder");
        writer.String((root.path() / "temp").c_str());
        write_gfsc_parameters(writer, parameters);
        writer.EndObject();
        auto const file = root.path() / "parameters.json";
        write_file(file, std::string(buffer.GetString(), buffer.GetSize()));
        util::ChildOptions child;
        child.arguments = {HRSI_SAMPLE_PROCESSOR};
        child.arguments.insert(child.arguments.end(), options.begin(), options.end());
        child.arguments.push_back(file.string());
        output.clear();
        auto result = util::run_child(child, [&](util::OutputStream, std::string_view line) {
            output += line;
            output += '\n';
        });
        INFO(output);
        return result;
    }
};

std::string id_filled(std::string const& id_template) {
    auto id = id_template;
    id.replace(id.find("missions"), 8, "S1-S2");
    id.replace(id.find("processingBaseline"), 18, "V101");
    return id;
}

}  // namespace

TEST_CASE("gfsc chain: two days, the second reading the first's product", "[gfsc][sample_processor]") {
    TempFolder products("hrsi-gfsc-products");
    fs::path first_product;
    {
        Work work;
        std::vector<GfscProgramInput> staged{
            work.stage("FSC_20231231T103431_S2A_T32TLR_V102_1", "fsc", "2023-12-31T10:34:31.024Z"),
            work.stage("FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", "2024-01-01T10:34:29.024Z"),
            work.stage("WDS_20240101T171530_S1A_T32TLR_V101_1", "wds", "2024-01-01T17:15:30Z"),
            work.stage("SWS_20240101T171530_S1A_T32TLR_V101_1", "sws", "2024-01-01T17:15:30Z"),
        };
        auto const parameters = work.parameters("2024-01-01", staged);
        auto const result = work.run(parameters);
        INFO(work.output);
        auto const outcome = gfsc_program_outcome(result);
        REQUIRE(outcome.kind == ProgramOutcome::Kind::products);

        auto const output = read_gfsc_program_output(work.data);
        CHECK(output.product_id == id_filled(parameters.product_id_template));
        CHECK(output.id_parts.product_date == util::parse_time("2024-01-01"));
        CHECK(output.has_product);
        CHECK(output.sensing_start == util::parse_time("2024-01-01T00:00:00Z"));
        CHECK(output.sensing_end == util::parse_time("2024-01-01T17:15:30Z"));
        CHECK(output.completion_date.has_value());
        CHECK(output.quicklook.has_value());
        CHECK(output.intermediate_products == std::vector<std::string>{"GFSC1_20240101_S1-S2_T32TLR_V101"});
        auto const metadata = read_file(output.product_folder / (output.product_id + "_MTD.xml"));
        CHECK(gfsc_series_ids(metadata) ==
              std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1", "FSC_20240101T103429_S2B_T32TLR_V102_1",
                                       "SWS_20240101T171530_S1A_T32TLR_V101_1", "WDS_20240101T171530_S1A_T32TLR_V101_1"});
        first_product = products.path() / output.product_id;
        fs::copy(output.product_folder, first_product, fs::copy_options::recursive);
    }

    Work work;
    auto const gfsc = work.stage_gfsc(first_product);
    std::vector<GfscInput> candidates{
        {gfsc.id, "gfsc", gfsc.measurement_date},
        {"FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", util::parse_time("2024-01-01T10:34:29.024Z")},
        {"WDS_20240101T171530_S1A_T32TLR_V101_1", "wds", util::parse_time("2024-01-01T17:15:30Z")},
        {"FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", util::parse_time("2024-01-02T10:34:31.024Z")},
    };
    auto const obsolete =
        obsolete_input_ids(read_file(fs::path(gfsc.path) / (gfsc.id + "_MTD.xml")), candidates);
    REQUIRE(obsolete ==
            std::vector<std::string>{"FSC_20240101T103429_S2B_T32TLR_V102_1", "WDS_20240101T171530_S1A_T32TLR_V101_1"});
    // The obsolete ones are not staged, only named.
    std::vector<GfscProgramInput> staged{
        gfsc, work.stage("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z")};
    auto const parameters = work.parameters("2024-01-02", staged, obsolete);
    auto const result = work.run(parameters);
    INFO(work.output);
    REQUIRE(gfsc_program_outcome(result).kind == ProgramOutcome::Kind::products);
    auto const output = read_gfsc_program_output(work.data);
    CHECK(output.product_id == id_filled(parameters.product_id_template));
    CHECK(output.has_product);
    CHECK(output.sensing_end == util::parse_time("2024-01-02T10:34:31Z"));
    CHECK(output.intermediate_products.empty());  // no WDS or SWS of its own
    CHECK(gfsc_series_ids(read_file(output.product_folder / (output.product_id + "_MTD.xml"))) ==
          std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1", "FSC_20240101T103429_S2B_T32TLR_V102_1",
                                   "SWS_20240101T171530_S1A_T32TLR_V101_1", "WDS_20240101T171530_S1A_T32TLR_V101_1",
                                   "FSC_20240102T103431_S2A_T32TLR_V102_1"});
}

TEST_CASE("gfsc sample program: the ends gf.py has", "[gfsc][sample_processor]") {
    Work work;
    SECTION("every input obsolete and no GFSC: 31, no input") {
        auto const result = work.run(work.parameters("2024-01-02", {}, {"FSC_20240101T103429_S2B_T32TLR_V102_1"}));
        CHECK(result.exit_code == 31);
        auto const outcome = gfsc_program_outcome(result);
        CHECK(outcome.kind == ProgramOutcome::Kind::failed);
        CHECK(outcome.description == "exit code 31 (no input product to process)");
        // gf.py's deliver() still writes output_info.yaml, with the title not yet filled.
        auto const info = read_file(work.data / "output_info.yaml");
        CHECK_THAT(info, Catch::Contains("return_code: 31"));
        CHECK_THROWS_AS(read_gfsc_program_output(work.data), WorkerFailure);
    }
    SECTION("an input product without its metadata: 32") {
        auto input = work.stage("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z");
        fs::remove(fs::path(input.path) / (input.id + "_MTD.xml"));
        auto const result = work.run(work.parameters("2024-01-02", {input}));
        CHECK(result.exit_code == 32);
        CHECK(gfsc_program_outcome(result).failure == FailureKind::internal);
        CHECK_THAT(work.output, Catch::Contains("Problem reading product list"));
    }
    SECTION("inputs all older than the aggregation: processed, no product") {
        auto const input = work.stage("FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", "2024-01-01T10:34:29.024Z");
        auto const result = work.run(work.parameters("2024-01-20", {input}));
        REQUIRE(result.exit_code == 0);
        auto const output = read_gfsc_program_output(work.data);
        CHECK(output.product_id.starts_with("GFSC_20240120-007_S1-S2_T32TLR_V101_"));
        CHECK_FALSE(output.has_product);
        CHECK(output.infos.empty());
        CHECK_FALSE(output.quicklook.has_value());
    }
    SECTION("a missing mask: 11") {
        auto const input = work.stage("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z");
        fs::remove(work.inputs / "aux" / tile / masks);
        CHECK(work.run(work.parameters("2024-01-02", {input})).exit_code == 11);
    }
    SECTION("a template that is not the day's: 10") {
        auto const input = work.stage("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z");
        auto parameters = work.parameters("2024-01-02", {input});
        parameters.product_date = util::parse_time("2024-01-03");
        CHECK(work.run(parameters).exit_code == 10);
        CHECK_THAT(work.output, Catch::Contains("not the template's day 2024-01-02"));
    }
    SECTION("a failure asked for: --exit-code 123 is external") {
        auto const input = work.stage("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z");
        auto const result = work.run(work.parameters("2024-01-02", {input}), {"--exit-code", "123"});
        CHECK(result.exit_code == 123);
        auto const outcome = gfsc_program_outcome(result);
        CHECK(outcome.failure == FailureKind::external);
        CHECK(outcome.description == "exit code 123 (a raster is not a valid cloud-optimized GeoTIFF)");
    }
}
