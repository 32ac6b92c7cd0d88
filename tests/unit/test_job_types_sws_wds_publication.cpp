// SPDX-License-Identifier: Apache-2.0
// The publication JSON of SWS and WDS products field by field; products left out with the
// reason; the publication dates; the columns' table; the input rules of the type.
#include "publication_parameters.hpp"

#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/products/product_id.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <set>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

db::SystemParameterValues parameters() { return testing::publication_parameters(); }

constexpr char const* sws_object =
    "CLMS/Pan-European/High_Resolution_Layers/Snow/SWS/2024/01/05/SWS_20240105T171530_S1A_T32TLR_V101_1";
constexpr char const* sws_name = "SWS_20240105T171530_S1A_T32TLR_V101_1";
constexpr char const* wds_object =
    "CLMS/Pan-European/High_Resolution_Layers/Snow/WDS/2024/01/05/WDS_20240105T171530_S1A_T32TLR_V101_0";

// What the worker records: the geometry creation pre-filled, resourceSize in KB, resolution.
std::string infos(std::string const& wkt, std::string const& size) {
    return R"({"resto":{"geometry":{"wkt":")" + wkt + R"("},"properties":{"resourceSize":)" + size +
           R"(,"resolution":60,"startDate":"2020-01-01T00:00:00Z"}}})";
}

SwsWdsJob processed_job() {
    SwsWdsJob job;
    job.measurement_date = util::parse_time("2024-01-05T17:15:30.123Z");
    job.sws_path = std::string("/eodata/HRSI/") + sws_object;
    job.sws_infos = infos("POLYGON ((6.5 45, 7.9 45, 7.9 46, 6.5 45))", "2048");
    job.sws_completion_date = util::parse_time("2024-01-05T20:00:01.25Z");
    job.wds_path = std::string("/eodata/HRSI/") + wds_object;
    job.wds_infos = infos("POLYGON ((7 45, 7.9 45, 7.9 45.5, 7 45))", "\" 1536 \"");
    job.wds_completion_date = util::parse_time("2024-01-05T20:00:02Z");
    return job;
}

}  // namespace

TEST_CASE("sws_wds publication: one document per product, field by field", "[publication][sws_wds]") {
    auto const job = processed_job();
    CHECK(job.generated_a_product());
    auto const documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 2);
    CHECK(documents.products[0].product == "SWS");
    CHECK(documents.products[0].title == sws_name);
    CHECK(documents.products[1].product == "WDS");
    CHECK(documents.products[1].title == "WDS_20240105T171530_S1A_T32TLR_V101_0");
    CHECK(is_output_product(SwsWdsJob::info_, documents.products[0].product));
    CHECK(is_output_product(SwsWdsJob::info_, documents.products[1].product));

    rapidjson::Document json;
    json.Parse(documents.products[0].json.c_str());
    REQUIRE(json.IsObject());
    CHECK(json["collection_name"].GetString() == std::string("HR-S&I"));
    CHECK(json["resto"]["type"].GetString() == std::string("Feature"));
    CHECK(json["resto"]["geometry"]["wkt"].GetString() == std::string("POLYGON ((6.5 45, 7.9 45, 7.9 46, 6.5 45))"));
    auto const& p = json["resto"]["properties"];
    CHECK(p["productIdentifier"].GetString() == std::string("/eodata/HRSI/") + sws_object);
    CHECK(p["title"].GetString() == std::string(sws_name));
    // The worker writes KB: the message says bytes (reference: 1024 × int(KB)).
    CHECK(p["resourceSize"].GetInt64() == 2048 * 1024);
    CHECK(p["organisationName"].GetString() == std::string("EEA"));
    // The start date is the job's measurement, whatever the metadata says.
    CHECK(p["startDate"].GetString() == std::string("2024-01-05T17:15:30.123000"));
    CHECK(p["completionDate"].GetString() == std::string("2024-01-05T20:00:01.250000"));
    CHECK(p["productType"].GetString() == std::string("SWS"));
    CHECK(p["resolution"].GetInt() == 60);
    CHECK(p["mission"].GetString() == std::string("S1"));
    CHECK(p["cloudCover"].IsNull());
    CHECK(p["processingBaseline"].GetString() == std::string("V101"));
    CHECK(p["host_base"].GetString() == std::string("s3.waw2-1.cloudferro.com"));
    CHECK(p["s3_bucket"].GetString() == std::string("HRSI"));
    CHECK(p["thumbnail"].GetString() == std::string("Preview/") + sws_object + "/thumbnail.png");
    std::vector<std::string> keys;
    for (auto const& member : p.GetObject()) keys.emplace_back(member.name.GetString());
    CHECK(keys == std::vector<std::string>{"productIdentifier", "title", "resourceSize", "organisationName",
                                           "startDate", "completionDate", "productType", "resolution", "mission",
                                           "cloudCover", "processingBaseline", "host_base", "s3_bucket",
                                           "thumbnail"});

    rapidjson::Document wds;
    wds.Parse(documents.products[1].json.c_str());
    auto const& w = wds["resto"]["properties"];
    CHECK(wds["resto"]["geometry"]["wkt"].GetString() == std::string("POLYGON ((7 45, 7.9 45, 7.9 45.5, 7 45))"));
    CHECK(w["resourceSize"].GetInt64() == 1536 * 1024);  // a string of digits, blanks around
    CHECK(w["productType"].GetString() == std::string("WDS"));
    CHECK(w["startDate"].GetString() == std::string("2024-01-05T17:15:30.123000"));
    CHECK(w["completionDate"].GetString() == std::string("2024-01-05T20:00:02.000000"));
    CHECK(w["thumbnail"].GetString() == std::string("Preview/") + wds_object + "/thumbnail.png");
}

TEST_CASE("sws_wds publication: products not made, or whose metadata is unusable, are left out",
          "[publication][sws_wds]") {
    auto job = processed_job();
    // Created with its geometry, never made: no document, no reason (no such product).
    job.wds_path.reset();
    auto documents = job.get_products_publication_jsons(parameters());
    REQUIRE(documents.products.size() == 1);
    CHECK(documents.products[0].product == "SWS");
    CHECK(documents.skipped.empty());

    for (auto const& [metadata, reason] : std::vector<std::pair<std::string, std::string>>{
             {R"j({"resto":{"geometry":{"wkt":"POLYGON ((7 45, 8 45, 8 46, 7 45))"}}})j", "no resto.properties"},
             {R"j({"resto":{"properties":{"resourceSize":1,"resolution":60}}})j", "no resto.geometry.wkt"},
             {infos("POLYGON ((7 45, 8 45, 8 46, 7 45))", "\"1 KB\""), "no resourceSize in KB"},
             {infos("POLYGON ((7 45, 8 45, 8 46, 7 45))", "-3"), "is not a size in KB"},
             {R"j({"resto":{"geometry":{"wkt":"P"},"properties":{"resourceSize":1}}})j", "no resolution"},
             {"[1]", "not a resto JSON object"},
             {"not json", "not a resto JSON object"},
         }) {
        INFO(metadata);
        job.sws_infos = metadata;
        documents = job.get_products_publication_jsons(parameters());
        CHECK(documents.products.empty());
        REQUIRE(documents.skipped.size() == 1);
        CHECK_THAT(documents.skipped[0], Catch::StartsWith(std::string("SWS /eodata/HRSI/") + sws_object) &&
                                             Catch::Contains(reason));
    }

    SwsWdsJob nothing;
    CHECK_FALSE(nothing.generated_a_product());
    CHECK(nothing.get_products_publication_jsons(parameters()).products.empty());
}

TEST_CASE("sws_wds publication: the publication date of each product", "[publication][sws_wds]") {
    auto job = processed_job();
    job.set_product_publication_date("SWS", util::parse_time("2024-01-05T21:00:00Z"));
    CHECK(job.sws_json_publication_date == util::parse_time("2024-01-05T21:00:00Z"));
    CHECK_FALSE(job.wds_json_publication_date);
    job.set_product_publication_date("wds", util::parse_time("2024-01-05T21:00:01Z"));
    CHECK(job.wds_json_publication_date == util::parse_time("2024-01-05T21:00:01Z"));
    CHECK_THROWS(job.set_product_publication_date("FSC", util::now()));
}

TEST_CASE("sws_wds: the column table names each column once, enums as text", "[jobs][sws_wds]") {
    std::set<std::string_view> names;
    for (auto const& column : SwsWdsJob::columns()) CHECK(names.insert(column.name).second);
    CHECK(names.size() == 27);
    CHECK(names.count("assembly_status") == 1);
    SwsWdsJob job;
    job.assembly_status = AssemblyStatus::generation_aborted;
    job.job_pre_insertion_setup(false);
    CHECK(job.assembly_status == AssemblyStatus::pending);
    CHECK(job.nrt);
    auto const values = job.to_database_value();
    auto const status = std::find_if(values.begin(), values.end(),
                                     [](auto const& value) { return value.column == "assembly_status"; });
    REQUIRE(status != values.end());
    CHECK(status->value == std::optional<std::string>("pending"));
    job.job_pre_insertion_setup(true);
    CHECK_FALSE(job.nrt);
    CHECK_FALSE(job.assembly_status);
}

TEST_CASE("sws_wds: the input rules of the type", "[jobs][sws_wds]") {
    auto refusal = [](char const* name) {
        return SwsWdsJob::input_refusal(products::parse_sentinel1(name)).value_or("taken");
    };
    CHECK(refusal("S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C") == "taken");
    CHECK(refusal("S1C_IW_GRDH_1SDV_20250405T054321_20250405T054346_001958_004712_8B2C.SAFE") == "taken");
    CHECK(refusal("S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7") ==
          "S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7: an EW GRD, sws_wds_job takes IW "
          "GRD VV+VH");
    CHECK_THAT(refusal("S1A_IW_SLC__1SDV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::EndsWith("an SLC product, sws_wds_job takes IW GRD VV+VH"));
    CHECK_THAT(refusal("S1A_IW_GRDH_1SSV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("polarisation SV (not VV+VH)"));
    CHECK_THAT(refusal("S1A_IW_GRDH_1ADV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("not a standard level-1 product"));
}
