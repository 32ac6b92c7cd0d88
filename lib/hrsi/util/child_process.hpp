// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/error.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::util {

// The program to run could not be started: not found, not executable. A configuration problem.
class ChildStartError : public InternalError {
public:
    using InternalError::InternalError;
};

enum class OutputStream { out, err };

// Called once per line of the child's output, without the line end, in the order each stream
// produced them. A line longer than 64 KiB arrives in pieces; a last line without '\n' arrives
// at the end. Called on the thread that runs the child.
using LineCallback = std::function<void(OutputStream, std::string_view)>;

struct ChildOptions {
    // argv[0] is the program: a path, or a name looked up on PATH.
    std::vector<std::string> arguments;
    // Set (or replace) in the inherited environment.
    std::map<std::string, std::string> environment;
    // Removed from the inherited environment: these names, and every name that starts with
    // one of the prefixes.
    std::vector<std::string> unset_environment;
    std::vector<std::string> unset_environment_prefixes;
    // Empty: the current directory.
    std::filesystem::path working_directory;
    // Zero: no limit.
    std::chrono::milliseconds time_limit{0};
    // After a timeout or a stop request: how long terminate() may take before the whole
    // process group gets SIGKILL.
    std::chrono::milliseconds grace{10'000};
    // What a timeout or stop request does first. Empty: SIGTERM to the child's process group.
    // Runs on its own thread while output keeps being read (it may run another program, e.g.
    // `docker stop`); joined before run_child returns.
    std::function<void()> terminate;
};

struct ChildResult {
    enum class Ending { exited, signalled, timed_out, stopped };
    Ending ending = Ending::exited;
    // How the process itself ended, also after a timeout or stop request (for the log):
    int exit_code = -1;  // its exit code, or -1 if a signal ended it
    int signal = 0;      // the signal that ended it, or 0
    std::chrono::milliseconds duration{0};

    // "exit code 3", "killed by signal 15 (Terminated)", "timed out after 5 s", "stopped on request".
    [[nodiscard]] std::string describe() const;
};

// Runs a program in its own process group, stdin from /dev/null, streaming its output lines
// to `on_line`. A timeout or stop request calls options.terminate (default SIGTERM to the
// group), then SIGKILL to the group after the grace period. When the program ends, whatever
// is left of its process group is killed, so no descendant outlives the run.
// Throws ChildStartError if the program cannot be started.
ChildResult run_child(ChildOptions const& options, LineCallback const& on_line, std::stop_token stop = {});

// The command line as a shell would need it typed, for log messages: arguments with spaces or
// shell characters in single quotes.
[[nodiscard]] std::string shell_quoted(std::vector<std::string> const& arguments);

}  // namespace hrsi::util
