// SPDX-License-Identifier: Apache-2.0
// The publication JSON of a GFSC product field by field (reference §3.9); products left out
// with the reason; the publication date.
#include "publication_parameters.hpp"

#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/jobs/output_products.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

constexpr char const* object =
    "CLMS/Pan-European/High_Resolution_Layers/Snow/GFSC/2024/01/02/GFSC_20240102-007_S1-S2_T32TLR_V101_1704225600";
constexpr char const* name = "GFSC_20240102-007_S1-S2_T32TLR_V101_1704225600";

// What the worker records: the program's dias_catalog_submit.json completed.
std::string infos(std::string const& size, char const* cloud_cover = R"("0")") {
    return R"j({"resto":{"geometry":{"wkt":"POLYGON ((6 45, 7 45, 7 46, 6 45))"},"properties":{"resourceSize":)j" +
           size + R"j(,"resolution":60,"cloudCover":)j" + cloud_cover +
           R"j(,"startDate":"2020-01-01T00:00:00.000000Z"}}})j";
}

GfscJob processed_job() {
    GfscJob job;
    job.gfsc_id = name;
    job.gfsc_path = std::string("/eodata/HRSI/") + object;
    job.gfsc_infos = infos(R"("33554")");
    job.sensing_start_date = util::parse_time("2023-12-27T10:34:31.024Z");
    job.sensing_end_date = util::parse_time("2024-01-02T17:15:30Z");
    job.completion_date = util::parse_time("2024-01-02T20:05:01.5Z");
    return job;
}

}  // namespace

TEST_CASE("gfsc publication: one document, field by field", "[publication][gfsc]") {
    auto const job = processed_job();
    CHECK(job.generated_a_product());
    auto const documents = job.get_products_publication_jsons(testing::publication_parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 1);
    CHECK(documents.products[0].product == "gfsc");
    CHECK(documents.products[0].title == name);
    CHECK(is_output_product(GfscJob::info_, documents.products[0].product));

    rapidjson::Document json;
    json.Parse(documents.products[0].json.c_str());
    REQUIRE(json.IsObject());
    CHECK(json["collection_name"].GetString() == std::string("HR-S&I"));
    CHECK(json["resto"]["type"].GetString() == std::string("Feature"));
    CHECK(json["resto"]["geometry"]["wkt"].GetString() == std::string("POLYGON ((6 45, 7 45, 7 46, 6 45))"));
    auto const& p = json["resto"]["properties"];
    CHECK(p["productIdentifier"].GetString() == std::string("/eodata/HRSI/") + object);
    CHECK(p["title"].GetString() == std::string(name));
    // As given: the reference copies int(resourceSize), no × 1024.
    CHECK(p["resourceSize"].GetInt64() == 33554);
    CHECK(p["organisationName"].GetString() == std::string("EEA"));
    CHECK(p["startDate"].GetString() == std::string("2023-12-27T10:34:31.024000"));
    CHECK(p["completionDate"].GetString() == std::string("2024-01-02T20:05:01.500000"));
    CHECK(p["productType"].GetString() == std::string("GFSC"));
    CHECK(p["resolution"].GetInt() == 60);
    CHECK(p["cloudCover"].GetString() == std::string("0"));
    // From the id's fields.
    CHECK(p["mission"].GetString() == std::string("S1-S2"));
    CHECK(p["processingBaseline"].GetString() == std::string("V101"));
    CHECK(p["host_base"].GetString() == std::string("s3.waw2-1.cloudferro.com"));
    CHECK(p["s3_bucket"].GetString() == std::string("HRSI"));
    CHECK(p["thumbnail"].GetString() == std::string("Preview/") + object + "/thumbnail.png");
}

TEST_CASE("gfsc publication: a number resourceSize, and products left out with the reason", "[publication][gfsc]") {
    auto job = processed_job();
    job.gfsc_infos = infos("2048.9", "12.5");
    auto documents = job.get_products_publication_jsons(testing::publication_parameters());
    REQUIRE(documents.products.size() == 1);
    rapidjson::Document json;
    json.Parse(documents.products[0].json.c_str());
    CHECK(json["resto"]["properties"]["resourceSize"].GetInt64() == 2048);
    CHECK(json["resto"]["properties"]["cloudCover"].GetDouble() == 12.5);

    job.gfsc_infos = R"({"resto":{"properties":{"resourceSize":1,"resolution":60,"cloudCover":0}}})";
    documents = job.get_products_publication_jsons(testing::publication_parameters());
    CHECK(documents.products.empty());
    REQUIRE(documents.skipped.size() == 1);
    CHECK(documents.skipped[0] == std::string("GFSC /eodata/HRSI/") + object + ": its metadata has no resto.geometry.wkt");

    job = processed_job();
    job.gfsc_id = "GFSC_20240102-007_missions_T32TLR_processingBaseline_1704225600";
    documents = job.get_products_publication_jsons(testing::publication_parameters());
    CHECK(documents.products.empty());
    REQUIRE(documents.skipped.size() == 1);
    CHECK(documents.skipped[0].find("its id is not a GFSC product id") != std::string::npos);

    job = processed_job();
    job.gfsc_infos.reset();
    CHECK_FALSE(job.generated_a_product());
    documents = job.get_products_publication_jsons(testing::publication_parameters());
    CHECK(documents.products.empty());
    CHECK(documents.skipped.empty());
}

TEST_CASE("gfsc publication date", "[publication][gfsc]") {
    GfscJob job;
    job.set_product_publication_date("gfsc", util::parse_time("2024-01-02T21:00:00Z"));
    CHECK(job.gfsc_json_publication_date == util::parse_time("2024-01-02T21:00:00Z"));
    CHECK_THROWS_AS(job.set_product_publication_date("fsc", util::parse_time("2024-01-02T21:00:00Z")), InternalError);
}
