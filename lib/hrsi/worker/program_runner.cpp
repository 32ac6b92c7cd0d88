// SPDX-License-Identifier: Apache-2.0
#include <hrsi/worker/program_runner.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::worker {
namespace {

using jobs::FailureKind;
using jobs::WorkerFailure;

// The type's command: the system parameter (a JSON array of strings) or the default.
std::vector<std::string> program_command(jobs::JobTypeInfo const& info,
                                         db::SystemParameterValues const& parameters) {
    std::vector<std::string> command;
    auto const configured = parameters.text(info.command_parameter);
    if (!configured || *configured == "null") {
        for (auto part : info.default_command) command.emplace_back(part);
        return command;
    }
    rapidjson::Document document;
    document.Parse(configured->data(), configured->size());
    bool valid = !document.HasParseError() && document.IsArray() && !document.Empty();
    if (valid) {
        for (auto const& part : document.GetArray()) {
            if (!part.IsString()) {
                valid = false;
                break;
            }
            command.emplace_back(part.GetString(), part.GetStringLength());
        }
    }
    if (!valid) {
        throw WorkerFailure(FailureKind::internal, "Configuration error",
                            fmt::format("system parameter {} must be a non-empty JSON array of strings, "
                                        "not {}",
                                        info.command_parameter, *configured),
                            false);
    }
    return command;
}

}  // namespace

jobs::ProgramRun type_program(jobs::JobTypeInfo const& info, db::SystemParameterValues const& parameters) {
    jobs::ProgramRun program;
    program.image = parameters.text(info.image_parameter).value_or(std::string(info.default_image));
    program.command = program_command(info, parameters);
    return program;
}

containers::ContainerSpec program_spec(jobs::ProgramRun const& program, jobs::JobTypeInfo const& info,
                                       db::SystemParameterValues const& parameters, ProgramSettings const& settings,
                                       std::filesystem::path const& work_folder) {
    containers::ContainerSpec spec;
    spec.runtime = settings.runtime;
    spec.runtime_program = settings.runtime_program;
    spec.image = program.image;
    spec.command = program.command;
    spec.work_folder = work_folder;
    spec.name = containers::container_name(settings.job_id, settings.attempt);
    spec.network = info.program_needs_network;
    spec.time_limit =
        settings.time_limit.value_or(std::chrono::duration_cast<std::chrono::seconds>(info.time_limit));
    spec.memory_limit_mib = static_cast<std::int64_t>(info.worker_flavor.ram_gb) * 1024;
    spec.pids_limit = 1024 * info.worker_flavor.vcpus;
    spec.user = parameters.text("container_user").value_or("");
    return spec;
}

jobs::ProgramRun ContainerProgramRunner::type_program() const {
    return worker::type_program(m_info, m_context.parameters);
}

util::ChildResult ContainerProgramRunner::run(jobs::ProgramRun const& program) {
    auto spec = program_spec(program, m_info, m_context.parameters, m_settings, m_context.folder.root);
    spec.log_file = m_context.folder.logs() / (program.name + ".log");
    if (spec.runtime != containers::Runtime::none) m_context.image = spec.image;
    auto const& log = m_context.log;
    log.info("running {}", util::shell_quoted(containers::runtime_command_line(spec)));
    auto const& name = program.name;
    auto result = containers::run_container(
        spec,
        [&log, &name](util::OutputStream stream, std::string_view line) {
            if (stream == util::OutputStream::out) {
                log.info("{}: {}", name, line);
            } else {
                log.info("{} (stderr): {}", name, line);
            }
        },
        m_stop);
    if (result.ending == util::ChildResult::Ending::stopped && m_on_stopped) m_on_stopped();
    return result;
}

}  // namespace hrsi::worker
