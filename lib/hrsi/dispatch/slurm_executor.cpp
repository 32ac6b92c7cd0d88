// SPDX-License-Identifier: Apache-2.0
#include <hrsi/dispatch/slurm_executor.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/child_process.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::dispatch {
namespace {

// The string a JSON-object system parameter gives the flavor, or "".
std::string per_flavor(db::SystemParameterValues const& parameters, char const* name, std::string_view flavor) {
    auto const text = parameters.text(name);
    if (!text) return {};
    rapidjson::Document document;
    document.Parse(text->c_str());
    if (document.HasParseError() || !document.IsObject()) {
        throw InputError(fmt::format("system parameter {} must be a JSON object of flavor names, not {}", name, *text));
    }
    auto const member = document.FindMember(std::string(flavor).c_str());
    if (member == document.MemberEnd()) return {};
    if (!member->value.IsString()) {
        throw InputError(fmt::format("system parameter {}: the value of {} must be a string", name, flavor));
    }
    return member->value.GetString();
}

std::string quoted(std::string const& text) { return util::shell_quoted({text}); }

}  // namespace

SlurmResources slurm_resources(jobs::JobTypeInfo const& type, db::SystemParameterValues const& parameters, int runs) {
    SlurmResources resources;
    resources.cpus = type.worker_flavor.vcpus;
    resources.memory_mib = static_cast<long long>(type.worker_flavor.ram_gb) * 1024;
    resources.partition = per_flavor(parameters, "slurm_partitions", type.worker_flavor.name);
    resources.constraint = per_flavor(parameters, "slurm_constraints", type.worker_flavor.name);
    auto const step = [&parameters](char const* name) { return parameters.optional_integer(name).value_or(0); };
    auto const processing = parameters.optional_integer("processing_timeout_minutes").value_or(type.time_limit.count());
    auto const per_run = step("started_timeout_minutes") + step("pre_processing_timeout_minutes") + processing +
                         step("post_processing_timeout_minutes") + 5;
    resources.time = std::chrono::minutes(per_run * std::max(1, runs));
    return resources;
}

slurm::Submission slurm_submission(std::span<jobs::Claim const> claims, SlurmResources const& resources,
                                   SlurmExecutorOptions const& options, int runs) {
    if (claims.empty()) throw InternalError("a Slurm submission needs at least one job");
    bool const array = claims.size() > 1;
    auto const& first = claims.front();
    auto const log_dir = options.log_dir.string();
    slurm::Submission submission;
    auto& o = submission.options;
    if (array) {
        o.push_back(fmt::format("--job-name=hrsi-{}-jobs-{}-{}", first.job_type, first.job_id, claims.back().job_id));
        o.push_back(fmt::format("--array=0-{}", claims.size() - 1));
        o.push_back(fmt::format("--output={}/array-%A_%a.log", log_dir));
    } else {
        o.push_back(fmt::format("--job-name=hrsi-job-{}-attempt-{}", first.job_id, first.attempt));
        o.push_back(fmt::format("--output={}/job-{}-attempt-{}.log", log_dir, first.job_id, first.attempt));
    }
    o.insert(o.end(), {"--nodes=1", "--ntasks=1", fmt::format("--cpus-per-task={}", resources.cpus),
                       fmt::format("--mem={}M", resources.memory_mib), "--no-requeue", "--export=ALL",
                       fmt::format("--chdir={}", log_dir)});
    if (resources.time) o.push_back(fmt::format("--time={}", resources.time->count()));
    if (!resources.partition.empty()) o.push_back(fmt::format("--partition={}", resources.partition));
    if (!resources.constraint.empty()) o.push_back(fmt::format("--constraint={}", resources.constraint));
    submission.environment = options.environment;

    auto& s = submission.script;
    s = fmt::format("#!/bin/sh\n# hrsi-dispatch: {} job(s) of type {}; the worker runs again while it exits 2, "
                    "at most {} time(s).\n",
                    claims.size(), first.job_type, runs);
    s += "case \"${SLURM_ARRAY_TASK_ID:-0}\" in\n";
    for (std::size_t i = 0; i < claims.size(); ++i) {
        s += fmt::format("{}) job={} attempt={} ;;\n", i, claims[i].job_id, claims[i].attempt);
    }
    s += "*) echo \"hrsi: no job for array task ${SLURM_ARRAY_TASK_ID:-}\" >&2; exit 64 ;;\nesac\n";
    if (array) s += fmt::format("exec >>{}/job-\"$job\"-attempt-\"$attempt\".log 2>&1\n", quoted(log_dir));
    if (options.environment_file) {
        auto const file = quoted(options.environment_file->string());
        s += fmt::format("[ -r {0} ] || {{ echo \"hrsi: cannot read {0}\" >&2; exit 69; }}\nset -a\n. {0} || exit 69\nset +a\n", file);
    }
    std::vector<std::string> worker{options.worker_program};
    worker.insert(worker.end(), options.worker_arguments.begin(), options.worker_arguments.end());
    s += fmt::format("runs={}\nrun=1\nwhile :; do\n"
                     "  {} --attempt \"$attempt\" \"$job\"\n"
                     "  code=$?\n"
                     "  [ \"$code\" -eq 2 ] && [ \"$run\" -lt \"$runs\" ] || break\n"
                     "  run=$((run + 1))\n"
                     "  echo \"hrsi: the worker asks to run job $job again (run $run of $runs)\" >&2\n"
                     "done\nexit \"$code\"\n",
                     runs, util::shell_quoted(worker));
    return submission;
}

std::string slurm_handle(std::string const& slurm_id, std::size_t claims, std::size_t index) {
    if (claims <= 1) return fmt::format("{}{}", slurm::handle_prefix, slurm_id);
    return fmt::format("{}{}_{}", slurm::handle_prefix, slurm_id, index);
}

}  // namespace hrsi::dispatch
