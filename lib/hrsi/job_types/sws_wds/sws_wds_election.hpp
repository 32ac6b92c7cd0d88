// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/status.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

// The rules of the SWS/WDS master election (reference §3.8, update_jobs_for_assembly_master
// and configure_single_job), without the database: the jobs of one assembly (one or two
// slices, several tiles) share it; one of them, the master, builds it, and the others wait
// for it. SwsWdsJob (sws_wds_job.hpp) applies them under the type's creation lock.

// The state of a job's assembly (sws_wds_jobs.assembly_status).
// In the reference's order (a status from generation_aborted on means no assembly).
enum class AssemblyStatus { pending, generated, empty, generation_aborted, deleted };
// Its texts, as the column holds them (column_table.hpp).
constexpr std::array<std::string_view, 5> enum_texts(AssemblyStatus) {
    return {"pending", "generated", "empty", "generation_aborted", "deleted"};
}
[[nodiscard]] std::string_view assembly_status_name(AssemblyStatus status) noexcept;
// Throws InputError for a name that is none of the five.
[[nodiscard]] AssemblyStatus parse_assembly_status(std::string_view name);

// The jobs of one assembly are measured within this of each other: the election looks at
// the jobs measured this much before the batch's first and after its last.
inline constexpr std::chrono::seconds assembly_neighbourhood{80};

// assembly_master_job_id: 0 for the master, the master's id for the others, -1 undecided.
inline constexpr std::int64_t master_itself = 0;
inline constexpr std::int64_t master_undecided = -1;

struct AssemblyJob {
    std::int64_t id = 0;
    std::string assembly_id;
    std::int64_t master = master_undecided;
    std::optional<AssemblyStatus> status;  // none for a job created cancelled
};

// The master of each job of `batch` (new jobs with their ids, in creation order): the existing
// master of its assembly among `known` (the jobs measured within assembly_neighbourhood of the
// batch) whose assembly is still pending or usable (pending, generated or empty; the lowest id
// when there are several), else the batch's first job of that assembly, which becomes master
// (0), the later ones pointing to it.
[[nodiscard]] std::vector<std::int64_t> elect_masters(std::span<AssemblyJob const> known,
                                                      std::span<AssemblyJob const> batch);

// What a job that follows a master becomes.
enum class FollowerStep {
    wait,    // configured: the master has not built the assembly yet
    ready,   // the assembly is generated: the job takes its path
    cancel,  // the assembly is empty, aborted or deleted, or will never come
};

// configure_single_job for a follower, from its master's last status and assembly status:
// wait while the master is before processed (or has no status yet); then ready when the
// assembly is generated, cancel when it is empty, aborted or deleted, wait while pending.
// A master cancelled (or done) without a generated assembly cancels its followers.
[[nodiscard]] FollowerStep follow_master(std::optional<JobStatus> master_status,
                                         AssemblyStatus master_assembly);

}  // namespace hrsi::jobs
