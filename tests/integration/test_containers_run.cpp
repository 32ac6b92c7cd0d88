// SPDX-License-Identifier: Apache-2.0
// run_container with real processes: runtime none runs shell scripts directly; the docker path
// runs against the real docker client with no engine behind it (if installed), and against a
// stand-in `docker` script that records its arguments (no engine can run here, SERVICES.md).
#include "scoped_variable.hpp"
#include "test_files.hpp"

#include <hrsi/containers/container.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace hrsi::containers;
using hrsi::util::OutputStream;
using Ending = RunResult::Ending;
using Lines = std::vector<std::string>;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

using hrsi::testing::ScopedVariable;
using hrsi::testing::TempFolder;

namespace {


void write_script(fs::path const& path, std::string const& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body;
    fs::permissions(path, fs::perms::owner_all);
}

std::string read_text(fs::path const& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Collects output lines per stream.
struct Output {
    Lines out;
    Lines err;
    hrsi::util::LineCallback callback() {
        return [this](OutputStream stream, std::string_view line) {
            (stream == OutputStream::out ? out : err).emplace_back(line);
        };
    }
};

ContainerSpec script_spec(TempFolder const& folder, std::string const& body) {
    write_script(folder.path() / "program.sh", body);
    ContainerSpec spec;
    spec.runtime = Runtime::none;
    spec.work_folder = folder.path();
    spec.command = {"/work/program.sh"};
    return spec;
}

// Whether a process is gone (or a zombie about to be reaped by init).
bool process_gone(pid_t pid) {
    for (int i = 0; i < 100; ++i) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string text;
        if (!stat || !std::getline(stat, text)) return true;
        auto state = text.find(") ");
        if (state != std::string::npos && text[state + 2] == 'Z') return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

}  // namespace

TEST_CASE("runtime none streams both streams in order and reports the exit code", "[containers]") {
    TempFolder folder;
    auto spec = script_spec(folder, "echo \"one $1\"\necho \"err one\" >&2\necho two\necho \"err two $MODE\" >&2\n"
                                    "pwd\nprintf 'no newline'\nexit 3\n");
    spec.command.emplace_back("--in=/work/x");
    spec.environment = {{"MODE", "/work/m"}};
    spec.log_file = folder.path() / "program.log";
    Output output;
    auto result = run_container(spec, output.callback());
    CHECK(result.ending == Ending::exited);
    CHECK(result.exit_code == 3);
    CHECK(result.describe() == "exit code 3");
    auto real = folder.path().string();
    CHECK(output.out == Lines{"one --in=" + real + "/x", "two", real, "no newline"});
    CHECK(output.err == Lines{"err one", "err two " + real + "/m"});
    auto log = read_text(spec.log_file);
    for (auto const& line : {"one --in=", "err one", "two", "err two", "no newline"}) {
        CHECK(log.find(line) != std::string::npos);
    }
}

TEST_CASE("runtime none reports a program killed by a signal", "[containers]") {
    TempFolder folder;
    Output output;
    auto terminated = run_container(script_spec(folder, "echo before\nkill -TERM $$\necho after\n"), output.callback());
    CHECK(terminated.ending == Ending::signalled);
    CHECK(terminated.signal == 15);
    CHECK(terminated.describe() == "killed by signal 15 (SIGTERM)");
    CHECK(output.out == Lines{"before"});
    auto killed = run_container(script_spec(folder, "kill -9 $$\n"), nullptr);
    CHECK(killed.ending == Ending::signalled);
    CHECK(killed.signal == 9);
}

TEST_CASE("runtime none enforces the time limit and leaves no process behind", "[containers]") {
    TempFolder folder;
    // The working directory is the work folder ("/work" is only substituted in arguments).
    auto spec = script_spec(folder, "sleep 30 &\necho $! > sleep.pid\necho started\nwait\n");
    spec.time_limit = 1s;
    Output output;
    auto start = std::chrono::steady_clock::now();
    auto result = run_container(spec, output.callback());
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(result.ending == Ending::timed_out);
    CHECK(result.describe() == "timed out after 1 s");
    CHECK(elapsed >= 1s);
    CHECK(elapsed < 20s);  // the program sleeps 30 s: ended by the limit, with room for a loaded machine
    CHECK(output.out == Lines{"started"});
    auto sleep_pid = std::stoi(read_text(folder.path() / "sleep.pid"));
    CHECK(process_gone(sleep_pid));
}

TEST_CASE("runtime none kills a program that ignores SIGTERM after the grace period", "[containers]") {
    TempFolder folder;
    auto spec = script_spec(folder, "trap '' TERM\necho started\nsleep 30\n");
    spec.time_limit = 1s;
    spec.stop_grace = 1s;
    auto start = std::chrono::steady_clock::now();
    auto result = run_container(spec, nullptr);
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(result.ending == Ending::timed_out);
    CHECK(result.signal == 9);
    CHECK(elapsed >= 2s);
    CHECK(elapsed < 20s);  // as above: not the 30 s sleep
}

TEST_CASE("runtime none stops on request from another thread", "[containers]") {
    TempFolder folder;
    auto spec = script_spec(folder, "echo started\nsleep 30\n");
    std::stop_source stop;
    std::jthread requester([&stop] {
        std::this_thread::sleep_for(300ms);
        stop.request_stop();
    });
    Output output;
    auto result = run_container(spec, output.callback(), stop.get_token());
    CHECK(result.ending == Ending::stopped);
    CHECK(result.describe() == "stopped on request");
    CHECK(result.duration < 2s);
    CHECK(output.out == Lines{"started"});
}

TEST_CASE("runtime none refuses a program that does not exist or cannot run", "[containers]") {
    TempFolder folder;
    ContainerSpec spec;
    spec.work_folder = folder.path();
    spec.command = {"/work/no-such-program"};
    CHECK_THROWS_AS(run_container(spec, nullptr), ProgramNotFound);
    CHECK_THROWS_WITH(run_container(spec, nullptr), Catch::Contains("no-such-program"));
    spec.command = {"hrsi-no-such-program-on-path"};
    CHECK_THROWS_AS(run_container(spec, nullptr), ProgramNotFound);
    std::ofstream(folder.path() / "data.txt") << "not a program\n";
    spec.command = {"/work/data.txt"};
    CHECK_THROWS_AS(run_container(spec, nullptr), ProgramNotFound);
    spec.work_folder = "relative/folder";
    CHECK_THROWS_AS(run_container(spec, nullptr), hrsi::InternalError);
}

TEST_CASE("docker: a missing runtime program is a configuration error", "[containers]") {
    TempFolder folder;
    ContainerSpec spec;
    spec.runtime = Runtime::docker;
    spec.runtime_program = folder.path() / "no-docker-here";
    spec.image = "localhost/hrsi-test:1";
    spec.name = container_name(1, 1);
    spec.work_folder = folder.path();
    spec.command = {"true"};
    CHECK_THROWS_AS(run_container(spec, nullptr), RuntimeNotFound);
}

TEST_CASE("docker: an engine that cannot be reached is a service error", "[containers]") {
    std::string path = ::getenv("PATH") != nullptr ? ::getenv("PATH") : "";
    bool found = false;
    std::stringstream folders(path);
    for (std::string dir; std::getline(folders, dir, ':');) {
        if (!dir.empty() && ::access((fs::path(dir) / "docker").c_str(), X_OK) == 0) found = true;
    }
    if (!found) {
        WARN("docker client not installed: the unreachable-engine case is covered by the stand-in test only");
        return;
    }
    TempFolder folder;
    ScopedVariable const docker_host("DOCKER_HOST", "unix://" + (folder.path() / "no-engine.sock").string());
    ContainerSpec spec;
    spec.runtime = Runtime::docker;
    spec.image = "localhost/hrsi-test:1";
    spec.name = container_name(1, 1);
    spec.work_folder = folder.path();
    spec.command = {"true"};
    CHECK_THROWS_AS(run_container(spec, nullptr), EngineUnavailable);
}

namespace {

// A stand-in `docker` that logs each call's arguments to calls.txt and runs `run_body` for
// `run`; `stop` ends the running `run`; `rm` answers like Docker for a missing container.
ContainerSpec stand_in_docker(TempFolder const& folder, std::string const& run_body) {
    auto dir = folder.path().string();
    write_script(folder.path() / "docker", "echo \"$*\" >> '" + dir + "/calls.txt'\n" +
                                               "case \"$1\" in\n"
                                               "run) echo $$ > '" + dir + "/run.pid'\n" + run_body +
                                               ";;\n"
                                               "stop) kill -TERM $(cat '" + dir + "/run.pid'); exit 0;;\n"
                                               "rm) echo \"Error response from daemon: No such container: $3\" >&2; "
                                               "exit 1;;\n"
                                               "esac\n");
    fs::create_directory(folder.path() / "work");
    ContainerSpec spec;
    spec.runtime = Runtime::docker;
    spec.runtime_program = folder.path() / "docker";
    spec.image = "localhost/hrsi-test:1";
    spec.name = container_name(5, 1);
    spec.work_folder = folder.path() / "work";
    spec.command = {"/bin/sh", "-c", "echo hi"};
    spec.stop_grace = 1s;
    return spec;
}

Lines call_lines(TempFolder const& folder) {
    Lines lines;
    std::ifstream in(folder.path() / "calls.txt");
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("docker (stand-in): removes, runs, streams and removes again", "[containers]") {
    TempFolder folder;
    auto spec = stand_in_docker(folder, "echo hi; echo warn >&2; exit 4");
    Output output;
    auto result = run_container(spec, output.callback());
    CHECK(result.ending == Ending::exited);
    CHECK(result.exit_code == 4);
    CHECK(output.out == Lines{"hi"});
    CHECK(output.err == Lines{"warn"});
    auto work = spec.work_folder.string();
    CHECK(call_lines(folder) ==
          Lines{"rm -f hrsi-job-5-attempt-1",
                "run --rm --name hrsi-job-5-attempt-1 --network none --security-opt no-new-privileges --cap-drop ALL "
                "--read-only --tmpfs /tmp:rw,mode=1777 -v " + work + ":/work -w /work -- localhost/hrsi-test:1 /bin/sh -c echo hi",
                "rm -f hrsi-job-5-attempt-1"});
}

TEST_CASE("docker (stand-in): a container over its time limit is stopped with docker stop", "[containers]") {
    TempFolder folder;
    auto spec = stand_in_docker(folder, "echo started; exec sleep 30");
    spec.time_limit = 1s;
    Output output;
    auto result = run_container(spec, output.callback());
    CHECK(result.ending == Ending::timed_out);
    CHECK(result.duration < 3s);
    auto calls = call_lines(folder);
    REQUIRE(calls.size() == 4);
    CHECK(calls[2] == "stop -t 1 hrsi-job-5-attempt-1");
    CHECK(calls[3] == "rm -f hrsi-job-5-attempt-1");
}

TEST_CASE("docker (stand-in): the runtime's own failures are classified", "[containers]") {
    TempFolder folder;
    SECTION("image not found") {
        auto spec = stand_in_docker(folder,
                                    "echo \"Unable to find image 'localhost/hrsi-test:1' locally\" >&2\n"
                                    "echo \"docker: Error response from daemon: pull access denied for "
                                    "localhost/hrsi-test, repository does not exist\" >&2; exit 125");
        CHECK_THROWS_AS(run_container(spec, nullptr), ImageNotFound);
    }
    SECTION("registry not reachable") {
        auto spec = stand_in_docker(folder,
                                    "echo \"Unable to find image 'localhost/hrsi-test:1' locally\" >&2\n"
                                    "echo 'docker: Error response from daemon: Get \"https://localhost/v2/\": dial "
                                    "tcp: connection refused' >&2; exit 125");
        CHECK_THROWS_AS(run_container(spec, nullptr), hrsi::ServiceUnavailable);
    }
    SECTION("engine not reachable") {
        auto spec = stand_in_docker(folder,
                                    "echo 'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                                    "Is the docker daemon running?' >&2; exit 125");
        CHECK_THROWS_AS(run_container(spec, nullptr), EngineUnavailable);
    }
    SECTION("program not in the image") {
        auto spec = stand_in_docker(folder,
                                    "echo 'docker: Error response from daemon: failed to create task for container: "
                                    "OCI runtime create failed: exec: \"fsc\": executable file not found in $PATH: "
                                    "unknown' >&2; exit 127");
        CHECK_THROWS_AS(run_container(spec, nullptr), ProgramNotFound);
    }
    SECTION("a program's own exit code 125 stays an exit code") {
        auto spec = stand_in_docker(folder, "echo 'no input' >&2; exit 125");
        auto result = run_container(spec, nullptr);
        CHECK(result.exit_code == 125);
    }
}

TEST_CASE("runtime none: a host program under /work/... is run where it is", "[containers]") {
    // A build machine's checkout may live under /work: its programs are host paths, not paths
    // in the work folder (which has no such file).
    if (::access("/work", W_OK) != 0) {
        WARN("no writable /work on this machine: the host-program case is not tested");
        return;
    }
    TempFolder host("hrsi-host", "/work");
    write_script(host.path() / "program.sh", "echo host program\n");
    TempFolder folder;
    ContainerSpec spec;
    spec.work_folder = folder.path();
    spec.command = {(host.path() / "program.sh").string(), "/work/x"};
    CHECK(runtime_command_line(spec) == std::vector<std::string>{spec.command[0], folder.path().string() + "/x"});
    // The same path inside the work folder wins, as in a container.
    auto const inside = folder.path() / host.path().lexically_relative("/work") / "program.sh";
    fs::create_directories(inside.parent_path());
    write_script(inside, "echo work folder program\n");
    CHECK(runtime_command_line(spec).front() == inside.string());
}

TEST_CASE("runtime none: the program gets none of the worker's secrets", "[containers]") {
    TempFolder folder;
    Output output;
    auto const result = [&] {
        ScopedVariable const password("PGPASSWORD", "db-secret");
        ScopedVariable const s3_secret("RCLONE_CONFIG_HRSIS3_SECRET_ACCESS_KEY", "s3-secret");
        ScopedVariable const visible("HRSI_SAMPLE_VISIBLE", "yes");
        return run_container(script_spec(folder, "env\n"), output.callback());
    }();
    CHECK(result.exit_code == 0);
    std::string all;
    for (auto const& line : output.out) all += line + "\n";
    CHECK_THAT(all, Catch::Contains("HRSI_SAMPLE_VISIBLE=yes"));
    CHECK_THAT(all, !Catch::Contains("db-secret") && !Catch::Contains("s3-secret"));
}
