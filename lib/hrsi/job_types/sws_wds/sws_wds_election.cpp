// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <array>
#include <map>

namespace hrsi::jobs {
std::string_view assembly_status_name(AssemblyStatus status) noexcept {
    return enum_texts(status)[static_cast<std::size_t>(status)];
}

AssemblyStatus parse_assembly_status(std::string_view name) {
    auto const names = enum_texts(AssemblyStatus{});
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return static_cast<AssemblyStatus>(i);
    }
    throw InputError(fmt::format("unknown assembly status '{}' (pending, generated, empty, "
                                 "generation_aborted, deleted)", name));
}

std::vector<std::int64_t> elect_masters(std::span<AssemblyJob const> known,
                                        std::span<AssemblyJob const> batch) {
    std::map<std::string, std::int64_t> masters;  // assembly id -> master job id
    for (auto const& job : known) {
        if (job.master != master_itself || !job.status ||
            *job.status >= AssemblyStatus::generation_aborted) {
            continue;
        }
        auto const [it, inserted] = masters.emplace(job.assembly_id, job.id);
        if (!inserted && job.id < it->second) it->second = job.id;
    }
    std::vector<std::int64_t> elected;
    elected.reserve(batch.size());
    for (auto const& job : batch) {
        auto const [it, inserted] = masters.emplace(job.assembly_id, job.id);
        elected.push_back(inserted || it->second == job.id ? master_itself : it->second);
    }
    return elected;
}

FollowerStep follow_master(std::optional<JobStatus> master_status,
                           AssemblyStatus master_assembly) {
    if (!master_status || status_id(*master_status) < status_id(JobStatus::processed)) {
        return FollowerStep::wait;
    }
    switch (master_assembly) {
        case AssemblyStatus::generated:
            return FollowerStep::ready;
        case AssemblyStatus::empty:
        case AssemblyStatus::generation_aborted:
        case AssemblyStatus::deleted:
            return FollowerStep::cancel;
        case AssemblyStatus::pending:
            break;
    }
    bool const final = *master_status == JobStatus::cancelled || *master_status == JobStatus::done;
    return final ? FollowerStep::cancel : FollowerStep::wait;
}

}  // namespace hrsi::jobs
