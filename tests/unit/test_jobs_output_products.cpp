// SPDX-License-Identifier: Apache-2.0
// OUTPUT_PRODUCTS_LIST: which publication documents of a job are of its type's products.
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>
#include <hrsi/jobs/output_products.hpp>

#include <catch2/catch.hpp>

using namespace hrsi::jobs;

TEST_CASE("output products: a type's list, whatever the case", "[jobs]") {
    CHECK(is_output_product(FscRlieJob::info_, "FSC"));
    CHECK(is_output_product(FscRlieJob::info_, "rlie"));
    CHECK_FALSE(is_output_product(FscRlieJob::info_, "SWS"));
    CHECK_FALSE(is_output_product(FscRlieJob::info_, "FS"));
    CHECK_FALSE(is_output_product(TestJob::info_, "FSC"));
}

TEST_CASE("output products: documents of other products are skipped with the reason", "[jobs]") {
    PublicationDocuments documents;
    documents.products = {{"RLIE", "RLIE_a", "{}"}, {"GFSC", "GFSC_b", "{}"}, {"RLIE", "RLIE_c", "{}"}};
    keep_output_products(FscRlieJob::info_, documents);
    REQUIRE(documents.products.size() == 2);
    CHECK(documents.products[0].title == "RLIE_a");
    CHECK(documents.products[1].title == "RLIE_c");
    REQUIRE(documents.skipped.size() == 1);
    CHECK(documents.skipped[0] == "GFSC_b is a GFSC product, not one of fsc_rlie_job (OUTPUT_PRODUCTS_LIST: fsc, rlie)");
}
