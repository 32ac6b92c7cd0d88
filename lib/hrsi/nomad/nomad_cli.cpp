// SPDX-License-Identifier: Apache-2.0
#include <hrsi/nomad/nomad_cli.hpp>

#include <hrsi/util/argv_check.hpp>
#include <hrsi/util/child_process.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace hrsi::nomad {
namespace {

struct Output {
    util::ChildResult result;
    std::string text;  // stdout and stderr, in order
};

Output run_nomad(NomadOptions const& options, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), options.program);
    util::ChildOptions child;
    child.arguments = arguments;
    child.time_limit = std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout);
    child.grace = std::chrono::milliseconds(2000);
    Output output;
    try {
        output.result = util::run_child(child, [&output](util::OutputStream, std::string_view line) {
            output.text.append(line);
            output.text.push_back('\n');
        });
    } catch (util::ChildStartError const& error) {
        throw NomadError(Failure::unreachable,
                         fmt::format("cannot run the Nomad client '{}' ({}): install it or set HRSI_NOMAD",
                                     options.program, error.what()));
    }
    return output;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Turns a failed command into the error the reference would have seen.
[[noreturn]] void throw_failure(std::vector<std::string> const& arguments, Output const& output) {
    auto const command = util::shell_quoted(arguments);
    if (output.result.ending == util::ChildResult::Ending::timed_out) {
        throw NomadError(Failure::timeout, fmt::format("`{}` did not answer within the time limit", command));
    }
    auto const text = lower(output.text);
    auto const said = std::string(util::trimmed(output.text));
    if (text.find("connection refused") != std::string::npos || text.find("no such host") != std::string::npos ||
        text.find("i/o timeout") != std::string::npos || text.find("network is unreachable") != std::string::npos) {
        throw NomadError(Failure::unreachable, fmt::format("Nomad cannot be reached: `{}`: {}", command, said));
    }
    // The job or the dispatch does not exist (404); not "ACL token not found", a refusal.
    bool const refused = text.find("acl") != std::string::npos || text.find("403") != std::string::npos ||
                         text.find("permission denied") != std::string::npos;
    if (!refused && (text.find("job not found") != std::string::npos || text.find("no job(s)") != std::string::npos ||
                     text.find("404") != std::string::npos)) {
        throw NomadError(Failure::not_found, fmt::format("`{}`: {}", command, said));
    }
    throw NomadError(Failure::error, fmt::format("`{}` failed ({}): {}", command, output.result.describe(), said));
}

}  // namespace

std::string idempotency_token(std::int64_t job_id, int attempt) {
    return fmt::format("hrsi-job-{}-attempt-{}", job_id, attempt);
}

Dispatch dispatch_job(NomadOptions const& options, std::string const& nomad_job, std::int64_t job_id, int attempt) {
    util::check_argument(nomad_job, "Nomad job name");
    std::vector<std::string> const arguments{"job",
                                             "dispatch",
                                             "-detach",
                                             "-meta",
                                             fmt::format("job_id={}", job_id),
                                             "-meta",
                                             fmt::format("attempt={}", attempt),
                                             "-idempotency-token",
                                             idempotency_token(job_id, attempt),
                                             nomad_job};
    auto const output = run_nomad(options, arguments);
    bool const exited = output.result.ending == util::ChildResult::Ending::exited;
    // 0: dispatched; 2: dispatched, with placement problems (the CLI documents both).
    if (!exited || (output.result.exit_code != 0 && output.result.exit_code != 2)) throw_failure(arguments, output);
    // "Dispatched Job ID = <id>"
    Dispatch dispatch;
    auto const key = output.text.find("Dispatched Job ID");
    if (key != std::string::npos) {
        auto const equals = output.text.find('=', key);
        auto const end = output.text.find('\n', key);
        if (equals != std::string::npos && equals < end) {
            auto value = output.text.substr(equals + 1, end - equals - 1);
            value.erase(0, value.find_first_not_of(" \t"));
            dispatch.dispatch_id = std::string(util::trimmed(value));
        }
    }
    if (dispatch.dispatch_id.empty()) {
        throw NomadError(Failure::error, fmt::format("`{}` printed no \"Dispatched Job ID\": {}",
                                                     util::shell_quoted(arguments), util::trimmed(output.text)));
    }
    dispatch.placement_problem = output.result.exit_code == 2;
    return dispatch;
}

std::vector<Allocation> job_allocations(NomadOptions const& options, std::string const& dispatch_id) {
    util::check_argument(dispatch_id, "Nomad dispatch id");
    std::vector<std::string> const arguments{"job", "allocs", "-json", dispatch_id};
    auto const output = run_nomad(options, arguments);
    if (output.result.ending != util::ChildResult::Ending::exited || output.result.exit_code != 0) {
        throw_failure(arguments, output);
    }
    rapidjson::Document document;
    document.Parse(output.text.c_str());
    if (document.HasParseError() || !document.IsArray()) {
        throw NomadError(Failure::error, fmt::format("`{}` did not print a JSON array of allocations: {}",
                                                     util::shell_quoted(arguments), util::trimmed(output.text)));
    }
    std::vector<Allocation> allocations;
    for (auto const& item : document.GetArray()) {
        if (!item.IsObject()) continue;
        auto text = [&item](char const* key) {
            auto const member = item.FindMember(key);
            return member != item.MemberEnd() && member->value.IsString() ? std::string(member->value.GetString())
                                                                          : std::string();
        };
        allocations.push_back({text("ID"), text("ClientStatus"), text("DesiredStatus")});
    }
    return allocations;
}

bool all_finished(std::vector<Allocation> const& allocations) noexcept {
    return std::all_of(allocations.begin(), allocations.end(), [](Allocation const& allocation) {
        return allocation.client_status == "complete" || allocation.client_status == "failed" ||
               allocation.client_status == "lost";
    });
}

void stop_job(NomadOptions const& options, std::string const& dispatch_id) {
    util::check_argument(dispatch_id, "Nomad dispatch id");
    std::vector<std::string> const arguments{"job", "stop", "-detach", dispatch_id};
    auto const output = run_nomad(options, arguments);
    if (output.result.ending == util::ChildResult::Ending::exited && output.result.exit_code == 0) return;
    try {
        throw_failure(arguments, output);
    } catch (NomadError const& error) {
        if (error.failure() != Failure::not_found) throw;
    }
}

}  // namespace hrsi::nomad
