// SPDX-License-Identifier: Apache-2.0
// Several connections writing statuses at once: the cache always equals the last history row,
// history order is commit order, and a transition can be won only once.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>

using namespace hrsi;

TEST_CASE("schema: concurrent writers keep the cache equal to the last history row", "[schema][concurrency]") {
    testing::TempDatabase database;
    constexpr int job_count = 8;
    constexpr int writers = 6;
    constexpr int writes_per_writer = 400;
    std::vector<std::int64_t> ids;
    {
        auto conn = database.connect();
        for (int i = 0; i < job_count; ++i) {
            ids.push_back(testing::insert_test_job(conn, "hammered-" + std::to_string(i)));
            jobs::set_job_status(conn, ids.back(), JobStatus::internal_error);
        }
    }
    // From internal_error, any sequence over {13, 14, 15} is legal: every write must succeed.
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            try {
                auto conn = database.connect();
                std::mt19937 random(static_cast<unsigned>(w + 1));
                for (int i = 0; i < writes_per_writer; ++i) {
                    // Half the writers hit job 0 (the same job); the others spread out.
                    auto job = (w % 2 == 0) ? ids[0] : ids[random() % job_count];
                    auto status = static_cast<JobStatus>(13 + random() % 3);
                    if (i % 10 == 0) {
                        // Some writes are two changes in one transaction.
                        db::Transaction tx(conn);
                        jobs::set_job_status(conn, job, status);
                        jobs::set_job_status(conn, job, JobStatus::internal_error);
                        tx.commit();
                    } else {
                        jobs::set_job_status(conn, job, status, {"subtype " + std::to_string(w), {}, {}});
                    }
                }
            } catch (std::exception const& e) {
                UNSCOPED_INFO(e.what());
                ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);

    auto conn = database.connect();
    CHECK(conn.query("select count(*) from hrsi.jobs_with_stale_status_cache()").get_int(0, 0) == 0);
    auto total = conn.query("select count(*) from hrsi.job_status_changes").get_int(0, 0);
    CHECK(total >= job_count + writers * writes_per_writer);
    // The cache's change time and subtype are those of the last row too.
    auto mismatched = conn.query(
        "select count(*) from hrsi.jobs j join lateral (select * from hrsi.job_status_changes c "
        "where c.job_id = j.id order by c.id desc limit 1) h on true "
        "where j.last_status_at <> h.changed_at or j.last_error_subtype is distinct from h.error_subtype");
    CHECK(mismatched.get_int(0, 0) == 0);
    // Ids are taken under the job lock: per job, a later id never has an earlier time.
    auto disorder = conn.query(
        "select count(*) from (select changed_at < lag(changed_at) over (partition by job_id order by id) "
        "as earlier from hrsi.job_status_changes) x where earlier");
    CHECK(disorder.get_int(0, 0) == 0);
}

TEST_CASE("schema: of many racing writers, one wins a transition", "[schema][concurrency]") {
    testing::TempDatabase database;
    std::int64_t job = 0;
    {
        auto conn = database.connect();
        job = testing::insert_test_job(conn);
        for (auto s : {JobStatus::initialized, JobStatus::configured, JobStatus::ready}) {
            jobs::set_job_status(conn, job, s);
        }
    }
    constexpr int racers = 8;
    std::atomic<int> won{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (int r = 0; r < racers; ++r) {
        threads.emplace_back([&] {
            try {
                auto conn = database.connect();
                jobs::set_job_status(conn, job, JobStatus::queued);  // ready -> queued, once
                ++won;
            } catch (InvalidTransition const&) {
                ++refused;
            } catch (...) {
                ++other;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(won == 1);
    CHECK(refused == racers - 1);
    CHECK(other == 0);
}
