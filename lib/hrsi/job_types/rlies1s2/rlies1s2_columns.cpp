// SPDX-License-Identifier: Apache-2.0
// The columns of hrsi.rlies1s2_jobs (sql/019), each declared once.
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>

namespace hrsi::jobs {
namespace {

using Job = RlieS1S2Job;
constexpr auto input = ColumnRole::input;

constexpr std::array rlies1s2_columns{
    column<&Job::process_date>("process_date", input),
    column<&Job::tile_id_dup>("tile_id_dup", input),
    column<&Job::rlies1_product_paths_json>("rlies1_product_paths_json", input),
    column<&Job::rlies1_publication_latest_date>("rlies1_publication_latest_date", input),
    column<&Job::rlies2_product_paths_json>("rlies2_product_paths_json", input),
    column<&Job::rlies2_publication_latest_date>("rlies2_publication_latest_date", input),
    column<&Job::measurement_date_rlies1s2>("measurement_date_rlies1s2"),
    column<&Job::rlies1s2_completion_date>("rlies1s2_completion_date"),
    column<&Job::rlies1s2_path>("rlies1s2_path"),
    column<&Job::rlies1s2_json_submitted_json>("rlies1s2_json_submitted_json"),
    column<&Job::publication_date_rlies1s2>("publication_date_rlies1s2"),
    column<&Job::reprocessing_context>("reprocessing_context"),
};

}  // namespace

std::span<Column<RlieS1S2Job> const> RlieS1S2Job::columns() {
    return rlies1s2_columns;
}

}  // namespace hrsi::jobs
