// SPDX-License-Identifier: Apache-2.0
// The Nomad worker specifications of deploy/nomad/ against each registered type's
// NOMAD_JOB_NAME and WORKER_FLAVOR_NAME, and the check itself on specifications that disagree.
#include <hrsi/jobs/registry.hpp>
#include <hrsi/nomad/worker_specification.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hrsi;

namespace {

std::string read_specification(std::string_view nomad_job_name) {
    auto const path = std::filesystem::path(HRSI_TEST_DATA_DIR) / ".." / ".." / "deploy" / "nomad" /
                      (std::string(nomad_job_name) + ".nomad.hcl");
    std::ifstream in(path);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replaced(std::string text, std::string const& from, std::string const& to) {
    auto const at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

jobs::JobTypeInfo const& info_of(std::string_view type) {
    return *jobs::builtin_job_types().find(type).info;
}

}  // namespace

TEST_CASE("nomad specification: every registered type's worker specification agrees with its flavor",
          "[nomad][job_types]") {
    for (auto const& type : jobs::builtin_job_types().types()) {
        INFO(type.info->type_name);
        auto const problems = nomad::check_worker_specification(read_specification(type.info->nomad_job_name),
                                                                *type.info);
        CHECK(problems == std::vector<std::string>{});
    }
}

TEST_CASE("nomad specification: memory beyond the flavor's fails the check", "[nomad][job_types]") {
    auto const& fsc = info_of("fsc_rlie_job");
    auto const text = replaced(read_specification(fsc.nomad_job_name), "memory = 10000", "memory = 20000");
    auto const problems = nomad::check_worker_specification(text, fsc);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "memory = 20000 MB exceeds the 16384 MB of flavor hm.medium (medium of fsc_rlie_job)");
    // The test job's extra_small flavor has 1 GB.
    auto const& test = info_of("test_job");
    auto const test_text = replaced(read_specification(test.nomad_job_name), "memory = 500", "memory = 2048");
    CHECK(nomad::check_worker_specification(test_text, test).size() == 1);
}

TEST_CASE("nomad specification: another flavor, a missing constraint or another job name fail the check",
          "[nomad][job_types]") {
    auto const& test = info_of("test_job");
    auto const text = read_specification(test.nomad_job_name);
    auto problems = nomad::check_worker_specification(replaced(text, "\"eo1.xsmall\"", "\"hm.medium\""), test);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] ==
          "the instance-type constraint should be \"eo1.xsmall\" (WORKER_FLAVOR_NAME of test_job: extra_small), "
          "not \"hm.medium\"");
    problems = nomad::check_worker_specification(
        replaced(text, "${attr.platform.aws.instance-type}", "${attr.kernel.name}"), test);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].ends_with("but there is none"));
    problems = nomad::check_worker_specification(replaced(text, "job \"test-job-processing\"", "job \"other\""), test);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] ==
          "the specification should define one job \"test-job-processing\" (NOMAD_JOB_NAME of test_job), not \"other\"");
    // The fsc_rlie specification is not the test job's.
    CHECK(nomad::check_worker_specification(read_specification("si-processing"), test).size() == 3);
}
