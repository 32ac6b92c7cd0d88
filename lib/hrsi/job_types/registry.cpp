// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/registry.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>

#include <fmt/format.h>

#include <array>

namespace hrsi::jobs {
namespace {

// One line per job type.
constexpr std::array registered_types = {
    job_type_entry<TestJob>(),
    job_type_entry<FscRlieJob>(),
};

}  // namespace

std::span<JobTypeEntry const> job_types() noexcept {
    return registered_types;
}

JobTypeEntry const& find_job_type(std::string_view name) {
    for (auto const& entry : registered_types) {
        if (entry.info->type_name == name) {
            return entry;
        }
    }
    std::string known;
    for (auto const& entry : registered_types) {
        known += fmt::format("{}{}", known.empty() ? "" : ", ", entry.info->type_name);
    }
    throw UsageError(fmt::format("unknown job type '{}'; known types: {}", name, known));
}

}  // namespace hrsi::jobs
