// SPDX-License-Identifier: Apache-2.0
// deploy/nomad/gfsc-processing.nomad.hcl against the reference's GfscJob (NOMAD_JOB_NAME
// gfsc-processing, WORKER_FLAVOR_NAME small: eo2.medium), before the type is registered; once
// it is, test_nomad_worker_specification.cpp checks it against the type's own information.
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/nomad/worker_specification.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hrsi;

namespace {

std::string read_specification() {
    auto const path = std::filesystem::path(HRSI_TEST_DATA_DIR) / ".." / ".." / "deploy" / "nomad" /
                      "gfsc-processing.nomad.hcl";
    std::ifstream in(path);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

jobs::JobTypeInfo reference_info() {
    jobs::JobTypeInfo info{};
    info.type_name = "gfsc_job";
    info.nomad_job_name = "gfsc-processing";
    info.worker_flavor = jobs::small;
    return info;
}

}  // namespace

TEST_CASE("gfsc nomad specification: the reference's job name, flavor and memory", "[gfsc][nomad]") {
    auto const text = read_specification();
    CHECK(nomad::check_worker_specification(text, reference_info()) == std::vector<std::string>{});
    CHECK_THAT(text, Catch::Contains("memory = 3000"));
    // Another flavor would be refused: the check reads this file.
    auto medium = reference_info();
    medium.worker_flavor = jobs::medium;
    CHECK(nomad::check_worker_specification(text, medium).size() == 1);
}
