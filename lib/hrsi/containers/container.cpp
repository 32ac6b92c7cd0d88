// SPDX-License-Identifier: Apache-2.0
#include "container.hpp"

#include <hrsi/containers/image_reference.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>
#include <array>
#include <deque>
#include <fstream>

#include <unistd.h>

namespace hrsi::containers {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view container_work = "/work";

// How long `rm -f` and `stop` (beyond its own grace) may take.
constexpr auto engine_command_limit = 60s;
// Stderr lines kept to explain a failure of the runtime itself.
constexpr std::size_t kept_error_lines = 40;

bool contains_any(std::deque<std::string> const& lines, std::initializer_list<std::string_view> needles) {
    return std::any_of(lines.begin(), lines.end(), [&](std::string const& line) {
        return std::any_of(needles.begin(), needles.end(),
                           [&](std::string_view needle) { return line.find(needle) != std::string::npos; });
    });
}

bool engine_unreachable(std::deque<std::string> const& lines) {
    return contains_any(lines, {"Cannot connect to the Docker daemon", "Is the docker daemon running",
                                "error during connect", "Cannot connect to Podman", "unable to connect to Podman"});
}

std::string joined(std::deque<std::string> const& lines) {
    std::string result;
    for (auto const& line : lines) {
        if (!result.empty()) result += " | ";
        result += line;
    }
    return result;
}

std::filesystem::path runtime_program(ContainerSpec const& spec) {
    if (!spec.runtime_program.empty()) return spec.runtime_program;
    return std::string(format_runtime(spec.runtime));
}

struct EngineCommand {
    util::ChildResult result;
    std::deque<std::string> lines;
};

// Runs `<runtime> <arguments>` to completion, keeping its output.
EngineCommand run_engine_command(ContainerSpec const& spec, std::vector<std::string> arguments,
                                 std::chrono::milliseconds time_limit) {
    util::ChildOptions options;
    options.arguments.push_back(runtime_program(spec).string());
    options.arguments.insert(options.arguments.end(), arguments.begin(), arguments.end());
    options.time_limit = time_limit;
    options.grace = 5s;
    EngineCommand command;
    try {
        command.result = util::run_child(options, [&](util::OutputStream, std::string_view line) {
            if (command.lines.size() == kept_error_lines) command.lines.pop_front();
            command.lines.emplace_back(line);
        });
    } catch (util::ChildStartError const& error) {
        throw RuntimeNotFound(fmt::format("container runtime {}: {}", format_runtime(spec.runtime), error.what()));
    }
    return command;
}

bool succeeded(util::ChildResult const& result) {
    return result.ending == util::ChildResult::Ending::exited && result.exit_code == 0;
}

// `<runtime> rm -f <name>`. A missing container is fine. Before the run (`strict`), an
// unreachable engine throws EngineUnavailable; afterwards every failure is ignored: the run's
// result matters more, and the next attempt has another name.
void remove_container(ContainerSpec const& spec, bool strict) {
    EngineCommand command;
    try {
        command = run_engine_command(spec, {"rm", "-f", spec.name}, engine_command_limit);
    } catch (Error const&) {
        if (strict) throw;
        return;
    }
    if (succeeded(command.result) || !strict) return;
    if (engine_unreachable(command.lines)) {
        throw EngineUnavailable(fmt::format("{} engine not reachable: {}", format_runtime(spec.runtime),
                                            joined(command.lines)));
    }
}

// After `<runtime> run` ended by itself with one of its own error codes (125: the runtime
// failed, 126: the command cannot be invoked, 127: the command is not found), throws what the
// error lines describe; a program's own 125–127 without such lines stays an exit code.
void classify_runtime_failure(ContainerSpec const& spec, util::ChildResult const& result,
                              std::deque<std::string> const& errors) {
    if (result.ending != util::ChildResult::Ending::exited) return;
    if (result.exit_code < 125 || result.exit_code > 127) return;
    auto runtime = format_runtime(spec.runtime);
    if (engine_unreachable(errors)) {
        throw EngineUnavailable(fmt::format("{} engine not reachable: {}", runtime, joined(errors)));
    }
    if (contains_any(errors, {"pull access denied", "manifest unknown", "repository does not exist",
                              "No such image", "image not known", "not found: manifest"})) {
        throw ImageNotFound(fmt::format("{} image '{}' not found: {}", runtime, spec.image, joined(errors)));
    }
    if (contains_any(errors, {"Unable to find image", "initializing source", "trying to reuse blob",
                              "Trying to pull"})) {
        // The image is not here and pulling it failed for another reason (registry unreachable).
        throw ServiceUnavailable(fmt::format("{} cannot pull image '{}': {}", runtime, spec.image, joined(errors)));
    }
    if (result.exit_code != 125 &&
        contains_any(errors, {"executable file not found", "OCI runtime", "exec format error"})) {
        throw ProgramNotFound(fmt::format("{} cannot run '{}' in image '{}': {}", runtime,
                                          spec.command.empty() ? std::string() : spec.command.front(), spec.image,
                                          joined(errors)));
    }
    if (result.exit_code == 125 && contains_any(errors, {"Error response from daemon", "docker: "})) {
        throw InternalError(fmt::format("{} run failed: {}", runtime, joined(errors)));
    }
}

void check_spec(ContainerSpec const& spec) {
    if (spec.command.empty()) throw InternalError("container spec without a command");
    if (!spec.work_folder.is_absolute()) {
        throw InternalError(fmt::format("container work folder '{}' is not absolute", spec.work_folder.string()));
    }
    if (spec.runtime != Runtime::none) {
        if (spec.image.empty()) throw InternalError("container spec without an image");
        if (spec.name.empty()) throw InternalError("container spec without a name");
        if (!is_image_reference(spec.image)) {
            throw InvalidImageReference(fmt::format(
                "image '{}' is not a valid image reference ([registry/]name[:tag][@digest], the OCI "
                "reference grammar); set the type's docker_image_for_... parameter to one", spec.image));
        }
        if (!spec.user.empty() && !is_container_user(spec.user)) {
            throw InvalidImageReference(fmt::format(
                "container user '{}' is not a user name or uid[:gid]; fix system parameter container_user",
                spec.user));
        }
    }
}

// A numeric container user ("uid[:gid]") must be able to write /work: a worker running as
// root (rootful engine, where uids are the host's) gives it the work folder's folders (not the
// files: staged inputs may be hard links to the storage's own files), links untouched, and
// nothing under inputs/.
void hand_over_work_folder(ContainerSpec const& spec) {
    static std::regex const numeric("([0-9]+)(?::([0-9]+))?");
    std::smatch match;
    if (spec.user.empty() || ::geteuid() != 0 || !std::regex_match(spec.user, match, numeric)) return;
    auto const uid = static_cast<uid_t>(std::stoul(match[1].str()));
    auto const gid = match[2].matched ? static_cast<gid_t>(std::stoul(match[2].str())) : static_cast<gid_t>(uid);
    auto give = [&](std::filesystem::path const& path) {
        if (::lchown(path.c_str(), uid, gid) != 0) {
            throw InternalError(fmt::format("cannot give {} to container user {}: {}", path.string(), spec.user,
                                            std::strerror(errno)));
        }
    };
    give(spec.work_folder);
    for (auto it = std::filesystem::recursive_directory_iterator(spec.work_folder);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
        if (it->path().filename() == "inputs" && it.depth() == 0) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_directory() && !it->is_symlink()) give(it->path());
    }
}

}  // namespace

std::vector<std::string> worker_secret_prefixes() {
    return {"PG", "HRSI_DB", "HRSI_AMQP", "RCLONE_CONFIG_", "AWS_", "NOMAD_TOKEN", "VAULT_TOKEN"};
}

Runtime parse_runtime(std::string_view text) {
    if (text == "docker") return Runtime::docker;
    if (text == "podman") return Runtime::podman;
    if (text == "none") return Runtime::none;
    throw UsageError(fmt::format("unknown container runtime '{}' (expected docker, podman or none)", text));
}

std::string_view format_runtime(Runtime runtime) noexcept {
    switch (runtime) {
    case Runtime::docker:
        return "docker";
    case Runtime::podman:
        return "podman";
    case Runtime::none:
        return "none";
    }
    return "none";
}

std::string container_name(std::int64_t job_id, int attempt) {
    return fmt::format("hrsi-job-{}-attempt-{}", job_id, attempt);
}

std::string substitute_work_folder(std::string const& argument, std::filesystem::path const& work_folder) {
    auto const folder = work_folder.string();
    std::string result;
    std::size_t position = 0;  // where "/work" may start: 0, or just after a '='
    std::size_t copied = 0;
    while (position <= argument.size()) {
        if (argument.compare(position, container_work.size(), container_work) == 0) {
            auto after = position + container_work.size();
            if (after == argument.size() || argument[after] == '/') {
                result.append(argument, copied, position - copied);
                result += folder;
                copied = after;
            }
        }
        auto equals = argument.find('=', position);
        if (equals == std::string::npos) break;
        position = equals + 1;
    }
    result.append(argument, copied, std::string::npos);
    return result;
}

std::vector<std::string> runtime_command_line(ContainerSpec const& spec) {
    std::vector<std::string> argv;
    if (spec.runtime == Runtime::none) {
        for (auto const& argument : spec.command) argv.push_back(substitute_work_folder(argument, spec.work_folder));
        // The program is in the work folder as in a container, unless only a host program of
        // that path exists (a checkout under /work/..., as on some build machines).
        if (!spec.command.empty() && argv.front() != spec.command.front()) {
            std::error_code error;
            if (!std::filesystem::exists(argv.front(), error) && std::filesystem::exists(spec.command.front(), error)) {
                argv.front() = spec.command.front();
            }
        }
        return argv;
    }
    argv = {runtime_program(spec).string(), "run", "--rm", "--name", spec.name};
    if (!spec.network) {
        argv.emplace_back("--network");
        argv.emplace_back("none");
    }
    argv.insert(argv.end(), {"--security-opt", "no-new-privileges", "--cap-drop", "ALL"});
    if (spec.read_only_root) {
        // /tmp takes the image's mode under podman (which copies the image's /tmp up).
        argv.insert(argv.end(), {"--read-only", "--tmpfs", "/tmp:rw,mode=1777"});
    }
    if (spec.memory_limit_mib > 0) {
        auto const memory = fmt::format("{}m", spec.memory_limit_mib);
        argv.insert(argv.end(), {"--memory", memory, "--memory-swap", memory});
    }
    if (spec.pids_limit > 0) argv.insert(argv.end(), {"--pids-limit", std::to_string(spec.pids_limit)});
    if (!spec.user.empty()) argv.insert(argv.end(), {"--user", spec.user});
    // Podman's home distributions run SELinux: ":Z" relabels the job's private folder so the
    // container may use it (ignored where SELinux is off).
    std::string volume = spec.work_folder.string() + ":" + std::string(container_work);
    if (spec.runtime == Runtime::podman) volume += ":Z";
    argv.insert(argv.end(), {"-v", volume, "-w", std::string(container_work)});
    for (auto const& [name, value] : spec.environment) {
        argv.emplace_back("-e");
        argv.push_back(name + "=" + value);
    }
    argv.emplace_back("--");
    argv.push_back(spec.image);
    argv.insert(argv.end(), spec.command.begin(), spec.command.end());
    return argv;
}

RunResult run_container(ContainerSpec const& spec, util::LineCallback const& on_line, std::stop_token stop) {
    check_spec(spec);
    std::ofstream log;
    if (!spec.log_file.empty()) {
        log.open(spec.log_file, std::ios::app);
        if (!log) throw InternalError(fmt::format("cannot write the log file {}", spec.log_file.string()));
    }
    std::deque<std::string> errors;
    auto forward = [&](util::OutputStream stream, std::string_view line) {
        if (stream == util::OutputStream::err) {
            if (errors.size() == kept_error_lines) errors.pop_front();
            errors.emplace_back(line);
        }
        if (log.is_open()) {
            log << line << '\n';
            log.flush();
        }
        if (on_line) on_line(stream, line);
    };

    util::ChildOptions options;
    options.arguments = runtime_command_line(spec);
    options.time_limit = spec.time_limit;
    if (spec.runtime == Runtime::none) {
        options.working_directory = spec.work_folder;
        // The program gets none of the worker's secrets, as it would not in a container: the
        // database, the broker, the storage credentials.
        options.unset_environment_prefixes = worker_secret_prefixes();
        for (auto const& [name, value] : spec.environment) {
            options.environment[name] = substitute_work_folder(value, spec.work_folder);
        }
        options.grace = spec.stop_grace;
        try {
            return util::run_child(options, forward, stop);
        } catch (util::ChildStartError const& error) {
            throw ProgramNotFound(error.what());
        }
    }

    remove_container(spec, true);
    hand_over_work_folder(spec);
    // The runtime stops the container (SIGTERM, SIGKILL after the grace period); the client
    // itself gets SIGKILL if that takes much longer. rm -f below removes what is left.
    options.terminate = [&spec] {
        run_engine_command(spec, {"stop", "-t", std::to_string(spec.stop_grace.count()), spec.name},
                           spec.stop_grace + engine_command_limit);
    };
    options.grace = spec.stop_grace + 15s;
    RunResult result;
    try {
        result = util::run_child(options, forward, stop);
    } catch (util::ChildStartError const& error) {
        throw RuntimeNotFound(fmt::format("container runtime {}: {}", format_runtime(spec.runtime), error.what()));
    } catch (...) {
        remove_container(spec, false);
        throw;
    }
    remove_container(spec, false);
    classify_runtime_failure(spec, result, errors);
    return result;
}

}  // namespace hrsi::containers
