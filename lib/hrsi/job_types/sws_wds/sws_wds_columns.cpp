// SPDX-License-Identifier: Apache-2.0
// The columns of hrsi.sws_wds_jobs (sql/017), each declared once: its name, the member of
// SwsWdsJob that holds it (whose type says how it is read and written) and, for the columns
// that describe the inputs (the slices and the FSC), ColumnRole::input.
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>

namespace hrsi::jobs {
namespace {

using Job = SwsWdsJob;
constexpr auto input = ColumnRole::input;

constexpr std::array sws_wds_columns{
    column<&JobCommon::tile_id, Job>("tile_id", input),
    column<&Job::nrt>("nrt"),
    column<&Job::wds_infos>("wds_infos"),
    column<&Job::wds_path>("wds_path"),
    column<&Job::wds_completion_date>("wds_completion_date"),
    column<&Job::wds_json_publication_date>("wds_json_publication_date"),
    column<&Job::sws_infos>("sws_infos"),
    column<&Job::sws_path>("sws_path"),
    column<&Job::sws_completion_date>("sws_completion_date"),
    column<&Job::sws_json_publication_date>("sws_json_publication_date"),
    column<&Job::measurement_date>("measurement_date", input),
    column<&Job::s1_id_list>("s1_id_list", input),
    column<&Job::s1_path_list>("s1_path_list", input),
    column<&Job::s1_esa_publication_latest_date>("s1_esa_publication_latest_date", input),
    column<&Job::s1_dias_publication_latest_date>("s1_dias_publication_latest_date", input),
    column<&Job::assembly_id>("assembly_id", input),
    column<&Job::assembly_master_job_id>("assembly_master_job_id"),
    column<&Job::assembly_status>("assembly_status"),
    column<&Job::assembly_params>("assembly_params", input),
    column<&Job::assembly_path>("assembly_path"),
    column<&Job::assembly_return_code>("assembly_return_code"),
    column<&Job::assembly_reference_job>("assembly_reference_job"),
    column<&Job::fsc_id_list>("fsc_id_list", input),
    column<&Job::fsc_path_list>("fsc_path_list", input),
    column<&Job::fsc_creation_latest_date>("fsc_creation_latest_date", input),
    column<&Job::fsc_publication_latest_date>("fsc_publication_latest_date", input),
    column<&Job::reprocessing_context>("reprocessing_context"),
};

}  // namespace

std::span<Column<SwsWdsJob> const> SwsWdsJob::columns() {
    return sws_wds_columns;
}

}  // namespace hrsi::jobs
