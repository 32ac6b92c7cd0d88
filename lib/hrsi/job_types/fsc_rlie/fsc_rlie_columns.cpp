// SPDX-License-Identifier: Apache-2.0
// The columns of hrsi.fsc_rlie_jobs (sql/003), each declared once: its name, the member of
// FscRlieJob that holds it (whose type says how it is read and written) and, for the
// columns that describe the input L1C, ColumnRole::input (a backward re-run copies them).
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

namespace hrsi::jobs {
namespace {

using Job = FscRlieJob;
constexpr auto input = ColumnRole::input;

constexpr std::array fsc_rlie_columns{
    column<&JobCommon::tile_id, Job>("tile_id", input),
    column<&Job::nrt, Job>("nrt"),
    column<&Job::l1c_id, Job>("l1c_id", input),
    column<&Job::l1c_id_list, Job>("l1c_id_list"),
    column<&Job::l1c_reference_job, Job>("l1c_reference_job"),
    column<&Job::l1c_cloud_cover, Job>("l1c_cloud_cover", input),
    column<&Job::l1c_snow_cover, Job>("l1c_snow_cover", input),
    column<&Job::l1c_path, Job>("l1c_path", input),
    column<&Job::l1c_path_list, Job>("l1c_path_list"),
    column<&Job::l2a_path_in, Job>("l2a_path_in"),
    column<&Job::l2a_path_out, Job>("l2a_path_out"),
    column<&Job::save_full_l2a, Job>("save_full_l2a"),
    column<&Job::job_id_for_last_valid_l2a, Job>("job_id_for_last_valid_l2a"),
    column<&Job::l2a_status, Job>("l2a_status"),
    column<&Job::n_jobs_run_since_last_init, Job>("n_jobs_run_since_last_init"),
    column<&Job::n_l2a_produced_since_last_init, Job>("n_l2a_produced_since_last_init"),
    column<&Job::dtm_path, Job>("dtm_path"),
    column<&Job::fsc_infos, Job>("fsc_infos"),
    column<&Job::rlie_infos, Job>("rlie_infos"),
    column<&Job::fsc_path, Job>("fsc_path"),
    column<&Job::rlie_path, Job>("rlie_path"),
    column<&Job::measurement_date, Job>("measurement_date", input),
    column<&Job::l1c_sensing_time, Job>("l1c_sensing_time"),  // never set by hrsi; not copied
    column<&Job::l1c_esa_creation_date, Job>("l1c_esa_creation_date", input),
    column<&Job::l1c_esa_publication_date, Job>("l1c_esa_publication_date", input),
    column<&Job::l1c_dias_publication_date, Job>("l1c_dias_publication_date", input),
    column<&Job::fsc_completion_date, Job>("fsc_completion_date"),
    column<&Job::rlie_completion_date, Job>("rlie_completion_date"),
    column<&Job::fsc_json_publication_date, Job>("fsc_json_publication_date"),
    column<&Job::rlie_json_publication_date, Job>("rlie_json_publication_date"),
    column<&Job::maja_mode, Job>("maja_mode"),
    column<&Job::maja_threads, Job>("maja_threads"),
    column<&Job::maja_other_params, Job>("maja_other_params"),
    column<&Job::maja_return_code, Job>("maja_return_code"),
    column<&Job::backward_reprocessing_run, Job>("backward_reprocessing_run"),
    column<&Job::reprocessing_context, Job>("reprocessing_context"),
};

}  // namespace

std::span<Column<FscRlieJob> const> FscRlieJob::columns() {
    return fsc_rlie_columns;
}

}  // namespace hrsi::jobs
