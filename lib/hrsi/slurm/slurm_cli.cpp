// SPDX-License-Identifier: Apache-2.0
#include <hrsi/slurm/slurm_cli.hpp>

#include <hrsi/util/child_process.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

namespace hrsi::slurm {
namespace {

struct Output {
    util::ChildResult result;
    std::string out;   // stdout
    std::string text;  // stdout and stderr, in order
};

Output run_slurm(SlurmOptions const& options, char const* program, std::vector<std::string> arguments,
                 std::map<std::string, std::string> const& environment = {}) {
    arguments.insert(arguments.begin(), options.bin_dir.empty() ? std::string(program)
                                                                : (options.bin_dir / program).string());
    util::ChildOptions child;
    child.arguments = arguments;
    child.environment = environment;
    child.time_limit = std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout);
    child.grace = std::chrono::milliseconds(2000);
    Output output;
    try {
        output.result = util::run_child(child, [&output](util::OutputStream stream, std::string_view line) {
            if (stream == util::OutputStream::out) {
                output.out.append(line);
                output.out.push_back('\n');
            }
            output.text.append(line);
            output.text.push_back('\n');
        });
    } catch (util::ChildStartError const& error) {
        throw SlurmError(Failure::unreachable,
                         fmt::format("cannot run the Slurm client '{}' ({}): install slurm-client or set "
                                     "HRSI_SLURM_BIN",
                                     arguments.front(), error.what()));
    }
    return output;
}

bool succeeded(Output const& output) {
    return output.result.ending == util::ChildResult::Ending::exited && output.result.exit_code == 0;
}

// Turns a failed command into a timeout, an unreachable controller or a refusal.
[[noreturn]] void throw_failure(std::vector<std::string> const& arguments, Output const& output) {
    auto const command = util::shell_quoted(arguments);
    if (output.result.ending == util::ChildResult::Ending::timed_out) {
        throw SlurmError(Failure::timeout, fmt::format("`{}` did not answer within the time limit", command));
    }
    auto const said = std::string(util::trimmed(output.text));
    // The messages of slurm_strerror for a controller that cannot be reached or is busy.
    static constexpr std::array unreachable{"Unable to contact slurm controller", "Socket timed out",
                                            "Connection refused", "Zero Bytes were transmitted",
                                            "temporarily unable to accept job", "Communication connection failure",
                                            "Munge encode failed", "Unable to establish Slurm connection",
                                            "Could not establish a configuration source"};
    for (auto const* text : unreachable) {
        if (said.find(text) != std::string::npos) {
            throw SlurmError(Failure::unreachable, fmt::format("Slurm cannot be reached: `{}`: {}", command, said));
        }
    }
    throw SlurmError(Failure::refused, fmt::format("`{}` failed ({}): {}", command, output.result.describe(), said));
}

// A private temporary file, removed when it goes out of scope.
class TemporaryFile {
public:
    explicit TemporaryFile(std::string const& text) {
        auto const folder = std::filesystem::temp_directory_path();
        std::string name = (folder / "hrsi-sbatch-XXXXXX").string();
        int const fd = ::mkstemp(name.data());  // mode 0600
        if (fd < 0) throw InternalError(fmt::format("cannot create a file in {}: {}", folder.string(),
                                                    std::strerror(errno)));
        m_path = name;
        std::size_t written = 0;
        while (written < text.size()) {
            auto const n = ::write(fd, text.data() + written, text.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ::close(fd);
                throw InternalError(fmt::format("cannot write {}: {}", m_path.string(), std::strerror(errno)));
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    TemporaryFile(TemporaryFile const&) = delete;
    TemporaryFile& operator=(TemporaryFile const&) = delete;
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
    [[nodiscard]] std::filesystem::path const& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace

bool is_slurm_handle(std::string_view handle) noexcept { return handle.starts_with(handle_prefix); }

std::string job_id_of(std::string_view handle) {
    return std::string(is_slurm_handle(handle) ? handle.substr(handle_prefix.size()) : handle);
}

std::string submit(SlurmOptions const& options, Submission const& submission) {
    TemporaryFile const script(submission.script);
    std::vector<std::string> arguments{"--parsable"};
    arguments.insert(arguments.end(), submission.options.begin(), submission.options.end());
    arguments.push_back(script.path().string());
    auto const output = run_slurm(options, "sbatch", arguments, submission.environment);
    arguments.insert(arguments.begin(), "sbatch");
    if (!succeeded(output)) throw_failure(arguments, output);
    // "<job id>" or "<job id>;<cluster>"
    auto id = std::string(util::trimmed(output.out));
    id = id.substr(0, id.find(';'));
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); })) {
        throw SlurmError(Failure::refused, fmt::format("`{}` printed no job id: {}", util::shell_quoted(arguments),
                                                       util::trimmed(output.text)));
    }
    return id;
}

std::map<std::string, JobState> job_states(SlurmOptions const& options) {
    std::vector<std::string> const arguments{"--noheader", "--array", "--states=all", "--format=%i|%T|%r"};
    auto const output = run_slurm(options, "squeue", arguments);
    if (!succeeded(output)) throw_failure(arguments, output);
    std::map<std::string, JobState> jobs;
    std::size_t start = 0;
    while (start < output.out.size()) {
        auto const end = output.out.find('\n', start);
        auto const line = output.out.substr(start, end - start);
        start = end == std::string::npos ? output.out.size() : end + 1;
        auto const first = line.find('|');
        auto const second = line.find('|', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        JobState job{std::string(util::trimmed(line.substr(0, first))),
                     std::string(util::trimmed(line.substr(first + 1, second - first - 1))),
                     std::string(util::trimmed(line.substr(second + 1)))};
        jobs[job.id] = job;
    }
    return jobs;
}

bool has_ended(std::string const& state) noexcept {
    static std::set<std::string, std::less<>> const ended{"COMPLETED", "FAILED",    "CANCELLED",     "TIMEOUT",
                                                          "NODE_FAIL", "BOOT_FAIL", "OUT_OF_MEMORY", "DEADLINE",
                                                          "PREEMPTED", "SPECIAL_EXIT", "REVOKED"};
    return ended.contains(state);
}

void cancel(SlurmOptions const& options, std::vector<std::string> const& job_ids) {
    if (job_ids.empty()) return;
    auto const output = run_slurm(options, "scancel", job_ids);
    if (succeeded(output)) return;
    // scancel says "Invalid job id specified" for a job that is gone, and cancels the others.
    if (output.result.ending == util::ChildResult::Ending::exited &&
        output.text.find("Invalid job id") != std::string::npos) {
        return;
    }
    auto arguments = job_ids;
    arguments.insert(arguments.begin(), "scancel");
    throw_failure(arguments, output);
}

}  // namespace hrsi::slurm
