// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/column_table.hpp>

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

// RLIE-S1 (reference §3.6, §5.6): river and lake ice products from one Sentinel-1 GRD (IW,
// GRDH, VV+VH), one product per Sentinel-2 tile of the area that the GRD covers. The worker
// runs two programs: the precise intersection of the GRD with the tiles, then the chain.
class RlieS1Job final : public JobWithColumns<RlieS1Job> {
public:
    static constexpr std::array<std::string_view, 1> output_products{"rlies1"};
    // The chain (the type's program); the intersection program is the other system parameter.
    static constexpr std::array<std::string_view, 2> default_command{
        "rlie_s1_processing_chain.py", "/work/parameters.json"};
    static constexpr std::array<std::string_view, 2> default_intersection_command{
        "rlie_s1_preprocessing_compute_s1s2_intersection.py", "/work/parameters.json"};
    static constexpr std::string_view intersection_command_parameter = "command_for_rlies1_intersection";
    static constexpr JobTypeInfo info_{
        .type_name = "rlies1_job",
        .table_name = "rlies1_jobs",
        .job_name = "rlies1",
        .input_product_type = InputProductType::s1,
        .nomad_job_name = "rlies1-processing",
        .worker_flavor = large,
        .output_products = output_products,
        .jobs_with_status_procedure = "rlies1_jobs_with_last_status",
        .search_duration_parameter = "s1_search_default_duration_in_days",
        // The reference's image of its "part 2" software (RLIE-S1 and RLIE-S1+S2).
        .image_parameter = "docker_image_for_rliepart2_processing",
        .command_parameter = "command_for_rlies1_processing",
        .default_image = "si_software_part2:latest",
        .default_command = default_command,
        // Both programs together; the monitor's processing limit (270 min) stays above it.
        .time_limit = std::chrono::minutes(240),
    };

    // The type's own columns (rlies1_jobs).
    std::string s1grd_id;
    std::string product_path;
    util::TimePoint measurement_date_start{};
    util::TimePoint measurement_date_end{};
    std::optional<util::TimePoint> s1grd_dias_publication_date;
    std::optional<util::TimePoint> s1grd_esa_publication_date;
    std::vector<std::string> s2tile_ids;  // s2tile_ids_json: the tiles the footprint intersects, sorted
    std::optional<util::TimePoint> rlies1_products_completion_date;
    // rlies1_product_paths_json and rlies1_product_json_submitted_json: per product id, its
    // recorded path and its metadata (the program's, completed by the worker).
    std::map<std::string, std::string> product_paths;
    std::map<std::string, std::string> product_metadata;
    std::optional<util::TimePoint> rlies1_products_publication_date;
    std::string reprocessing_context = "nrt";
    // The table of those columns (rlies1_job.cpp).
    static std::span<Column<RlieS1Job> const> columns();

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    void job_pre_insertion_setup(bool reprocessed) override;
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return !product_paths.empty(); }
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;
    // One document per product (rlies1_publication.cpp).
    [[nodiscard]] PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;

    // Worker (rlies1_worker.cpp): stages the GRD and the static auxiliary data; runs the
    // intersection program, then (when the GRD meets a tile) stages a DEM per tile and runs
    // the chain; uploads each product with its quicklook.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    ProgramOutcome job_processing(WorkerContext& context, ProgramRunner& runner) override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // One job per IW GRDH VV+VH product whose footprint meets a tile of the type's area;
    // the others refused with the reason; products that have a job are duplicates.
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // The reference's window: from the last job's DIAS publication itself (no −1 s), else from
    // yesterday 00:00 UTC; to now.
    static TimeWindow next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context);

    // Why a Sentinel-1 product is not an RLIE-S1 input (IW, GRD, high resolution, level 1,
    // standard class, VV+VH), or nothing when it is one.
    [[nodiscard]] static std::optional<std::string> input_refusal(products::Sentinel1 const& product);

private:
    // Where the worker staged things (job_pre_processing, job_processing).
    std::filesystem::path m_staged_grd;
    std::filesystem::path m_static_aux;
    std::vector<std::string> m_intersected;  // the tiles the intersection program found
};

}  // namespace hrsi::jobs
