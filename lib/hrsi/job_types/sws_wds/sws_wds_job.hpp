// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/job_types/sws_wds/sws_wds_candidates.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>
#include <hrsi/jobs/column_table.hpp>
#include <hrsi/jobs/job_template.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hrsi::jobs {

// SWS/WDS (reference §1.4, §3.8, §5.6): SAR wet snow (SWS, mountain tiles) and wet/dry snow
// (WDS, where an FSC of the same tile and day exists) of one tile, from an assembly of one or
// two consecutive Sentinel-1 GRD slices. The jobs of one assembly share it: one of them, the
// master, builds it; the others wait in configured until it is generated.
class SwsWdsJob final : public JobWithColumns<SwsWdsJob> {
public:
    static constexpr std::array<std::string_view, 2> output_products{"sws", "wds"};
    // The reference's program in its wet snow image (run_sws_wds_worker.py).
    static constexpr std::array<std::string_view, 2> default_command{
        "/install/ssp/bin/sws_wds_create_wsm.py", "/work/parameters.json"};
    static constexpr JobTypeInfo info_{
        .type_name = "sws_wds_job",
        .table_name = "sws_wds_jobs",
        .job_name = "SWS/WDS",
        .input_product_type = InputProductType::s1,
        .nomad_job_name = "ws-processing",
        .worker_flavor = extra_large,
        .output_products = output_products,
        .jobs_with_status_procedure = "sws_wds_jobs_with_last_status",
        // Both windows (FSC and Sentinel-1) default to this many days (reference §3.8).
        .search_duration_parameter = "s1_search_default_duration_in_days",
        .image_parameter = "docker_image_for_sws_wds_processing",
        .command_parameter = "command_for_sws_wds_processing",
        .default_image = "wetsnowprocessing:latest",
        .default_command = default_command,
        // The monitor's processing limit (270 min) stays above it.
        .time_limit = std::chrono::minutes(240),
        .other_input = "fsc",
    };

    // The type's own columns (sws_wds_jobs), declared in columns() (sws_wds_columns.cpp).
    bool nrt = true;
    std::optional<std::string> wds_infos;  // JSON object
    std::optional<std::string> wds_path;
    std::optional<util::TimePoint> wds_completion_date;
    std::optional<util::TimePoint> wds_json_publication_date;
    std::optional<std::string> sws_infos;  // JSON object
    std::optional<std::string> sws_path;
    std::optional<util::TimePoint> sws_completion_date;
    std::optional<util::TimePoint> sws_json_publication_date;
    util::TimePoint measurement_date{};
    std::string s1_id_list;    // ';'-joined, the assembly's slices
    std::string s1_path_list;  // ';'-joined
    std::optional<util::TimePoint> s1_esa_publication_latest_date;
    std::optional<util::TimePoint> s1_dias_publication_latest_date;
    std::string assembly_id;
    // master_itself (0), the master's job id, or master_undecided (-1).
    std::int64_t assembly_master_job_id = master_undecided;
    std::optional<AssemblyStatus> assembly_status;  // none for a job created cancelled
    std::string assembly_params = "{}";             // JSON object
    std::optional<std::string> assembly_path;
    std::optional<long long> assembly_return_code;
    std::optional<bool> assembly_reference_job;     // the reference's column, never set
    std::optional<std::string> fsc_id_list;         // ';'-joined; none without WDS
    std::optional<std::string> fsc_path_list;
    std::optional<util::TimePoint> fsc_creation_latest_date;
    std::optional<util::TimePoint> fsc_publication_latest_date;
    std::string reprocessing_context = "None";

    // The table of the columns above: reading, writing and copies (column_table.hpp).
    static std::span<Column<SwsWdsJob> const> columns();

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    // NRT jobs: nrt, assembly pending, the priority from the slices' publication; jobs of a
    // reprocessing campaign: not nrt, no assembly.
    void job_pre_insertion_setup(bool reprocessed) override;
    // The master is ready; an undecided job waits; a follower follows its master's assembly
    // (follow_master): ready with its path, cancelled, or configured while it waits.
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return sws_path.has_value() || wds_path.has_value(); }
    // "SWS" or "WDS" (either case), as the publication documents name them.
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;
    // One document per product with a path and the worker's metadata (sws_wds_publication.cpp).
    [[nodiscard]] PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;

    // Worker (sws_wds_worker.cpp): stages the GRDs (or the master's assembly), the FSC, the
    // DEM and the auxiliary data; reads the program's bit-flag return codes; uploads the
    // assembly (master) and the SWS and WDS products with their quicklooks.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    [[nodiscard]] ProgramOutcome interpret_program_result(util::ChildResult const& result) const override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // Assembles the Sentinel-1 slices (IW GRD VV+VH) over the mountain tiles and the tiles of
    // the FSC published since the last one a job recorded (hrsi's own fsc_rlie_job products),
    // and makes one job per tile of an assembly that wants SWS or WDS (sws_wds_candidates);
    // inputs sensed before s1_processing_start_date are created cancelled.
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // The master election (reference update_jobs_for_assembly_master) of the new jobs, under
    // the type's creation lock, in the caller's transaction.
    static void configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs, JobContext& context);
    // The Sentinel-1 window (s1_window) from the last inserted job (the default: the job whose
    // slices were published last, input_published_at): from that publication, or
    // from the day of the earliest FSC measurement published in the FSC window when earlier;
    // with the FSC window as its other input ("fsc").
    static TimeWindow next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context);
    // The FSC window (fsc_window): from the last FSC publication a job recorded.
    [[nodiscard]] static TimeWindow next_fsc_window(db::Connection& conn, JobContext const& context);

    // Why a Sentinel-1 product is not an SWS/WDS input (IW, GRD, VV+VH), or nothing.
    [[nodiscard]] static std::optional<std::string> input_refusal(products::Sentinel1 const& product);
    // The job of one candidate (sws_wds_candidates()).
    [[nodiscard]] static std::unique_ptr<SwsWdsJob> from_candidate(SwsWdsCandidate const& candidate);
};

}  // namespace hrsi::jobs
