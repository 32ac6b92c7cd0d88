// SPDX-License-Identifier: Apache-2.0
#pragma once

// How hrsi-run-worker runs a job's programs (jobs::ProgramRunner): the container spec of a
// program, from the type's class parameters, the system parameters and the worker's options.

#include <hrsi/containers/container.hpp>
#include <hrsi/jobs/job_worker.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>

namespace hrsi::worker {

// The worker's side of a program's spec.
struct ProgramSettings {
    containers::Runtime runtime = containers::Runtime::docker;
    std::filesystem::path runtime_program;
    std::optional<std::chrono::seconds> time_limit;  // nothing: the type's
    std::int64_t job_id = 0;
    int attempt = 0;
};

// The type's own program: system parameters info.image_parameter and info.command_parameter
// (a JSON array of strings), or the type's defaults when they are null. Throws WorkerFailure
// (internal, "Configuration error", final) for a command that is not such an array.
[[nodiscard]] jobs::ProgramRun type_program(jobs::JobTypeInfo const& info,
                                            db::SystemParameterValues const& parameters);

// The spec that runs `program` in `work_folder`: the container's limits from the type's flavor
// (its memory; 1,024 processes per vCPU), the user of system parameter container_user (null:
// the image's own), the type's time limit unless the worker overrides it.
[[nodiscard]] containers::ContainerSpec program_spec(jobs::ProgramRun const& program, jobs::JobTypeInfo const& info,
                                                     db::SystemParameterValues const& parameters,
                                                     ProgramSettings const& settings,
                                                     std::filesystem::path const& work_folder);

// Runs programs in the job's work folder, their output lines into context.log and
// outputs/logs/<name>.log; records the image in context.image. `on_stopped` is called when a
// stop request ended a program (the worker throws its interruption there).
class ContainerProgramRunner final : public jobs::ProgramRunner {
public:
    ContainerProgramRunner(jobs::JobTypeInfo const& info, jobs::WorkerContext& context, ProgramSettings settings,
                           std::stop_token stop, std::function<void()> on_stopped)
        : m_info(info), m_context(context), m_settings(std::move(settings)), m_stop(std::move(stop)),
          m_on_stopped(std::move(on_stopped)) {}

    [[nodiscard]] jobs::ProgramRun type_program() const override;
    util::ChildResult run(jobs::ProgramRun const& program) override;

private:
    jobs::JobTypeInfo const& m_info;
    jobs::WorkerContext& m_context;
    ProgramSettings m_settings;
    std::stop_token m_stop;
    std::function<void()> m_on_stopped;
};

}  // namespace hrsi::worker
