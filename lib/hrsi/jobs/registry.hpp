// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/job_template.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace hrsi::jobs {

// A job type as the programs see it: its class-level parameters and its static methods.
struct JobTypeEntry {
    JobTypeInfo const* info;
    std::unique_ptr<JobTemplate> (*make)();
    JobsToCreate (*get_jobs_to_create)(std::span<InputProduct const> products, JobContext& context);
    void (*configure_batch_jobs)(std::span<std::unique_ptr<JobTemplate> const> jobs,
                                 JobContext& context);
    // Creation from the database and context.now alone (hrsi-create-jobs --scheduled); null
    // for a type that needs input products.
    JobsToCreate (*get_scheduled_jobs)(JobContext& context);
    // LAST_INSERTED_JOB and the next search window (JobTemplate's defaults unless the type
    // hides them).
    std::unique_ptr<JobTemplate> (*get_last_inserted_job)(JobTypeInfo const& info, JobContext& context);
    TimeWindow (*next_search_window)(JobTypeInfo const& info, JobTemplate const* last, JobContext const& context);
};

// The entry of a job type class (see JobTemplate).
template <typename Job>
constexpr JobTypeEntry job_type_entry() {
    JobsToCreate (*scheduled)(JobContext&) = nullptr;
    if constexpr (requires(JobContext& context) { Job::get_scheduled_jobs(context); }) {
        scheduled = &Job::get_scheduled_jobs;
    }
    return JobTypeEntry{&Job::info_, [] () -> std::unique_ptr<JobTemplate> { return std::make_unique<Job>(); },
                        &Job::get_jobs_to_create, &Job::configure_batch_jobs, scheduled,
                        &Job::get_last_inserted_job, &Job::next_search_window};
}

// Every job type the programs know, in a fixed order.
[[nodiscard]] std::span<JobTypeEntry const> job_types() noexcept;

// The entry of a type name; throws UsageError naming the known types.
[[nodiscard]] JobTypeEntry const& find_job_type(std::string_view name);

// The name a person reads for a type (JOB_NAME: "FSC/RLIE" for fsc_rlie_job); the type name
// itself for a type this build does not know (a database ahead of the programs).
[[nodiscard]] std::string_view job_name_of(std::string_view type) noexcept;

// "job 42 (FSC/RLIE)": a job as the programs' logs name it.
[[nodiscard]] std::string job_label(std::int64_t job_id, std::string_view type);

}  // namespace hrsi::jobs
