// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/registry.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <vector>
#include <stdexcept>

namespace hrsi::jobs {
namespace {

// One line per job type.
constexpr std::array registered_types = {
    job_type_entry<TestJob>(),
    job_type_entry<FscRlieJob>(),
    job_type_entry<RlieS1Job>(),
    job_type_entry<SwsWdsJob>(),
    job_type_entry<RlieS1S2Job>(),
    job_type_entry<GfscJob>(),
};

}  // namespace

Registry::Registry(std::vector<JobTypeEntry> entries) : m_entries(std::move(entries)) {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        for (auto other = m_entries.begin(); other != it; ++other) {
            if (other->info->type_name == it->info->type_name) {
                throw std::invalid_argument(fmt::format("job type {} registered twice", it->info->type_name));
            }
        }
    }
}

JobTypeEntry const& Registry::find(std::string_view name) const {
    for (auto const& entry : m_entries) {
        if (entry.info->type_name == name) return entry;
    }
    // A plain list, not a views::transform: clang 14 (the sanitizer build) cannot take the latter
    // with GCC 12's ranges.
    std::vector<std::string_view> known;
    for (auto const& entry : m_entries) known.push_back(entry.info->type_name);
    throw UsageError(fmt::format("unknown job type '{}'; known types: {}", name, fmt::join(known, ", ")));
}

std::string_view Registry::job_name_of(std::string_view type) const noexcept {
    for (auto const& entry : m_entries) {
        if (entry.info->type_name == type) return entry.info->job_name;
    }
    return type;
}

std::string Registry::job_label(std::int64_t job_id, std::string_view type) const {
    return fmt::format("job {} ({})", job_id, job_name_of(type));
}

Registry Registry::with(std::span<JobTypeEntry const> more) const {
    auto entries = m_entries;
    entries.insert(entries.end(), more.begin(), more.end());
    return Registry(std::move(entries));
}

Registry const& builtin_job_types() {
    static Registry const builtin({registered_types.begin(), registered_types.end()});
    return builtin;
}

}  // namespace hrsi::jobs
