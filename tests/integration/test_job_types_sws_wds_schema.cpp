// SPDX-License-Identifier: Apache-2.0
// The SWS/WDS table (sql/017_sws_wds_job.sql) and the master election stored under the
// creation lock.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_master_store.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <exception>
#include <latch>
#include <thread>

using namespace hrsi;

namespace {

struct NewJob {
    std::string name;
    std::string assembly;
    std::string measured;                     // timestamptz
    std::string s1_ids;                       // ';'-joined
    std::optional<std::string> fsc_ids = {};  // ';'-joined
};

std::int64_t insert_sws_wds_job(db::Connection& conn, NewJob const& job) {
    return conn.query(
        "with j as (insert into hrsi.jobs (job_type, name, tile_id) values ('sws_wds_job', $1, left($1, 5)) "
        "           returning id, tile_id) "
        "insert into hrsi.sws_wds_jobs (job_id, tile_id, measurement_date, s1_id_list, s1_path_list, "
        "  assembly_id, assembly_status, assembly_params, fsc_id_list) "
        "select id, tile_id, $2, $3, '/eodata/' || $3, $4, 'pending', '{\"epsg\": 32632}', $5 from j "
        "returning job_id",
        job.name, job.measured, job.s1_ids, job.assembly, job.fsc_ids).get_int(0, 0);
}

std::int64_t master_of(db::Connection& conn, std::int64_t job) {
    return conn.query("select assembly_master_job_id from hrsi.sws_wds_jobs where job_id = $1", job)
        .get_int(0, 0);
}

}  // namespace

TEST_CASE("sws_wds schema: key with nulls not distinct, view, functions, parameters",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();

    auto const sws = insert_sws_wds_job(conn, {"32TLR_04A1B2_S1A", "S1A_04A1B2_32632_a", "2024-01-05T05:40:00Z", "S1A_IW_GRDH_1"});
    // The key: the same slices without FSC on the same tile are the same job, even though NULL;
    // on another tile of the assembly, another job.
    CHECK_THROWS(insert_sws_wds_job(conn, {"32TLR_04A1B2_S1A_bis", "S1A_04A1B2_32632_a", "2024-01-05T05:40:00Z", "S1A_IW_GRDH_1"}));
    CHECK_NOTHROW(insert_sws_wds_job(conn, {"32TMR_04A1B2_S1A", "S1A_04A1B2_32632_a", "2024-01-05T05:40:00Z", "S1A_IW_GRDH_1"}));
    // With an FSC they are another (the WDS of the tile).
    auto const wds = insert_sws_wds_job(conn, {"32TLR_04A1B2_S1A_wds", "S1A_04A1B2_32632_a", "2024-01-05T05:40:00Z",
                                               "S1A_IW_GRDH_1", "FSC_20240105T103421_S2A_T32TLR_V102_1"});
    CHECK(master_of(conn, sws) == jobs::master_undecided);
    CHECK_THROWS(conn.query("update hrsi.sws_wds_jobs set assembly_status = 'built' where job_id = $1", sws));
    CHECK_THROWS(conn.query("update hrsi.sws_wds_jobs set assembly_master_job_id = -2 where job_id = $1", sws));

    jobs::set_job_status(conn, sws, JobStatus::initialized);
    auto const listed = conn.query(
        "select id, name, last_status_name, assembly_id from hrsi.sws_wds_jobs_with_last_status($1::smallint[])",
        std::vector<JobStatus>{JobStatus::initialized});
    REQUIRE(listed.rows() == 1);
    CHECK(listed.get_int(0, 0) == sws);
    CHECK(listed.get(0, 2) == "initialized");
    CHECK(listed.get(0, 3) == "S1A_04A1B2_32632_a");

    CHECK(conn.query("select * from hrsi.last_job_with_fsc_publication_latest_date()").rows() == 0);
    conn.query("update hrsi.sws_wds_jobs set fsc_publication_latest_date = '2024-01-05T13:00:00Z' where job_id = $1", wds);
    auto const last = conn.query("select id from hrsi.last_job_with_fsc_publication_latest_date()");
    REQUIRE(last.rows() == 1);
    CHECK(last.get_int(0, 0) == wds);

    // Enabled by the migration that came with its worker (018).
    CHECK(conn.query("select job_types_list ? 'sws_wds_job' from hrsi.system_parameters").get(0, 0) == "t");
    conn.query("update hrsi.system_parameters set command_for_sws_wds_processing = '[\"run_sws_wds.sh\"]'");
    CHECK_THROWS(conn.query("update hrsi.system_parameters set command_for_sws_wds_processing = '\"x\"'"));

    // A deleted job takes its child row along.
    conn.query("delete from hrsi.jobs where id = $1", wds);
    CHECK(conn.query("select count(*) from hrsi.sws_wds_jobs").get_int(0, 0) == 2);
}

TEST_CASE("sws_wds election: the jobs of an assembly follow one master, kept across batches",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();

    auto const a1 = insert_sws_wds_job(conn, {"32TLR_04A1B2_S1A", "A", "2024-01-05T05:40:00Z", "S1_1;S1_2"});
    auto const a2 = insert_sws_wds_job(conn, {"32TMR_04A1B2_S1A", "A", "2024-01-05T05:40:10Z", "S1_1;S1_3"});
    auto const b1 = insert_sws_wds_job(conn, {"32TNR_04A1B3_S1A", "B", "2024-01-05T05:40:20Z", "S1_4"});
    CHECK(jobs::store_assembly_masters(conn, {a1, a2, b1}) ==
          std::vector<std::int64_t>{jobs::master_itself, a1, jobs::master_itself});
    CHECK(master_of(conn, a2) == a1);

    // A later batch: assembly A's master stays; B's master aborted its assembly, so the new job
    // of B becomes master; a job measured over 80 s away does not see A.
    conn.query("update hrsi.sws_wds_jobs set assembly_status = 'generation_aborted' where job_id = $1", b1);
    auto const a3 = insert_sws_wds_job(conn, {"32TPR_04A1B2_S1A", "A", "2024-01-05T05:41:00Z", "S1_1;S1_5"});
    auto const b2 = insert_sws_wds_job(conn, {"32TQR_04A1B3_S1A", "B", "2024-01-05T05:40:30Z", "S1_4;S1_6"});
    CHECK(jobs::store_assembly_masters(conn, {a3, b2}) ==
          std::vector<std::int64_t>{a1, jobs::master_itself});
    auto const far = insert_sws_wds_job(conn, {"31TGL_04A1B2_S1A", "A", "2024-01-05T05:43:00Z", "S1_7"});
    CHECK(jobs::store_assembly_masters(conn, {far}) == std::vector<std::int64_t>{jobs::master_itself});

    CHECK(jobs::store_assembly_masters(conn, {}).empty());
    auto const test_job = testing::insert_test_job(conn, "not_sws_wds");
    CHECK_THROWS_AS(jobs::store_assembly_masters(conn, {test_job}), InternalError);
}

TEST_CASE("sws_wds election: two creators electing at once give an assembly one master",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto setup = database.connect();
    auto first = database.connect();
    auto second = database.connect();
    // Each round, two creators have each inserted one job of a new assembly and elect at the
    // same moment; without the lock both may see the other undecided and both become master.
    for (int round = 0; round < 10; ++round) {
        auto const assembly = fmt::format("S1A_{:06X}_32632", round);
        auto const measured = fmt::format("2024-01-05T05:{:02}:00Z", round * 5);
        auto const one = insert_sws_wds_job(setup, {fmt::format("A{}", round), assembly, measured, fmt::format("S1_{}_a", round)});
        auto const two = insert_sws_wds_job(setup, {fmt::format("B{}", round), assembly, measured, fmt::format("S1_{}_b", round)});
        std::latch start(2);
        auto elect = [&start](db::Connection& conn, std::int64_t job) {
            db::Transaction tx(conn);
            start.arrive_and_wait();
            jobs::store_assembly_masters(conn, {job});
            tx.commit();
        };
        std::exception_ptr failure;
        std::jthread other([&] {
            try {
                elect(second, two);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        elect(first, one);
        other.join();
        if (failure) std::rethrow_exception(failure);
        INFO("round " << round);
        auto const masters = std::vector{master_of(setup, one), master_of(setup, two)};
        bool const one_leads = masters == std::vector<std::int64_t>{jobs::master_itself, one};
        bool const two_leads = masters == std::vector<std::int64_t>{two, jobs::master_itself};
        CHECK((one_leads || two_leads));
    }
}

TEST_CASE("sws_wds election: a follower waits for its master's assembly, then takes it or is cancelled",
          "[jobs][sws_wds]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const master = insert_sws_wds_job(conn, {"32TLR_04A1B2_S1A", "A", "2024-01-05T05:40:00Z", "S1_1"});
    auto step = [&] { return jobs::follower_step(jobs::read_master_assembly(conn, master)); };

    CHECK(step() == jobs::FollowerStep::wait);  // no status yet
    for (auto status : {JobStatus::initialized, JobStatus::configured, JobStatus::ready, JobStatus::queued,
                        JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                        JobStatus::post_processing}) {
        jobs::set_job_status(conn, master, status);
    }
    CHECK(step() == jobs::FollowerStep::wait);  // still processing
    jobs::set_job_status(conn, master, JobStatus::processed);
    CHECK(step() == jobs::FollowerStep::wait);  // processed, assembly still pending
    conn.query("update hrsi.sws_wds_jobs set assembly_status = 'generated', assembly_path = 's3://aux/A.tif' "
               "where job_id = $1", master);
    CHECK(step() == jobs::FollowerStep::ready);
    CHECK(jobs::read_master_assembly(conn, master)->path == "s3://aux/A.tif");
    for (auto const* gone : {"empty", "generation_aborted", "deleted"}) {
        conn.query("update hrsi.sws_wds_jobs set assembly_status = $2 where job_id = $1", master, gone);
        CHECK(step() == jobs::FollowerStep::cancel);
    }
    conn.query("update hrsi.sws_wds_jobs set assembly_status = null where job_id = $1", master);
    CHECK(step() == jobs::FollowerStep::cancel);  // created cancelled: no assembly will come
    CHECK(jobs::follower_step(jobs::read_master_assembly(conn, 999999)) == jobs::FollowerStep::cancel);
}
