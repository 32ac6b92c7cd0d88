// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/jobs/column_table.hpp>
#include <hrsi/jobs/job_template.hpp>

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

namespace hrsi::jobs {

// The state of a job's L2A (column l2a_status).
enum class L2aStatus { pending, generated, generation_aborted, deleted };
constexpr std::array<std::string_view, 4> enum_texts(L2aStatus) {
    return {"pending", "generated", "generation_aborted", "deleted"};
}
// How MAJA runs (column maja_mode): from scratch, from the previous L2A, or backward over
// several L1C.
enum class MajaMode { init, nominal, backward };
constexpr std::array<std::string_view, 3> enum_texts(MajaMode) { return {"init", "nominal", "backward"}; }
// Why a job exists (column reprocessing_context): its L1C ("None", as the reference writes
// it), or a backward re-run of it.
enum class ReprocessingContext { none, backward };
constexpr std::array<std::string_view, 2> enum_texts(ReprocessingContext) { return {"None", "backward"}; }

struct FscRlieTileRound;  // what the batch step prepares for the single steps (fsc_rlie_job.cpp)

// The system parameters that choose MAJA's mode.
struct MajaSettings {
    long long backward_required_jobs = 8;  // maja_backward_required_job_number
    bool backward_enabled = true;          // activate_backward_reprocessing
    std::chrono::days consecutive_jobs_threshold{10};  // maja_consecutive_jobs_threshold_value
    [[nodiscard]] static MajaSettings of(db::SystemParameterValues const& parameters);
    // How many jobs follow the first of a backward run.
    [[nodiscard]] std::size_t followers_count() const { return static_cast<std::size_t>(backward_required_jobs - 1); }
};

// FSC/RLIE (reference §3.5): fractional snow cover and river/lake ice products from one
// Sentinel-2 L1C, processed as a time series per tile: MAJA starts each job from the L2A of
// the previous usable job on the tile (nominal), from scratch (init), or runs backward over
// 8 consecutive products to replace degraded ones (backward).
class FscRlieJob final : public JobWithColumns<FscRlieJob> {
public:
    static constexpr std::array<std::string_view, 2> output_products{"fsc", "rlie"};
    // The S&I software's entry point (reference §5.5), given the parameter file.
    static constexpr std::array<std::string_view, 2> default_command{
        "fsc_rlie_processing_chain.py", "/work/parameters.json"};
    static constexpr JobTypeInfo info_{
        .type_name = "fsc_rlie_job",
        .table_name = "fsc_rlie_jobs",
        .job_name = "FSC/RLIE",
        .input_product_type = InputProductType::s2,
        .nomad_job_name = "si-processing",
        .worker_flavor = medium,
        .output_products = output_products,
        .jobs_with_status_procedure = "fsc_rlie_jobs_with_last_status",
        .search_duration_parameter = "s2_search_default_duration_in_days",
        .image_parameter = "docker_image_for_si_processing",
        .command_parameter = "command_for_si_processing",
        .default_image = "si_software:latest",
        .default_command = default_command,
        // MAJA's own limit is 4 h (reference: maja timeout 14400 s); the monitor's processing
        // limit (270 min) stays above it so that the worker records the timeout itself.
        .time_limit = std::chrono::minutes(250),
    };

    // The type's own columns (fsc_rlie_jobs), declared in columns() (fsc_rlie_columns.cpp).
    bool nrt = true;
    std::string l1c_id;
    std::optional<std::string> l1c_id_list;
    bool l1c_reference_job = true;
    std::optional<double> l1c_cloud_cover;
    std::optional<double> l1c_snow_cover;
    std::string l1c_path;
    std::optional<std::string> l1c_path_list;
    std::optional<std::string> l2a_path_in;
    std::optional<std::string> l2a_path_out;
    bool save_full_l2a = false;
    std::optional<long long> job_id_for_last_valid_l2a;
    std::optional<L2aStatus> l2a_status;
    std::optional<long long> n_jobs_run_since_last_init;
    std::optional<long long> n_l2a_produced_since_last_init;
    std::optional<std::string> dtm_path;
    std::optional<std::string> fsc_infos;   // JSON
    std::optional<std::string> rlie_infos;  // JSON
    std::optional<std::string> fsc_path;
    std::optional<std::string> rlie_path;
    util::TimePoint measurement_date{};
    std::optional<util::TimePoint> l1c_sensing_time;
    util::TimePoint l1c_esa_creation_date{};
    std::optional<util::TimePoint> l1c_esa_publication_date;
    std::optional<util::TimePoint> l1c_dias_publication_date;
    std::optional<util::TimePoint> fsc_completion_date;
    std::optional<util::TimePoint> rlie_completion_date;
    std::optional<util::TimePoint> fsc_json_publication_date;
    std::optional<util::TimePoint> rlie_json_publication_date;
    std::optional<MajaMode> maja_mode;
    int maja_threads = 1;
    std::optional<std::string> maja_other_params;  // JSON
    std::optional<long long> maja_return_code;
    bool backward_reprocessing_run = false;
    ReprocessingContext reprocessing_context = ReprocessingContext::none;

    // The table of the columns above: reading, writing and copies (column_table.hpp).
    static std::span<Column<FscRlieJob> const> columns();

    // What configuration needs of the previous usable job of the time series (fetched by
    // configure_batch_jobs()).
    struct PreviousJob {
        std::int64_t id = 0;
        std::optional<JobStatus> last_status;  // nothing: inserted in this run, not configured yet
        std::optional<L2aStatus> l2a_status;
        std::optional<std::string> l2a_path_out;
        util::TimePoint measurement_date{};
        std::optional<long long> n_jobs_run_since_last_init;
        std::optional<long long> n_l2a_produced_since_last_init;
        // The columns it is read from (fsc_rlie_columns.cpp).
        static std::span<Column<PreviousJob> const> columns();
    };
    std::optional<PreviousJob> previous;
    // What the backward mode needs of a job that follows this one on its tile.
    struct FollowingJob {
        std::int64_t id = 0;
        std::string l1c_id;
        std::string l1c_path;
        std::optional<L2aStatus> l2a_status;
        std::optional<std::string> fsc_path;
        bool backward_reprocessing_run = false;
        util::TimePoint measurement_date{};
        util::TimePoint esa_creation{};
        // The columns it is read from (fsc_rlie_columns.cpp).
        static std::span<Column<FollowingJob> const> columns();
    };
    // The reference jobs after this one, when configure_batch_jobs() fetched them (a job
    // about to start MAJA without a usable previous L2A); otherwise looked up when needed.
    std::optional<std::vector<FollowingJob>> following;

    [[nodiscard]] JobTypeInfo const& info() const noexcept override { return info_; }
    void job_pre_insertion_setup(bool reprocessed) override;
    Configuration configure_single_job(JobContext& context) override;
    [[nodiscard]] bool generated_a_product() const override;
    void set_product_publication_date(std::string_view product, util::TimePoint when) override;
    // One document per product with metadata and a path (fsc_rlie_publication.cpp).
    [[nodiscard]] PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const override;

    // Worker (fsc_rlie_worker.cpp): stages the L1C (8 of them in backward mode) and, in
    // nominal mode, the previous job's L2A; maps the S&I software's return codes (§5.5);
    // uploads the L2A to l2a_path_out and the FSC and RLIE products with their quicklooks.
    void job_pre_processing(WorkerContext& context) override;
    void write_parameters(WorkerContext const& context, JsonWriter& writer) const override;
    [[nodiscard]] ProgramOutcome interpret_program_result(util::ChildResult const& result) const override;
    void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) override;

    // Reads L1C products, drops duplicates and later re-publications, demotes the reference
    // job of a re-publication within 24 h, and sets aside inputs sensed before
    // s2_processing_start_date (created cancelled).
    static JobsToCreate get_jobs_to_create(std::span<InputProduct const> products, JobContext& context);
    // Priorities (nrt, delayed, reprocessing) and the previous usable job of each, in one query.
    static void configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs,
                                     JobContext& context);

    // The configuration rules (no database: what it gives is in previous and the arguments).
    // The status the previous job allows: ready or configured.
    [[nodiscard]] JobStatus status_from_previous() const;
    // Whether MAJA can go on from the previous job's L2A (nominal mode): measured before this
    // job, within `threshold`, its L2A generated.
    [[nodiscard]] bool continues_previous_l2a(std::chrono::days threshold) const;
    // Sets MAJA's mode and the counters: nominal when it continues the previous L2A, else
    // backward when the jobs that follow (`followers`, asked only then) allow it, else init.
    // Returns whether the tile's L2As since its init call for a backward reprocessing.
    bool choose_maja_mode(MajaSettings const& settings, std::function<std::vector<FollowingJob>()> const& followers);

    // Name of the job: <tile>-<YYYY-MM-DD> of the measurement date.
    [[nodiscard]] std::string job_name() const;
    // The MAJA product quality flag of the job's products: 1 nominal, 0 degraded.
    [[nodiscard]] int product_quality_flag(long long required_jobs) const;

private:
    // When an earlier job of the round spawned a backward reprocessing on this job's tile:
    // the previous and following jobs looked up again, as the reference (which configures
    // one job at a time, its spawned jobs already inserted) would find them.
    void look_again_after_spawn(JobContext& context);
    // The jobs of this job's tile in its configuration round, set by configure_batch_jobs().
    std::shared_ptr<FscRlieTileRound> m_tile_round;
    [[nodiscard]] FscRlieTileRound& tile_round() const;
    // Where the worker staged this job's L2A input (nominal mode).
    std::optional<std::filesystem::path> m_staged_l2a;
    // Where the worker extracted the tile's auxiliary tar (its eu_dem/, tree_cover_density/,
    // eu_hydro/, hrl_qc_flags/), and whether it allows an RLIE (no nodata marker).
    std::filesystem::path m_aux_folder;
    bool m_generate_ice_product = true;
    void stage_auxiliary_data(WorkerContext& context);

    void set_maja_mode(JobContext& context);
    void reprocess_with_backward(JobContext& context) const;
};

}  // namespace hrsi::jobs
