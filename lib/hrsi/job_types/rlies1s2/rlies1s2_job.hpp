// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/column_table.hpp>
#include <hrsi/jobs/job_template.hpp>

#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace hrsi::jobs {

// RLIE-S1+S2 (reference §1.4, §3.7, §5.6): the daily river and lake ice product of one tile
// merged from the RLIE products hrsi made that day, from Sentinel-2 (fsc_rlie_job) and from
// the Sentinel-1 satellite closest in time (rlies1_job). No catalogue: the jobs are made by
// the clock (hrsi-create-jobs --scheduled) from hrsi's own published products.
class RlieS1S2Job final : public JobWithColumns<RlieS1S2Job> {
public:
    static constexpr std::array<std::string_view, 1> output_products{"rlies1s2"};
    // The reference's chain in its "part 2" image (run_rlies1s2_worker.py).
    static constexpr std::array<std::string_view, 2> default_command{
        "rlie_s1s2_processing_chain.py", "/work/parameters.json"};
    static constexpr JobTypeInfo info_{
        .type_name = "rlies1s2_job",
        .table_name = "rlies1s2_jobs",
        .job_name = "rlies1s2",
        .input_product_type = InputProductType::hrsi,
        .nomad_job_name = "rlies1s2-processing",
        .worker_flavor = medium,
        .output_products = output_products,
        .jobs_with_status_procedure = "rlies1s2_jobs_with_last_status",
        // The days searched (rlies1s2_min_search_window_days .. max): no catalogue window.
        .search_duration_parameter = "rlies1s2_min_search_window_days",
        // The image of RLIE-S1 (the reference's docker_image_for_rliepart2_processing).
        .image_parameter = "docker_image_for_rliepart2_processing",
        .command_parameter = "command_for_rlies1s2_processing",
        .default_image = "si_software_part2:latest",
        .default_command = default_command,
        .time_limit = std::chrono::minutes(120),
        // RLIE products made elsewhere (an HR-S&I catalogue answer), instead of hrsi's own.
        .other_input = "rlie",
    };

    // The type's own columns (rlies1s2_jobs), declared in columns() (rlies1s2_columns.cpp).
    util::TimePoint process_date{};      // 00:00 UTC of the day merged
    std::string tile_id_dup;             // the tile, repeated for the key
    std::string rlies1_product_paths_json = "[]";  // JSON array of the RLIE-S1 products' paths
    std::optional<util::TimePoint> rlies1_publication_latest_date;
    std::string rlies2_product_paths_json = "[]";  // JSON array of the S2 RLIE products' paths
    std::optional<util::TimePoint> rlies2_publication_latest_date;
    std::optional<util::TimePoint> measurement_date_rlies1s2;  // the product name's date
    std::optional<util::TimePoint> rlies1s2_completion_date;
    std::optional<std::string> rlies1s2_path;                 // as published
    std::optional<std::string> rlies1s2_json_submitted_json;  // the program's metadata, completed
    std::optional<util::TimePoint> publication_date_rlies1s2;
    std::string reprocessing_context = "nrt";

    static std::span<Column<RlieS1S2Job> const> columns();

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return rlies1s2_json_submitted_json.has_value(); }
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;
    // One document (rlies1s2_publication.cpp).
    [[nodiscard]] PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;

    // Worker (rlies1s2_worker.cpp): stages the listed products from the products storage and
    // the static auxiliary data; uploads the one product (its date must be the process date)
    // with its quicklook.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // No catalogue: --scheduled only. Refuses products (a catalogue answer is no input).
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // The days searched backwards from yesterday (rlies1s2_candidates), per tile of the
    // type's area without the no-RLIE tiles: one job per day and tile with published S2 RLIE
    // and RLIE-S1 products and no job yet; oldest first. The products are those fsc_rlie_job
    // and rlies1_job published, or those of the catalogue answer given as other input.
    static JobsToCreate get_scheduled_jobs(JobContext& context);
};

}  // namespace hrsi::jobs
