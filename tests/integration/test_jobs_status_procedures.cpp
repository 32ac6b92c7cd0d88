// SPDX-License-Identifier: Apache-2.0
// GET_JOBS_WITH_STATUS_PROCEDURE_NAME against the direct queries of the lifecycle. Promotion
// (dispatch/promotion.cpp) locks the configured jobs it takes (`for update skip locked`, which
// a set-returning function's rows cannot take) and publication (publish/publisher.cpp) reads
// the candidates of every active type in one query: both filter hrsi.jobs on job_type and
// last_status directly. This test proves that, for every registered type, the type's procedure
// (jobs::jobs_with_last_status) gives exactly the jobs of that direct filter.
#include "temp_database.hpp"

#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>

using namespace hrsi;
using Ids = std::vector<std::int64_t>;

namespace {

Ids direct_filter(db::Connection& conn, std::string_view type, std::vector<JobStatus> const& statuses) {
    auto const rows = conn.query(
        "select id from hrsi.jobs where job_type = $1 and last_status = any ($2::smallint[]) order by id",
        std::string(type), statuses);
    Ids ids;
    for (int r = 0; r < rows.rows(); ++r) ids.push_back(rows.get_int(r, 0));
    return ids;
}

Ids through_procedure(db::Connection& conn, jobs::JobTypeEntry const& type, std::vector<JobStatus> const& statuses) {
    Ids ids;
    for (auto const& job : jobs::jobs_with_last_status(conn, type, statuses)) ids.push_back(job->common.id);
    return ids;
}

void create(db::Connection& conn, std::string_view type, std::string const& products) {
    std::istringstream in(products);
    util::Log log("test", -1);
    jobs::create_jobs(conn, jobs::builtin_job_types().find(type), in, {}, log);
}

}  // namespace

TEST_CASE("status procedures: each type's procedure gives the jobs of the lifecycle's direct filters",
          "[jobs][procedures]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // FSC/RLIE: on each tile the first job is ready, the next ones wait in configured.
    std::string l1cs;
    for (auto const* tile : {"31TGL", "32TLR"}) {
        for (auto const* date : {"20240105", "20240110", "20240115"}) {
            l1cs += fmt::format("S2A_MSIL1C_{}T104031_N0510_R108_T{}_{}T123456.SAFE\n", date, tile, date);
        }
    }
    create(conn, "fsc_rlie_job", l1cs);
    // Test jobs walked to each status the lifecycle selects on.
    create(conn, "test_job", "p1\np2\np3\np4\np5\np6\n");
    auto const test_ids = direct_filter(conn, "test_job", {JobStatus::ready});
    REQUIRE(test_ids.size() == 6);
    std::vector<std::vector<JobStatus>> const walks = {
        {},
        {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
         JobStatus::post_processing, JobStatus::processed},
        {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
         JobStatus::post_processing, JobStatus::processed, JobStatus::start_publication},
        {JobStatus::cancelled},
    };
    for (std::size_t i = 0; i < walks.size(); ++i) {
        for (auto status : walks[i]) jobs::set_job_status(conn, test_ids[i], status);
    }

    std::vector<std::vector<JobStatus>> const selections = {
        {JobStatus::configured},                        // promotion
        {JobStatus::ready},                             // dispatch
        {JobStatus::processed, JobStatus::start_publication, JobStatus::published},  // publication
        {JobStatus::initialized, JobStatus::configured},
        {JobStatus::cancelled, JobStatus::done},
    };
    for (auto const& type : jobs::builtin_job_types().types()) {
        for (auto const& statuses : selections) {
            INFO(type.info->type_name << " with " << statuses.size() << " status(es), first "
                                      << status_name(statuses.front()));
            CHECK(through_procedure(conn, type, statuses) == direct_filter(conn, type.info->type_name, statuses));
        }
    }
    // The data is not trivial: each type has jobs in several of the selections.
    auto const& fsc = jobs::builtin_job_types().find("fsc_rlie_job");
    CHECK(through_procedure(conn, fsc, {JobStatus::configured}).size() == 4);
    CHECK(through_procedure(conn, fsc, {JobStatus::ready}).size() == 2);
    auto const& test = jobs::builtin_job_types().find("test_job");
    CHECK(through_procedure(conn, test, {JobStatus::processed, JobStatus::start_publication, JobStatus::published})
              .size() == 2);
}
