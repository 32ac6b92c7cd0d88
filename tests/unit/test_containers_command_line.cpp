// SPDX-License-Identifier: Apache-2.0
#include <hrsi/containers/container.hpp>
#include <hrsi/error.hpp>
#include <hrsi/util/child_process.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using namespace hrsi::containers;
using Argv = std::vector<std::string>;

namespace {

ContainerSpec fsc_spec(Runtime runtime) {
    ContainerSpec spec;
    spec.runtime = runtime;
    spec.image = "registry.example/si-processing:4.5.3";
    spec.command = {"fsc_rlie_processing_chain.py", "/work/jobs/ab12/processings_parameters.yaml"};
    spec.work_folder = "/data/work root/jobs/ab12";
    spec.name = container_name(42, 2);
    return spec;
}

}  // namespace

TEST_CASE("runtimes are parsed and formatted", "[containers]") {
    for (auto runtime : {Runtime::docker, Runtime::podman, Runtime::none}) {
        CHECK(parse_runtime(format_runtime(runtime)) == runtime);
    }
    CHECK(format_runtime(Runtime::podman) == "podman");
    CHECK_THROWS_AS(parse_runtime("Docker"), hrsi::UsageError);
    CHECK_THROWS_WITH(parse_runtime("lxc"), Catch::Contains("'lxc'") && Catch::Contains("docker, podman or none"));
}

TEST_CASE("container names come from the job and attempt and suit Docker", "[containers]") {
    CHECK(container_name(42, 2) == "hrsi-job-42-attempt-2");
    std::regex docker_name("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    CHECK(std::regex_match(container_name(9'000'000'000, 1), docker_name));
    CHECK(container_name(7, 1) != container_name(7, 2));
}

TEST_CASE("docker command line: no network, no privileges, work folder at /work, removed", "[containers]") {
    auto spec = fsc_spec(Runtime::docker);
    CHECK(runtime_command_line(spec) ==
          Argv{"docker", "run", "--rm", "--name", "hrsi-job-42-attempt-2", "--network", "none", "--security-opt",
               "no-new-privileges", "--cap-drop", "ALL", "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "-v", "/data/work root/jobs/ab12:/work", "-w", "/work",
               "--", "registry.example/si-processing:4.5.3", "fsc_rlie_processing_chain.py",
               "/work/jobs/ab12/processings_parameters.yaml"});
}

TEST_CASE("docker command line with network, environment, a runtime path and spaced arguments", "[containers]") {
    auto spec = fsc_spec(Runtime::docker);
    spec.runtime_program = "/usr/local/bin/docker";
    spec.network = true;
    spec.environment = {{"OMP_NUM_THREADS", "2"}, {"LABEL", "two words"}};
    spec.command = {"/bin/sh", "-c", "echo 'a b' > /work/out.txt"};
    CHECK(runtime_command_line(spec) ==
          Argv{"/usr/local/bin/docker", "run", "--rm", "--name", "hrsi-job-42-attempt-2", "--security-opt",
               "no-new-privileges", "--cap-drop", "ALL", "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "-v", "/data/work root/jobs/ab12:/work", "-w", "/work", "-e",
               "LABEL=two words", "-e", "OMP_NUM_THREADS=2", "--", "registry.example/si-processing:4.5.3", "/bin/sh", "-c",
               "echo 'a b' > /work/out.txt"});
}

TEST_CASE("podman command line relabels the volume for SELinux", "[containers]") {
    auto spec = fsc_spec(Runtime::podman);
    spec.environment = {{"A", "1"}};
    CHECK(runtime_command_line(spec) ==
          Argv{"podman", "run", "--rm", "--name", "hrsi-job-42-attempt-2", "--network", "none", "--security-opt",
               "no-new-privileges", "--cap-drop", "ALL", "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "-v", "/data/work root/jobs/ab12:/work:Z", "-w", "/work",
               "-e", "A=1", "--", "registry.example/si-processing:4.5.3", "fsc_rlie_processing_chain.py",
               "/work/jobs/ab12/processings_parameters.yaml"});
}

TEST_CASE("docker/podman command line: the flavor's limits, a user, options ended before the image",
          "[containers][security]") {
    for (auto runtime : {Runtime::docker, Runtime::podman}) {
        auto spec = fsc_spec(runtime);
        spec.memory_limit_mib = 16384;
        spec.pids_limit = 2048;
        spec.user = "1000:1000";
        auto const argv = runtime_command_line(spec);
        auto const at = [&](std::string const& word) { return std::find(argv.begin(), argv.end(), word); };
        REQUIRE(at("--memory") != argv.end());
        CHECK(*(at("--memory") + 1) == "16384m");
        CHECK(*(at("--memory-swap") + 1) == "16384m");
        CHECK(*(at("--pids-limit") + 1) == "2048");
        CHECK(*(at("--user") + 1) == "1000:1000");
        CHECK(at("--read-only") != argv.end());
        CHECK(*(at("--tmpfs") + 1) == "/tmp:rw,mode=1777");
        // Everything after "--" is the image and the program's own words.
        REQUIRE(at("--") != argv.end());
        CHECK(*(at("--") + 1) == spec.image);
        CHECK(at("--") + 2 + static_cast<long>(spec.command.size()) == argv.end());
    }
    auto spec = fsc_spec(Runtime::podman);
    spec.read_only_root = false;
    auto const argv = runtime_command_line(spec);
    CHECK(std::find(argv.begin(), argv.end(), "--read-only") == argv.end());
    CHECK(std::find(argv.begin(), argv.end(), "--memory") == argv.end());
    CHECK(std::find(argv.begin(), argv.end(), "--user") == argv.end());
}

TEST_CASE("an image or user that is no reference is refused before the runtime runs", "[containers][security]") {
    auto spec = fsc_spec(Runtime::podman);
    spec.runtime_program = "/nonexistent/podman-never-run";
    for (auto const* image : {"--privileged", "-v/:/host", "--privileged localhost/x:1", "Upper_Case:1",
                              "localhost/x:1 --privileged", "x:", "", "a//b", "x:-tag"}) {
        spec.image = image;
        if (spec.image.empty()) {
            CHECK_THROWS_AS(run_container(spec, nullptr), hrsi::InternalError);
        } else {
            CHECK_THROWS_AS(run_container(spec, nullptr), InvalidImageReference);
        }
    }
    spec.image = "localhost/hrsi-test:1";
    spec.user = "--privileged";
    CHECK_THROWS_AS(run_container(spec, nullptr), InvalidImageReference);
    spec.user = "0:0 --privileged";
    CHECK_THROWS_WITH(run_container(spec, nullptr), Catch::Contains("container_user"));
    spec.user = "1000:1000";
    CHECK_THROWS_AS(run_container(spec, nullptr), RuntimeNotFound);  // valid: the runtime is tried
}

TEST_CASE("runtime none runs the command with the work folder substituted", "[containers]") {
    auto spec = fsc_spec(Runtime::none);
    spec.command = {"/work/bin/run.sh", "--params=/work/p.yaml", "/work", "a=b=/work/x", "/workspace/x",
                    "in /work/x", "--out", "/work/", "x/work/y", "two words"};
    CHECK(runtime_command_line(spec) ==
          Argv{"/data/work root/jobs/ab12/bin/run.sh", "--params=/data/work root/jobs/ab12/p.yaml",
               "/data/work root/jobs/ab12", "a=b=/data/work root/jobs/ab12/x", "/workspace/x", "in /work/x", "--out",
               "/data/work root/jobs/ab12/", "x/work/y", "two words"});
}

TEST_CASE("substitute_work_folder only replaces whole /work path components", "[containers]") {
    std::filesystem::path folder = "/tmp/w";
    CHECK(substitute_work_folder("/work", folder) == "/tmp/w");
    CHECK(substitute_work_folder("/work/a/work/b", folder) == "/tmp/w/a/work/b");
    CHECK(substitute_work_folder("k=/work/a,/work/b", folder) == "k=/tmp/w/a,/work/b");
    CHECK(substitute_work_folder("=/work", folder) == "=/tmp/w");
    CHECK(substitute_work_folder("/worker", folder) == "/worker");
    CHECK(substitute_work_folder("", folder).empty());
}

TEST_CASE("shell_quoted shows a command line for the log", "[util]") {
    using hrsi::util::shell_quoted;
    CHECK(shell_quoted({"docker", "run", "-v", "/a b:/work", "it's", ""}) ==
          "docker run -v '/a b:/work' 'it'\\''s' ''");
    CHECK(shell_quoted({"--x=/work/y"}) == "--x=/work/y");
}

TEST_CASE("ChildResult::describe names the ending", "[util]") {
    using hrsi::util::ChildResult;
    ChildResult result;
    result.exit_code = 3;
    CHECK(result.describe() == "exit code 3");
    result.ending = ChildResult::Ending::signalled;
    result.signal = 15;
    CHECK(result.describe() == "killed by signal 15 (SIGTERM)");
    result.ending = ChildResult::Ending::timed_out;
    result.duration = std::chrono::milliseconds(5'200);
    CHECK(result.describe() == "timed out after 5 s");
    result.ending = ChildResult::Ending::stopped;
    CHECK(result.describe() == "stopped on request");
}
