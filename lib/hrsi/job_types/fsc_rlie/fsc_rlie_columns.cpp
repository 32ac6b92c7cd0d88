// SPDX-License-Identifier: Apache-2.0
// The columns of hrsi.fsc_rlie_jobs (sql/003), each declared once: its name, the member of
// FscRlieJob that holds it (whose type says how it is read and written) and, for the
// columns that describe the input L1C, ColumnRole::input (a backward re-run copies them).
// Then the columns of the narrower views of a job that configuration reads.
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

namespace hrsi::jobs {
namespace {

using Job = FscRlieJob;
constexpr auto input = ColumnRole::input;

constexpr std::array fsc_rlie_columns{
    column<&JobCommon::tile_id, Job>("tile_id", input),
    column<&Job::nrt>("nrt"),
    column<&Job::l1c_id>("l1c_id", input),
    column<&Job::l1c_id_list>("l1c_id_list"),
    column<&Job::l1c_reference_job>("l1c_reference_job"),
    column<&Job::l1c_cloud_cover>("l1c_cloud_cover", input),
    column<&Job::l1c_snow_cover>("l1c_snow_cover", input),
    column<&Job::l1c_path>("l1c_path", input),
    column<&Job::l1c_path_list>("l1c_path_list"),
    column<&Job::l2a_path_in>("l2a_path_in"),
    column<&Job::l2a_path_out>("l2a_path_out"),
    column<&Job::save_full_l2a>("save_full_l2a"),
    column<&Job::job_id_for_last_valid_l2a>("job_id_for_last_valid_l2a"),
    column<&Job::l2a_status>("l2a_status"),
    column<&Job::n_jobs_run_since_last_init>("n_jobs_run_since_last_init"),
    column<&Job::n_l2a_produced_since_last_init>("n_l2a_produced_since_last_init"),
    column<&Job::dtm_path>("dtm_path"),
    column<&Job::fsc_infos>("fsc_infos"),
    column<&Job::rlie_infos>("rlie_infos"),
    column<&Job::fsc_path>("fsc_path"),
    column<&Job::rlie_path>("rlie_path"),
    column<&Job::measurement_date>("measurement_date", input),
    column<&Job::l1c_sensing_time>("l1c_sensing_time"),  // never set by hrsi; not copied
    column<&Job::l1c_esa_creation_date>("l1c_esa_creation_date", input),
    column<&Job::l1c_esa_publication_date>("l1c_esa_publication_date", input),
    column<&Job::l1c_dias_publication_date>("l1c_dias_publication_date", input),
    column<&Job::fsc_completion_date>("fsc_completion_date"),
    column<&Job::rlie_completion_date>("rlie_completion_date"),
    column<&Job::fsc_json_publication_date>("fsc_json_publication_date"),
    column<&Job::rlie_json_publication_date>("rlie_json_publication_date"),
    column<&Job::maja_mode>("maja_mode"),
    column<&Job::maja_threads>("maja_threads"),
    column<&Job::maja_other_params>("maja_other_params"),
    column<&Job::maja_return_code>("maja_return_code"),
    column<&Job::backward_reprocessing_run>("backward_reprocessing_run"),
    column<&Job::reprocessing_context>("reprocessing_context"),
};

// What configuration reads of the jobs of a tile's time series (fsc_rlie_series.cpp): the
// columns, of the same names, of fsc_rlie_series_rows and fsc_rlie_following_jobs (sql/008).
using Previous = FscRlieJob::PreviousJob;
constexpr std::array previous_columns{
    column<&Previous::id>("job_id"),
    column<&Previous::last_status>("last_status"),
    column<&Previous::l2a_status>("l2a_status"),
    column<&Previous::l2a_path_out>("l2a_path_out"),
    column<&Previous::measurement_date>("measurement_date"),
    column<&Previous::n_jobs_run_since_last_init>("n_jobs_run_since_last_init"),
    column<&Previous::n_l2a_produced_since_last_init>("n_l2a_produced_since_last_init"),
};

using Following = FscRlieJob::FollowingJob;
constexpr std::array following_columns{
    column<&Following::id>("job_id"),
    column<&Following::l1c_id>("l1c_id"),
    column<&Following::l1c_path>("l1c_path"),
    column<&Following::l2a_status>("l2a_status"),
    column<&Following::fsc_path>("fsc_path"),
    column<&Following::backward_reprocessing_run>("backward_reprocessing_run"),
    column<&Following::measurement_date>("measurement_date"),
    column<&Following::esa_creation>("l1c_esa_creation_date"),
};

}  // namespace

std::span<Column<FscRlieJob> const> FscRlieJob::columns() {
    return fsc_rlie_columns;
}

std::span<Column<FscRlieJob::PreviousJob> const> FscRlieJob::PreviousJob::columns() {
    return previous_columns;
}

std::span<Column<FscRlieJob::FollowingJob> const> FscRlieJob::FollowingJob::columns() {
    return following_columns;
}

}  // namespace hrsi::jobs
