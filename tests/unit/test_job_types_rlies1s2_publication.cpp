// SPDX-License-Identifier: Apache-2.0
// The publication JSON of the RLIE-S1+S2 product (reference §3.7), field by field; the
// product's publication date; the rules of the day search that need no database.
#include "publication_parameters.hpp"

#include <hrsi/job_types/rlies1s2/rlies1s2_candidates.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/jobs/output_products.hpp>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

db::SystemParameterValues parameters() { return testing::publication_parameters(); }

constexpr char const* object_path =
    "CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1S2/2024/01/05/RLIE_20240105T104031_S1-S2_T32TLR_V100_1";
constexpr char const* name = "RLIE_20240105T104031_S1-S2_T32TLR_V100_1";

// What the chain writes (rlie_s1s2_processing_chain.py), completed by the worker.
std::string metadata(std::string const& size) {
    return R"j({"collection_name":"HR-S&I","resto":{"type":"Feature",)j"
           R"j("geometry":{"wkt":"POLYGON((6.5 45.0, 7.9 45.0, 7.9 46.0, 6.5 46.0, 6.5 45.0))"},)j"
           R"j("properties":{"productIdentifier":"/eodata/HRSI/x","title":")j" + std::string(name) +
           R"j(","resourceSize":)j" + size +
           R"j(,"organisationName":"EEA","startDate":"2024-01-05T10:40:31.000000Z",)j"
           R"j("completionDate":"2024-01-05T10:40:31.000000Z","productType":"RLIE","resolution":20,)j"
           R"j("mission":"S1-S2","processingBaseline":"V100","host_base":"s3.waw2-1.cloudferro.com",)j"
           R"j("cloudCover":null,"s3_bucket":"HRSI","thumbnail":"Preview/x/thumbnail.png"}}})j";
}

RlieS1S2Job processed_job() {
    RlieS1S2Job job;
    job.common.tile_id = "32TLR";
    job.process_date = util::parse_time("2024-01-05T00:00:00Z");
    job.tile_id_dup = "32TLR";
    job.rlies1s2_completion_date = util::parse_time("2024-01-06T09:00:01Z");
    job.rlies1s2_path = std::string("/eodata/HRSI/") + object_path;
    job.rlies1s2_json_submitted_json = metadata("36864");
    return job;
}

RlieProduct product(std::string const& mission, std::string const& time) {
    auto const when = util::parse_time("2024-01-05T" + time + "Z");
    return {"/x/RLIE_" + mission, "32TLR", mission, when, util::parse_time("2024-01-05T00:00:00Z"), when};
}

}  // namespace

TEST_CASE("rlies1s2 publication: one document, field by field", "[publication][rlies1s2]") {
    auto job = processed_job();
    CHECK(job.generated_a_product());
    auto const documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.skipped.empty());
    REQUIRE(documents.products.size() == 1);
    CHECK(documents.products[0].product == "rlies1s2");
    CHECK(documents.products[0].title == name);
    CHECK(is_output_product(RlieS1S2Job::info_, documents.products[0].product));

    rapidjson::Document json;
    json.Parse(documents.products[0].json.c_str());
    REQUIRE(json.IsObject());
    CHECK(json["collection_name"].GetString() == std::string("HR-S&I"));
    CHECK(json["resto"]["type"].GetString() == std::string("Feature"));
    CHECK(json["resto"]["geometry"]["wkt"].GetString() ==
          std::string("POLYGON((6.5 45.0, 7.9 45.0, 7.9 46.0, 6.5 46.0, 6.5 45.0))"));
    auto const& p = json["resto"]["properties"];
    CHECK(p["productIdentifier"].GetString() == std::string("/eodata/HRSI/") + object_path);
    CHECK(p["title"].GetString() == std::string(name));
    CHECK(p["resourceSize"].GetInt64() == 36864);  // bytes, as the chain writes them
    CHECK(p["organisationName"].GetString() == std::string("EEA"));
    CHECK(p["startDate"].GetString() == std::string("2024-01-05T10:40:31.000000"));
    CHECK(p["completionDate"].GetString() == std::string("2024-01-05T10:40:31.000000"));
    CHECK(p["productType"].GetString() == std::string("RLIE"));
    CHECK(p["resolution"].GetInt() == 20);
    CHECK(p["mission"].GetString() == std::string("S1-S2"));
    CHECK(p["cloudCover"].IsNull());
    CHECK(p["processingBaseline"].GetString() == std::string("V100"));
    CHECK(p["host_base"].GetString() == std::string("s3.waw2-1.cloudferro.com"));
    CHECK(p["s3_bucket"].GetString() == std::string("HRSI"));
    CHECK(p["thumbnail"].GetString() == std::string("Preview/") + object_path + "/thumbnail.png");

    job.set_product_publication_date("rlies1s2", util::parse_time("2024-01-06T09:05:00Z"));
    CHECK(job.publication_date_rlies1s2 == util::parse_time("2024-01-06T09:05:00Z"));
    CHECK_THROWS(job.set_product_publication_date("rlies1", util::parse_time("2024-01-06T09:05:00Z")));
}

TEST_CASE("rlies1s2 publication: unusable metadata is left out with the reason, no product, no document",
          "[publication][rlies1s2]") {
    auto job = processed_job();
    job.rlies1s2_json_submitted_json = R"({"resto":{"properties":{"title":"x"}}})";
    auto documents = job.get_products_publication_jsons(parameters());
    CHECK(documents.products.empty());
    REQUIRE(documents.skipped.size() == 1);
    CHECK_THAT(documents.skipped[0], Catch::Contains(name) && Catch::Contains("no resourceSize"));
    job.rlies1s2_json_submitted_json.reset();
    job.rlies1s2_path.reset();
    CHECK_FALSE(job.generated_a_product());
    CHECK(job.get_products_publication_jsons(parameters()).products.empty());
}

TEST_CASE("rlies1s2: the first day searched and the satellite closest in time", "[jobs][rlies1s2]") {
    // Yesterday, or the day before while yesterday ended less than 8 h ago.
    CHECK(first_search_day(util::parse_time("2024-01-07T12:00:00Z"), 8) == util::parse_time("2024-01-06T00:00:00Z"));
    CHECK(first_search_day(util::parse_time("2024-01-07T07:59:59Z"), 8) == util::parse_time("2024-01-05T00:00:00Z"));
    CHECK(first_search_day(util::parse_time("2024-01-07T08:00:00Z"), 8) == util::parse_time("2024-01-06T00:00:00Z"));
    std::vector<RlieProduct> const s2{product("S2A", "10:00:00"), product("S2B", "11:00:00")};
    std::vector<RlieProduct> const s1{product("S1A", "05:00:00"), product("S1B", "17:00:00"),
                                      product("S1A", "06:00:00")};
    // Mean S2 10:30; S1A mean 05:30 (5 h), S1B 17:00 (6 h 30).
    auto chosen = closest_satellite(s2, s1);
    REQUIRE(chosen.size() == 2);
    CHECK(chosen[0].mission == "S1A");
    std::vector<RlieProduct> const late_s2{product("S2A", "15:00:00")};
    chosen = closest_satellite(late_s2, s1);
    REQUIRE(chosen.size() == 1);
    CHECK(chosen[0].mission == "S1B");
    CHECK(closest_satellite(s2, {}).empty());
}
