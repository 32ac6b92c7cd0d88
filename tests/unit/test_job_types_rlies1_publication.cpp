// SPDX-License-Identifier: Apache-2.0
// The publication JSON of RLIE-S1 products, one per product, field by field; the columns'
// JSON written and read back; the input rules of the type.
#include "publication_parameters.hpp"

#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/products/product_id.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

db::SystemParameterValues parameters() { return testing::publication_parameters(); }

constexpr char const* object_32tlr =
    "CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1/2024/01/05/RLIE_20240105T054321_S1A_T32TLR_V100_1";
constexpr char const* name_32tlr = "RLIE_20240105T054321_S1A_T32TLR_V100_1";
constexpr char const* name_32tms = "RLIE_20240105T054321_S1A_T32TMS_V100_1";

// What the chain writes (ice_s1_product_final_editing.py), completed by the worker.
std::string metadata(std::string const& name, std::string const& size) {
    return R"j({"collection_name":"HR-S&I","resto":{"type":"Feature",)j"
           R"j("geometry":{"wkt":"POLYGON((6.5 45.0, 7.9 45.0, 7.9 46.0, 6.5 46.0, 6.5 45.0))"},)j"
           R"j("properties":{"productIdentifier":"/eodata/HRSI/x","title":")j" + name + R"j(","resourceSize":)j" + size +
           R"j(,"organisationName":"EEA","startDate":"2024-01-05T05:43:21.000000Z",)j"
           R"j("completionDate":"2024-01-05T05:43:21.000000Z","productType":"RLIE","resolution":20,)j"
           R"j("mission":"S1","processingBaseline":"V100","host_base":"s3.waw2-1.cloudferro.com",)j"
           R"j("cloudCover":null,"s3_bucket":"HRSI","thumbnail":"Preview/x/thumbnail.png"}}})j";
}

RlieS1Job processed_job() {
    RlieS1Job job;
    job.s1grd_id = "S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C";
    job.rlies1_products_completion_date = util::parse_time("2024-01-05T09:00:01.25Z");
    job.product_paths[name_32tlr] = std::string("/eodata/HRSI/") + object_32tlr;
    job.product_metadata[name_32tlr] = metadata(name_32tlr, "36864");
    job.product_paths[name_32tms] =
        std::string("/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1/2024/01/05/") + name_32tms;
    job.product_metadata[name_32tms] = metadata(name_32tms, "\"40960\"");
    return job;
}

}  // namespace

TEST_CASE("rlies1 publication: one document per product, field by field", "[publication][rlies1]") {
    auto const job = processed_job();
    CHECK(job.generated_a_product());
    auto const documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 2);
    CHECK(documents.products[0].product == "rlies1");
    CHECK(documents.products[0].title == name_32tlr);
    CHECK(documents.products[1].title == name_32tms);
    CHECK(is_output_product(RlieS1Job::info_, documents.products[0].product));

    rapidjson::Document json;
    json.Parse(documents.products[0].json.c_str());
    REQUIRE(json.IsObject());
    CHECK(json["collection_name"].GetString() == std::string("HR-S&I"));
    CHECK(json["resto"]["type"].GetString() == std::string("Feature"));
    CHECK(json["resto"]["geometry"]["wkt"].GetString() ==
          std::string("POLYGON((6.5 45.0, 7.9 45.0, 7.9 46.0, 6.5 46.0, 6.5 45.0))"));
    auto const& p = json["resto"]["properties"];
    CHECK(p["productIdentifier"].GetString() == std::string("/eodata/HRSI/") + object_32tlr);
    CHECK(p["title"].GetString() == std::string(name_32tlr));
    // The chain writes bytes already (1024 × KB): kept as they are.
    CHECK(p["resourceSize"].GetInt64() == 36864);
    CHECK(p["organisationName"].GetString() == std::string("EEA"));
    CHECK(p["startDate"].GetString() == std::string("2024-01-05T05:43:21.000000"));
    CHECK(p["completionDate"].GetString() == std::string("2024-01-05T05:43:21.000000"));
    CHECK(p["productType"].GetString() == std::string("RLIE"));
    CHECK(p["resolution"].GetInt() == 20);
    CHECK(p["mission"].GetString() == std::string("S1"));
    CHECK(p["cloudCover"].IsNull());
    CHECK(p["processingBaseline"].GetString() == std::string("V100"));
    CHECK(p["host_base"].GetString() == std::string("s3.waw2-1.cloudferro.com"));
    CHECK(p["s3_bucket"].GetString() == std::string("HRSI"));
    CHECK(p["thumbnail"].GetString() == std::string("Preview/") + object_32tlr + "/thumbnail.png");
    std::vector<std::string> keys;
    for (auto const& member : p.GetObject()) keys.emplace_back(member.name.GetString());
    CHECK(keys == std::vector<std::string>{"productIdentifier", "title", "resourceSize", "organisationName",
                                           "startDate", "completionDate", "productType", "resolution", "mission",
                                           "cloudCover", "processingBaseline", "host_base", "s3_bucket",
                                           "thumbnail"});

    // A size given as a string of digits, as a real chain may write it.
    rapidjson::Document second;
    second.Parse(documents.products[1].json.c_str());
    CHECK(second["resto"]["properties"]["resourceSize"].GetInt64() == 40960);
}

TEST_CASE("rlies1 publication: products whose metadata is unusable are left out with the reason",
          "[publication][rlies1]") {
    auto job = processed_job();
    job.product_metadata[name_32tms] = R"({"resto":{"properties":{"title":"x"}}})";
    auto documents = job.get_products_publication_jsons(parameters());
    REQUIRE(documents.products.size() == 1);
    REQUIRE(documents.skipped.size() == 1);
    CHECK_THAT(documents.skipped[0], Catch::Contains(name_32tms) && Catch::Contains("no resourceSize"));

    job.product_metadata[name_32tms] = "not json";
    documents = job.get_products_publication_jsons(parameters());
    CHECK_THAT(documents.skipped.at(0), Catch::Contains("not a resto JSON object"));

    job.product_metadata.erase(name_32tms);
    documents = job.get_products_publication_jsons(parameters());
    CHECK_THAT(documents.skipped.at(0), Catch::Contains("no metadata recorded"));

    RlieS1Job nothing;
    CHECK_FALSE(nothing.generated_a_product());
    CHECK(nothing.get_products_publication_jsons(parameters()).products.empty());
}

TEST_CASE("rlies1 publication: the publication date is the last confirmation", "[publication][rlies1]") {
    auto job = processed_job();
    job.set_product_publication_date("rlies1", util::parse_time("2024-01-05T10:00:02Z"));
    job.set_product_publication_date("rlies1", util::parse_time("2024-01-05T10:00:01Z"));
    CHECK(job.rlies1_products_publication_date == util::parse_time("2024-01-05T10:00:02Z"));
    CHECK_THROWS(job.set_product_publication_date("fsc", util::now()));
}

TEST_CASE("rlies1: the input rules of the type", "[jobs][rlies1]") {
    auto refusal = [](char const* name) {
        return RlieS1Job::input_refusal(products::parse_sentinel1(name)).value_or("taken");
    };
    CHECK(refusal("S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C") == "taken");
    CHECK(refusal("S1B_IW_GRDH_1SDV_20210105T054321_20210105T054346_025028_02FA7B_77A1.SAFE") == "taken");
    CHECK(refusal("S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7") ==
          "S1A_EW_GRDM_1SDH_20240105T031502_20240105T031606_051956_0646F1_91D7: an EW GRD, rlies1_job takes IW "
          "GRDH VV+VH");
    CHECK_THAT(refusal("S1A_IW_SLC__1SDV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::EndsWith("an SLC product, rlies1_job takes IW GRDH VV+VH"));
    CHECK_THAT(refusal("S1A_IW_OCN__2SDV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("an OCN product"));
    CHECK_THAT(refusal("S1A_IW_GRDM_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("GRDM is not high resolution"));
    CHECK_THAT(refusal("S1A_IW_GRDH_1SSV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("polarisation SV (not VV+VH)"));
    CHECK_THAT(refusal("S1A_IW_GRDH_1SDH_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("polarisation DH (not VV+VH)"));
    CHECK_THAT(refusal("S1A_IW_GRDH_1ADV_20240105T054321_20240105T054346_051958_064712_8B2C"),
               Catch::Contains("not a standard level-1 product"));
}
