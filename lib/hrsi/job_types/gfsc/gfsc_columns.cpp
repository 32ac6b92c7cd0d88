// SPDX-License-Identifier: Apache-2.0
// The columns of hrsi.gfsc_jobs (sql/021), each declared once.
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/jobs/json_columns.hpp>

namespace hrsi::jobs {
namespace {

using Job = GfscJob;
constexpr auto input = ColumnRole::input;

constexpr std::array gfsc_columns{
    column<&JobCommon::tile_id, Job>("tile_id", input),
    column<&Job::nrt>("nrt"),
    column<&Job::missions>("missions"),
    column<&Job::triggering_product_id>("triggering_product_id", input),
    column<&Job::triggering_product_publication_date>("triggering_product_publication_date", input),
    column<&Job::fsc_id_list>("fsc_id_list", input),
    column<&Job::fsc_publication_date_list>("fsc_publication_date_list", input),
    column<&Job::fsc_measurement_date_list>("fsc_measurement_date_list", input),
    column<&Job::wds_id_list>("wds_id_list", input),
    column<&Job::wds_publication_date_list>("wds_publication_date_list", input),
    column<&Job::wds_measurement_date_list>("wds_measurement_date_list", input),
    column<&Job::sws_id_list>("sws_id_list", input),
    column<&Job::sws_publication_date_list>("sws_publication_date_list", input),
    column<&Job::sws_measurement_date_list>("sws_measurement_date_list", input),
    column<&Job::gfsc_id_list>("gfsc_id_list", input),
    column<&Job::obsolete_product_id_list>("obsolete_product_id_list"),
    column<&Job::gfsc_infos>("gfsc_infos"),
    column<&Job::gfsc_id>("gfsc_id"),
    column<&Job::gfsc_path>("gfsc_path"),
    column<&Job::sensing_start_date>("sensing_start_date"),
    column<&Job::sensing_end_date>("sensing_end_date"),
    column<&Job::completion_date>("completion_date"),
    column<&Job::product_date>("product_date", input),
    column<&Job::curation_timestamp>("curation_timestamp", input),
    column<&Job::aggregation_timespan>("aggregation_timespan", input),
    column<&Job::gfsc_json_publication_date>("gfsc_json_publication_date"),
    column<&Job::overriding_job_id>("overriding_job_id"),
    column<&Job::reprocessing_context>("reprocessing_context"),
};

}  // namespace

std::span<Column<GfscJob> const> GfscJob::columns() {
    return gfsc_columns;
}

}  // namespace hrsi::jobs
