// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/job_types/gfsc/gfsc_candidates.hpp>
#include <hrsi/job_types/gfsc/gfsc_inputs.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_parameters.hpp>
#include <hrsi/jobs/column_table.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/json_columns.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hrsi::jobs {

// GFSC (reference §1.4, §3.9, §5.6): the daily cumulative gap-filled fractional snow cover of
// one tile, from the FSC, WDS and SWS products hrsi published over the aggregation window
// (gapfilling_search_default_duration_in_days) and the tile's latest GFSC. No catalogue: the
// jobs are made by hrsi-create-jobs --scheduled, triggered by each newly published FSC, WDS or
// SWS, and at night for the tiles that had no input on a day (daily jobs).
class GfscJob final : public JobWithColumns<GfscJob> {
public:
    static constexpr std::array<std::string_view, 1> output_products{"gfsc"};
    // The reference's program (run_gfsc_worker.py: python3 gf.py <parameters>).
    static constexpr std::array<std::string_view, 3> default_command{"python3", "gf.py", "/work/parameters.json"};
    static constexpr JobTypeInfo info_{
        .type_name = "gfsc_job",
        .table_name = "gfsc_jobs",
        .job_name = "GFSC",
        .input_product_type = InputProductType::hrsi,
        .nomad_job_name = "gfsc-processing",
        // WorkerFlavors.small of the reference: eo2.medium.
        .worker_flavor = small,
        .output_products = output_products,
        .jobs_with_status_procedure = "gfsc_jobs_with_last_status",
        .search_duration_parameter = "gapfilling_search_default_duration_in_days",
        .image_parameter = "docker_image_for_gfsc_processing",
        .command_parameter = "command_for_gfsc_processing",
        .default_image = "gfsc_processing:latest",
        .default_command = default_command,
        // The reference's limit: 3,000 s.
        .time_limit = std::chrono::minutes(50),
        // hrsi-create-jobs --scheduled --other-input: HR-S&I products of a catalogue answer
        // instead of those the database's jobs published.
        .other_input = "hrsi",
    };

    // The type's own columns (gfsc_jobs), declared in columns() (gfsc_columns.cpp).
    bool nrt = true;
    std::optional<std::string> missions;
    std::string triggering_product_id;
    util::TimePoint triggering_product_publication_date{};
    std::vector<std::string> fsc_id_list, fsc_publication_date_list, fsc_measurement_date_list;
    std::vector<std::string> wds_id_list, wds_publication_date_list, wds_measurement_date_list;
    std::vector<std::string> sws_id_list, sws_publication_date_list, sws_measurement_date_list;
    std::vector<std::string> gfsc_id_list;
    std::vector<std::string> obsolete_product_id_list;
    std::optional<std::string> gfsc_infos;  // JSON object
    std::string gfsc_id;                    // the id template until the product is made
    std::optional<std::string> gfsc_path;
    std::optional<util::TimePoint> sensing_start_date;
    std::optional<util::TimePoint> sensing_end_date;
    std::optional<util::TimePoint> completion_date;
    util::TimePoint product_date{};         // 00:00 UTC
    util::TimePoint curation_timestamp{};
    int aggregation_timespan = 7;
    std::optional<util::TimePoint> gfsc_json_publication_date;
    // On a cancelled job: the job of the same tile and day that overrode it.
    std::optional<long long> overriding_job_id;
    std::string reprocessing_context = "None";

    static std::span<Column<GfscJob> const> columns();

    // A job of the same tile and day still waiting (configure_batch_jobs).
    struct WaitingJob {
        std::int64_t id;
        util::TimePoint curation;
    };

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    void job_pre_insertion_setup(bool reprocessed) override { nrt = !reprocessed; }
    // A nominal trigger whose provisional twin is an input: cancelled; a newer job of the tile
    // and day waiting: cancelled (overriding_job_id), else the older ones waiting are;
    // FSC-triggered: configured until 3 h after the trigger's publication; else ready.
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override { return gfsc_infos.has_value(); }
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;
    // One document (gfsc_publication.cpp).
    [[nodiscard]] PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;

    // Worker (gfsc_worker.cpp): stages the input GFSC, marks obsolete the inputs whose days its
    // metadata holds, stages the others from the products storage and the tile's masks and DEM
    // through the auxiliary cache; the program's parameters (write_gfsc_parameters) and exit
    // codes (gfsc_program_outcome); reads back the product (read_gfsc_program_output) and
    // uploads it with its quicklook under Snow/GFSC/.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    [[nodiscard]] ProgramOutcome interpret_program_result(util::ChildResult const& result) const override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // No catalogue: --scheduled only. Refuses products (a catalogue answer is no input).
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // The daily jobs of the days due (gfsc_daily_days), then the jobs of the products
    // published since the last trigger (gfsc_triggered_candidates); the products those the
    // database's jobs published, or those of context.other_input when given.
    static JobsToCreate get_scheduled_jobs(JobContext& context);
    // The same with the products read by `reads` (the benchmark's baseline reads them one tile
    // at a time).
    static JobsToCreate scheduled_jobs_reading(JobContext& context, GfscReads const& reads);
    // The trigger window: from the last inserted job's trigger publication minus 1 s, else
    // yesterday 00:00; to now.
    static TimeWindow next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context);

    // Reads, for the round's single steps, the jobs of their tiles and days still waiting
    // (initialized, configured, ready) in one query.
    static void configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs, JobContext& context);

    // The job of one candidate, with the curation time and aggregation timespan; its gfsc_id
    // the id template (gfsc_product_id_template).
    [[nodiscard]] static std::unique_ptr<GfscJob> from_candidate(GfscCandidate const& candidate,
                                                                 util::TimePoint curation, int timespan);

private:
    // The other jobs of the tile and day waiting when the round began; nothing: not read (a
    // job configured outside a batch reads them itself).
    std::optional<std::vector<WaitingJob>> m_waiting;
    // The inputs job_pre_processing staged, for the parameter file.
    std::vector<GfscProgramInput> m_staged;
};

}  // namespace hrsi::jobs
