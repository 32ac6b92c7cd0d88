// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/column_table.hpp>
#include <hrsi/jobs/job_template.hpp>

#include <array>

namespace hrsi::jobs {

// The test job (reference §3.10): one job per input product, whatever its name, ready at
// once, no product. The workhorse of tests, the demo and benchmarks, and the worked example
// of README "Writing a new job type".
class TestJob final : public JobWithColumns<TestJob> {
public:
    static constexpr std::array<std::string_view, 1> output_products{"test_product"};
    // A hello and a listing of the staged inputs (the reference's test container prints hello).
    static constexpr std::array<std::string_view, 4> default_command{
        "sh", "-c", "echo hello from the test job; ls -lR \"$0\"", "/work/inputs"};
    static constexpr JobTypeInfo info_{
        .type_name = "test_job",
        .table_name = "test_jobs",
        .job_name = "test_job",
        .input_product_type = InputProductType::none,
        .nomad_job_name = "test-job-processing",
        .worker_flavor = extra_small,
        .output_products = output_products,
        .jobs_with_status_procedure = "test_jobs_with_last_status",
        .search_duration_parameter = "s2_search_default_duration_in_days",
        .image_parameter = "docker_image_for_test_job_processing",
        .command_parameter = "command_for_test_job_processing",
        .default_image = "docker.io/library/busybox:latest",
        .default_command = default_command,
        .time_limit = std::chrono::minutes(30),
    };

    // The type's own columns (test_jobs), and their table: one line per column, its name and
    // its member (column_table.hpp), which gives reading and writing them.
    std::optional<util::TimePoint> measurement_date;
    std::optional<util::TimePoint> completion_date;
    static std::span<Column<TestJob> const> columns() {
        static constexpr std::array table{
            column<&TestJob::measurement_date>("measurement_date"),
            column<&TestJob::completion_date>("completion_date"),
        };
        return table;
    }

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return false; }

    // Worker: stages the input product when input_path names one (an absolute path or a
    // URL; a bare name has nothing to stage), and records the completion date.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // One job per distinct product; products that already have a job are duplicates.
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // Without products (reference §3.10, every creation loop): one job named
    // test_job-<context.now>, unless that job exists already.
    static JobsToCreate get_scheduled_jobs(JobContext& context);
};

}  // namespace hrsi::jobs
