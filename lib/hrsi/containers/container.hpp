// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/error.hpp>
#include <hrsi/util/child_process.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::containers {

// How a job's program runs: in a Docker or Podman container, or directly (`none`: tests, the
// demo, hosts without a container engine).
enum class Runtime { docker, podman, none };

// "docker", "podman", "none"; throws UsageError for anything else.
[[nodiscard]] Runtime parse_runtime(std::string_view text);
[[nodiscard]] std::string_view format_runtime(Runtime runtime) noexcept;

// The container runtime could not be found or run (bad configuration).
class RuntimeNotFound : public InternalError {
public:
    using InternalError::InternalError;
};
// The image does not exist locally and could not be pulled (bad configuration).
class ImageNotFound : public InternalError {
public:
    using InternalError::InternalError;
};
// The image reference is not valid (the OCI reference grammar): a configuration error, and
// never handed to the runtime, which could take it for an option.
class InvalidImageReference : public ImageNotFound {
public:
    using ImageNotFound::ImageNotFound;
};
// The program is not in the image, or (runtime none) not on this host (bad configuration).
class ProgramNotFound : public InternalError {
public:
    using InternalError::InternalError;
};
// The container engine (Docker daemon, Podman service) cannot be reached.
class EngineUnavailable : public ServiceUnavailable {
public:
    using ServiceUnavailable::ServiceUnavailable;
};

struct ContainerSpec {
    Runtime runtime = Runtime::none;
    // The runtime's program; empty: "docker" or "podman" looked up on PATH.
    std::filesystem::path runtime_program;
    std::string image;  // ignored by runtime none
    // The program and its arguments as seen inside the container, where the work folder is /work.
    std::vector<std::string> command;
    // Mounted read-write at /work, which is also the working directory. Must be absolute.
    std::filesystem::path work_folder;
    std::string name;      // the container's name: container_name(); ignored by runtime none
    bool network = false;  // false: --network none (runtime none cannot isolate: ignored)
    // Set in the container (runtime none: in the program's environment, "/work" substituted
    // like in arguments).
    std::map<std::string, std::string> environment;
    std::chrono::seconds time_limit{0};  // zero: no limit
    // On timeout or stop: docker/podman get `stop -t <grace>`; runtime none gets SIGTERM, then
    // SIGKILL after the grace period.
    std::chrono::seconds stop_grace{10};
    // If not empty, every output line is also appended to this file (e.g. in the work folder).
    std::filesystem::path log_file;
    // Hardening (docker/podman; runtime none cannot apply them): zero means no limit.
    std::int64_t memory_limit_mib = 0;  // --memory and --memory-swap (no swap beyond it)
    int pids_limit = 0;                  // --pids-limit
    // --read-only root filesystem, with /work (the volume) and a tmpfs /tmp writable.
    bool read_only_root = true;
    // --user: "uid[:gid]" or a name the image knows; empty: the image's own user.
    std::string user;
};

// "hrsi-job-<id>-attempt-<n>": valid as a Docker/Podman container name.
[[nodiscard]] std::string container_name(std::int64_t job_id, int attempt);

// The exact argv that runs the spec (argv[0] is the runtime's program, or for runtime none the
// program itself).
// docker/podman: run --rm --name <name> --network none --security-opt no-new-privileges
//   --cap-drop ALL --read-only --tmpfs /tmp:rw,mode=1777 --memory <m>m --memory-swap <m>m
//   --pids-limit <n> --user <user> -v <work folder>:/work[:Z for podman] -w /work [-e K=V]...
//   -- <image> <command>... (`--network none` only without `network`; the hardening options
//   only where the spec asks for them; `--` so that nothing after it is taken for an option).
// none: the command with "/work" replaced by the work folder at the start of each argument and
//   after each '=' (only as a whole path component: "/work" or "/work/..."); the program (the
//   first word) too, unless no such file exists in the work folder but one exists on the host
//   under the path as written (a host program under /work/...).
[[nodiscard]] std::vector<std::string> runtime_command_line(ContainerSpec const& spec);

// The prefixes of the environment variables that hold the worker's secrets (PG*, HRSI_DB,
// HRSI_AMQP*, RCLONE_CONFIG_*, AWS_*, NOMAD_TOKEN, VAULT_TOKEN): runtime none removes every
// variable that starts with one from the program's environment.
[[nodiscard]] std::vector<std::string> worker_secret_prefixes();

// Replaces "/work" by `work_folder` as runtime none does to each argument.
[[nodiscard]] std::string substitute_work_folder(std::string const& argument,
                                                 std::filesystem::path const& work_folder);

using RunResult = util::ChildResult;

// Runs the spec, streaming output lines to `on_line` (and spec.log_file), enforcing the time
// limit and stopping on request. Docker/Podman: removes any leftover container of the same name
// first, stops a container that runs too long with `<runtime> stop -t <grace> <name>`, and
// removes it afterwards (`rm -f`; "no such container" is fine).
// Throws InvalidImageReference (before running anything) for an image or user that is not
// valid, RuntimeNotFound, ImageNotFound, ProgramNotFound (internal: configuration) or
// EngineUnavailable (external), InternalError if the log file cannot be written.
RunResult run_container(ContainerSpec const& spec, util::LineCallback const& on_line,
                        std::stop_token stop = {});

}  // namespace hrsi::containers
