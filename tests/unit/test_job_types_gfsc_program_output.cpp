// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_output.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/temp_folder.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace hrsi;
using namespace hrsi::jobs;
namespace fs = std::filesystem;

namespace {

constexpr char const* product = "GFSC_20240102-007_S1-S2_T32TLR_V101_1704240000";

// output_info.yaml as gf.py's yaml.dump(sysargv) writes it: sorted keys, the parameters
// (with the template) nested.
std::string output_info(std::string const& title) {
    return "day_delta: 7\n"
           "fsc:\n- FSC_20240102T103431_S2A_T32TLR_V102_1\n"
           "gf:\n- GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600\n"
           "obsolete: []\n"
           "output_dir: /work/outputs/data\n"
           "parameters:\n"
           "  aggregation_timespan: 7\n"
           "  product_title: GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000\n"
           "  tile_id: T32TLR\n"
           "parameters_file: /work/parameters.json\n" +
           title +
           "return_code: 0\n"
           "tile_id: T32TLR\n"
           "tmp_dir: /work/temp\n"
           "wds_sws: []\n";
}

constexpr char const* catalog =
    R"x({"collection_name": "HR-S&I", "resto": {"type": "Feature", "geometry": {"wkt": "POLYGON((7 45, 8 45, 8 46, 7 46, 7 45))"},)x"
    R"( "properties": {"resourceSize": "51234", "startDate": "2023-12-27T10:34:31.024000Z",)"
    R"( "endDate": "2024-01-02T17:15:55.000000Z", "completionDate": "2024-01-03T00:01:02.345678Z",)"
    R"( "resolution": 60, "cloudCover": "12"}}})";

void write(fs::path const& path, std::string const& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out);
}

// outputs/data as gf.py leaves it after a product.
struct Outputs {
    util::TempFolder root{"hrsi-gfsc-output"};
    fs::path data = root.path() / "data";
    fs::path folder = data / product;

    explicit Outputs(std::string const& infos = catalog) {
        write(data / "output_info.yaml", output_info(std::string("product_title: ") + product + "\n"));
        write(folder / (std::string(product) + "_GF.tif"), "raster");
        write(folder / (std::string(product) + "_MTD.xml"), "<gmd:MD_Metadata/>");
        write(folder / "thumbnail.png", "png");
        write(folder / "dias_catalog_submit.json", infos);
        write(data / "GFSC1_20240102_S1-S2_T32TLR_V101" / "GFSC1_20240102_S1-S2_T32TLR_V101_GF.tif", "raster");
    }
};

template <typename Call>
WorkerFailure failure_of(Call const& call) {
    try {
        call();
    } catch (WorkerFailure const& failure) {
        return failure;
    }
    FAIL("no WorkerFailure");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("gfsc output: a product as gf.py writes it", "[gfsc]") {
    Outputs const outputs;
    auto const output = read_gfsc_program_output(outputs.data);
    CHECK(output.product_id == product);
    CHECK(output.id_parts.tile == "32TLR");
    CHECK(output.id_parts.missions == "S1-S2");
    CHECK(output.id_parts.baseline == "V101");
    CHECK(output.product_folder == outputs.folder);
    CHECK(output.has_product);
    CHECK(output.infos == catalog);
    CHECK(output.infos_file == outputs.folder / "dias_catalog_submit.json");
    CHECK(output.sensing_start == util::parse_time("2023-12-27T10:34:31.024Z"));
    CHECK(output.sensing_end == util::parse_time("2024-01-02T17:15:55Z"));
    CHECK(output.completion_date == util::parse_time("2024-01-03T00:01:02.345678Z"));
    CHECK(output.quicklook == outputs.folder / "thumbnail.png");
    CHECK(output.intermediate_products == std::vector<std::string>{"GFSC1_20240102_S1-S2_T32TLR_V101"});
}

TEST_CASE("gfsc output: an empty dias_catalog_submit.json is no product", "[gfsc]") {
    Outputs const outputs("");
    fs::remove(outputs.folder / "thumbnail.png");
    auto const output = read_gfsc_program_output(outputs.data);
    CHECK(output.product_id == product);
    CHECK_FALSE(output.has_product);
    CHECK(output.infos.empty());
    CHECK_FALSE(output.sensing_start.has_value());
    CHECK_FALSE(output.completion_date.has_value());
    CHECK_FALSE(output.quicklook.has_value());
}

TEST_CASE("gfsc output: product_title is the top-level one", "[gfsc]") {
    CHECK(gfsc_output_product_title(output_info(std::string("product_title: ") + product + "\n")) == product);
    CHECK(gfsc_output_product_title("product_title: 'GFSC_A'\r\n") == "GFSC_A");
    CHECK(gfsc_output_product_title("product_title: \"GFSC_A\"  # final\n") == "GFSC_A");
    CHECK(gfsc_output_product_title("a: 1\nproduct_title:   GFSC_A   # final") == "GFSC_A");
    struct Case {
        std::string text;
        char const* reason;
    };
    std::vector<Case> const cases{
        {"", "no top-level product_title"},
        {output_info(""), "no top-level product_title"},  // only the nested template
        {"product_title: A\nproduct_title: B\n", "given twice"},
        {"product_title:\n", "product_title is empty"},
        {"product_title: ''\n", "product_title is empty"},
        {"product_title: 'GFSC_A\n", "unclosed quote"},
        {"product_title: |\n  GFSC_A\n", "not a one-line plain value"},
        {"product_title: [GFSC_A]\n", "not a one-line plain value"},
        {"product_title: 'GFSC_A' x\n", "text after its quoted value"},
        {"product_title: \"GFSC\\u0041\"\n", "not a plain product id"},
    };
    for (auto const& c : cases) {
        CAPTURE(c.text);
        CHECK_THROWS_AS(gfsc_output_product_title(c.text), InputError);
        CHECK_THROWS_WITH(gfsc_output_product_title(c.text), Catch::Contains(c.reason));
    }
}

TEST_CASE("gfsc output: a program that broke its contract", "[gfsc]") {
    SECTION("no output_info.yaml") {
        Outputs const outputs;
        fs::remove(outputs.data / "output_info.yaml");
        auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
        CHECK(failure.subtype() == "SIP unrecoverable error");
        CHECK(failure.retry());
        CHECK_THAT(failure.what(), Catch::Contains("did not write") && Catch::Contains("output_info.yaml"));
    }
    SECTION("the title still a template, or not a GFSC") {
        for (auto title : {"GFSC_20240102-007_missions_T32TLR_processingBaseline_1704240000",
                           "GFSC1_20240102_S1-S2_T32TLR_V101", "../../etc", "FSC_20240102T103431_S2A_T32TLR_V102_1"}) {
            CAPTURE(title);
            Outputs const outputs;
            write(outputs.data / "output_info.yaml", output_info(std::string("product_title: ") + title + "\n"));
            auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
            CHECK(failure.subtype() == "SIP unrecoverable error");
            CHECK(failure.kind() == FailureKind::internal);
            CHECK_THAT(failure.what(), Catch::Contains("output_info.yaml"));
        }
    }
    SECTION("no product folder") {
        Outputs const outputs;
        fs::remove_all(outputs.folder);
        auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
        CHECK(failure.subtype() == "SIP unrecoverable error");
        CHECK_THAT(failure.what(), Catch::Contains("wrote no folder"));
    }
    SECTION("no dias_catalog_submit.json") {
        Outputs const outputs;
        fs::remove(outputs.folder / "dias_catalog_submit.json");
        auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
        CHECK(failure.subtype() == "Missing infos file");
        CHECK(failure.retry());
    }
    SECTION("metadata that is not the resto JSON, or without its dates") {
        std::vector<std::pair<std::string, char const*>> const cases{
            {"{not json", "not a resto JSON object"},
            {R"({"resto": {}})", "no resto.properties"},
            {R"({"resto": {"properties": {"startDate": "2023-12-27T10:34:31.024000Z",)"
             R"( "endDate": "2024-01-02T17:15:55.000000Z"}}})",
             "completionDate is not a text"},
            {R"({"resto": {"properties": {"startDate": "2023-12-27T10:34:31Z", "endDate": "2024-01-02T17:15:55.0Z",)"
             R"( "completionDate": "2024-01-03T00:01:02.3Z"}}})",
             "startDate '2023-12-27T10:34:31Z' is not a time"},
            {R"({"resto": {"properties": {"startDate": "2023-12-27T10:34:31.1Z", "endDate": "2024-02-30T17:15:55.0Z",)"
             R"( "completionDate": "2024-01-03T00:01:02.3Z"}}})",
             "endDate '2024-02-30T17:15:55.0Z' is not a time"},
        };
        for (auto const& [infos, reason] : cases) {
            CAPTURE(infos);
            Outputs const outputs(infos);
            auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
            CHECK(failure.subtype() == "SIP unrecoverable error");
            CHECK_THAT(failure.what(), Catch::Contains(reason));
        }
    }
}

TEST_CASE("gfsc output: links the program left are refused, never followed", "[gfsc]") {
    util::TempFolder const elsewhere("hrsi-gfsc-elsewhere");
    write(elsewhere.path() / "secret", "secret");
    SECTION("output_info.yaml") {
        Outputs const outputs;
        fs::remove(outputs.data / "output_info.yaml");
        fs::create_symlink(elsewhere.path() / "secret", outputs.data / "output_info.yaml");
        auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
        CHECK(failure.subtype() == unsafe_output_subtype);
        CHECK_FALSE(failure.retry());
    }
    SECTION("the product folder") {
        Outputs const outputs;
        fs::rename(outputs.folder, elsewhere.path() / product);
        fs::create_directory_symlink(elsewhere.path() / product, outputs.folder);
        auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
        CHECK(failure.subtype() == unsafe_output_subtype);
        CHECK_FALSE(failure.retry());
    }
    SECTION("dias_catalog_submit.json and thumbnail.png") {
        for (auto name : {"dias_catalog_submit.json", "thumbnail.png"}) {
            CAPTURE(name);
            Outputs const outputs;
            fs::remove(outputs.folder / name);
            fs::create_symlink(elsewhere.path() / "secret", outputs.folder / name);
            auto const failure = failure_of([&] { (void)read_gfsc_program_output(outputs.data); });
            CHECK(failure.subtype() == unsafe_output_subtype);
        }
    }
}
