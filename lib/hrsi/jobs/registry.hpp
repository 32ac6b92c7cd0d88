// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/job_template.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// The default LAST_INSERTED_JOB (the reference's get_last_inserted_job): the type's job whose
// input was published last, not later than context.now (ties: the newest id), read whole (its
// type's columns too); nothing when the type has none (job_creation.cpp).
[[nodiscard]] std::unique_ptr<JobTemplate> last_inserted_job(JobTypeEntry const& type, JobContext& context);

template <typename Job>
constexpr JobTypeEntry job_type_entry();

// The entry of a job type class (see JobTemplate): a type that declares its own static
// get_last_inserted_job(JobTypeInfo const&, JobContext&) has it called, else the default.
template <typename Job>
constexpr JobTypeEntry job_type_entry() {
    JobsToCreate (*scheduled)(JobContext&) = nullptr;
    if constexpr (requires(JobContext& context) { Job::get_scheduled_jobs(context); }) {
        scheduled = &Job::get_scheduled_jobs;
    }
    std::unique_ptr<JobTemplate> (*last)(JobTypeInfo const&, JobContext&) =
        [](JobTypeInfo const&, JobContext& context) { return last_inserted_job(job_type_entry<Job>(), context); };
    if constexpr (requires(JobContext& context) { Job::get_last_inserted_job(Job::info_, context); }) {
        last = &Job::get_last_inserted_job;
    }
    return JobTypeEntry{&Job::info_, [] () -> std::unique_ptr<JobTemplate> { return std::make_unique<Job>(); },
                        &Job::get_jobs_to_create, &Job::configure_batch_jobs, scheduled,
                        last, &Job::next_search_window};
}

// The job types a program knows, in a fixed order: a value the programs hand down to the
// library (no list is global). The real programs pass builtin_job_types(); a test build adds
// a type of its own (tests/plugin/) with with().
class Registry {
public:
    explicit Registry(std::vector<JobTypeEntry> entries);

    [[nodiscard]] std::span<JobTypeEntry const> types() const noexcept { return m_entries; }
    // The entry of a type name; throws UsageError naming the known types.
    [[nodiscard]] JobTypeEntry const& find(std::string_view name) const;
    // The name a person reads for a type (JOB_NAME: "FSC/RLIE" for fsc_rlie_job); the type name
    // itself for a type this registry does not know (a database ahead of the programs).
    [[nodiscard]] std::string_view job_name_of(std::string_view type) const noexcept;
    // "job 42 (FSC/RLIE)": a job as the programs' logs name it.
    [[nodiscard]] std::string job_label(std::int64_t job_id, std::string_view type) const;
    // These types and `more` after them; throws std::invalid_argument on a repeated name.
    [[nodiscard]] Registry with(std::span<JobTypeEntry const> more) const;

private:
    std::vector<JobTypeEntry> m_entries;
};

// The job types of lib/hrsi/job_types/ (registry.cpp), what the installed programs pass.
[[nodiscard]] Registry const& builtin_job_types();

}  // namespace hrsi::jobs
