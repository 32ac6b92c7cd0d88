// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/registry.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>

#include <fmt/format.h>

#include <array>

namespace hrsi::jobs {
namespace {

// One line per job type.
constexpr std::array registered_types = {
    job_type_entry<TestJob>(),
    job_type_entry<FscRlieJob>(),
    job_type_entry<RlieS1Job>(),
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

std::string_view job_name_of(std::string_view type) noexcept {
    for (auto const& entry : registered_types) {
        if (entry.info->type_name == type) return entry.info->job_name;
    }
    return type;
}

std::string job_label(std::int64_t job_id, std::string_view type) {
    return fmt::format("job {} ({})", job_id, job_name_of(type));
}

}  // namespace hrsi::jobs
