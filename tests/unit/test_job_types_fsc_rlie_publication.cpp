// SPDX-License-Identifier: Apache-2.0
// The publication JSON of FSC/RLIE products against hand-computed expectations, field by field.
#include "publication_parameters.hpp"

#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

db::SystemParameterValues parameters() { return testing::publication_parameters(); }

constexpr char const* fsc_path =
    "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2025/01/05/FSC_20250105T103429_S2B_T32TLR_V102_0";
constexpr char const* rlie_path =
    "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE/2025/01/05/RLIE_20250105T103429_S2B_T32TLR_V102_0";

FscRlieJob processed_job() {
    FscRlieJob job;
    job.fsc_path = fsc_path;
    job.fsc_infos = R"j({"collection_name":"HR-S&I","resto":{"type":"Feature",)j"
                    R"j("geometry":{"wkt":"POLYGON((6.57 45.00, 7.57 45.00, 7.57 46.00, 6.57 46.00, 6.57 45.00))"},)j"
                    R"j("properties":{"resourceSize":2063,"startDate":"2025-01-05T10:34:29.024000",)j"
                    R"j("productType":"FSC","resolution":20,"cloudCover":25.4,"mission":"S2"}}})j";
    job.fsc_completion_date = util::parse_time("2025-01-05T13:01:02.5Z");
    job.rlie_path = rlie_path;
    job.rlie_infos = R"j({"resto":{"geometry":{"wkt":"POLYGON((0 0, 1 0, 1 1, 0 0))"},)j"
                     R"j("properties":{"resourceSize":412,"startDate":"2025-01-05T10:34:29Z","resolution":20}}})j";
    job.rlie_completion_date = util::parse_time("2025-01-05T13:01:03Z");
    return job;
}

}  // namespace

TEST_CASE("publication: FSC and RLIE documents, field by field", "[publication]") {
    auto const documents = processed_job().get_products_publication_jsons(parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 2);
    CHECK(documents.products[0].product == "FSC");
    CHECK(documents.products[0].title == "FSC_20250105T103429_S2B_T32TLR_V102_0");
    CHECK(documents.products[1].product == "RLIE");

    rapidjson::Document fsc;
    fsc.Parse(documents.products[0].json.c_str());
    REQUIRE(fsc.IsObject());
    CHECK(fsc["collection_name"].GetString() == std::string("HR-S&I"));
    CHECK(fsc["resto"]["type"].GetString() == std::string("Feature"));
    CHECK(fsc["resto"]["geometry"]["wkt"].GetString() ==
          std::string("POLYGON((6.57 45.00, 7.57 45.00, 7.57 46.00, 6.57 46.00, 6.57 45.00))"));
    auto const& p = fsc["resto"]["properties"];
    CHECK(p["productIdentifier"].GetString() == std::string(fsc_path));
    CHECK(p["title"].GetString() == std::string("FSC_20250105T103429_S2B_T32TLR_V102_0"));
    CHECK(p["resourceSize"].GetInt64() == 2063 * 1024);
    CHECK(p["organisationName"].GetString() == std::string("EEA"));
    CHECK(p["startDate"].GetString() == std::string("2025-01-05T10:34:29.024000"));
    CHECK(p["completionDate"].GetString() == std::string("2025-01-05T13:01:02.500000"));
    CHECK(p["productType"].GetString() == std::string("FSC"));
    CHECK(p["resolution"].GetInt() == 20);
    CHECK(p["mission"].GetString() == std::string("S2"));
    CHECK(p["cloudCover"].GetDouble() == Approx(25.4));
    CHECK(p["processingBaseline"].GetString() == std::string("V102"));
    CHECK(p["host_base"].GetString() == std::string("s3.waw2-1.cloudferro.com"));
    CHECK(p["s3_bucket"].GetString() == std::string("HRSI"));
    CHECK(p["thumbnail"].GetString() ==
          std::string("Preview/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2025/01/05/"
                      "FSC_20250105T103429_S2B_T32TLR_V102_0/thumbnail.png"));
    // Every field of the template, in its order, and nothing else.
    std::vector<std::string> keys;
    for (auto const& member : p.GetObject()) keys.emplace_back(member.name.GetString());
    CHECK(keys == std::vector<std::string>{"productIdentifier", "title", "resourceSize", "organisationName",
                                           "startDate", "completionDate", "productType", "resolution", "mission",
                                           "cloudCover", "processingBaseline", "host_base", "s3_bucket",
                                           "thumbnail"});

    rapidjson::Document rlie;
    rlie.Parse(documents.products[1].json.c_str());
    auto const& r = rlie["resto"]["properties"];
    CHECK(r["resourceSize"].GetInt64() == 412 * 1024);
    CHECK(r["startDate"].GetString() == std::string("2025-01-05T10:34:29.000000"));
    CHECK(r["cloudCover"].IsNull());  // the program gave none
    CHECK(r["productType"].GetString() == std::string("RLIE"));
}

TEST_CASE("publication: products without path, without or with broken metadata", "[publication]") {
    auto job = processed_job();
    job.rlie_path.reset();  // no ice product
    job.fsc_infos = R"({"resto":{"properties":{"startDate":"2025-01-05"}}})";  // no resourceSize
    auto const documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.products.empty());
    REQUIRE(documents.skipped.size() == 1);
    CHECK_THAT(documents.skipped[0], Catch::Contains("resourceSize") && Catch::Contains("FSC_20250105"));
    job.fsc_infos = "not json";
    CHECK(job.get_products_publication_jsons(parameters()).skipped.size() == 1);
    CHECK_FALSE(FscRlieJob().generated_a_product());
}

TEST_CASE("publication: processing baseline and time format", "[publication]") {
    CHECK(processing_baseline("/eodata/HRSI/CLMS/x/FSC_20250105T103429_S2B_T32TLR_V100_1") == "V100");
    CHECK(processing_baseline("/a/Vx/V1/RLIE_V2025") == "V2025");
    CHECK(processing_baseline("no version").empty());
    CHECK(format_resto_time(util::parse_time("2025-01-05T10:34:29.024Z")) == "2025-01-05T10:34:29.024000");
    // Past 2262 (nanoseconds since 1970 overflow): by civil fields, found by fuzz_program_metadata.
    CHECK(format_resto_time(util::parse_time("4288-01-05T10:34:29.024Z")) == "4288-01-05T10:34:29.024000");
}

TEST_CASE("publication: metadata as the real processor writes it, resourceSize and cloudCover strings",
          "[publication][security]") {
    auto job = processed_job();
    // dias_catalog_submit.json of the FSC/RLIE processor: KB and cloud cover as strings.
    job.fsc_infos = R"j({"collection_name":"HR-S&I","resto":{"type":"Feature","geometry":{"wkt":"POLYGON((0 0, 1 0, 1 1, 0 0))"},)j"
                    R"j("properties":{"resourceSize":"2084","startDate":"2025-01-05T10:34:29.024000",)j"
                    R"j("productType":"FSC","resolution":20,"cloudCover":"86.0","mission":"S2"}}})j";
    auto const documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 2);
    rapidjson::Document fsc;
    fsc.Parse(documents.products[0].json.c_str());
    REQUIRE(fsc.IsObject());
    auto const& p = fsc["resto"]["properties"];
    // As the reference publishes them: 1024 × int("2084"), and cloudCover as the program gave it.
    CHECK(p["resourceSize"].GetInt64() == 2084 * 1024);
    REQUIRE(p["cloudCover"].IsString());
    CHECK(p["cloudCover"].GetString() == std::string("86.0"));

    job.fsc_infos = R"j({"resto":{"properties":{"resourceSize":"20.5KB","startDate":"2025-01-05"}}})j";
    auto const refused = job.get_products_publication_jsons(parameters());
    REQUIRE(refused.skipped.size() == 1);
    CHECK_THAT(refused.skipped[0], Catch::Contains("resourceSize"));
}
