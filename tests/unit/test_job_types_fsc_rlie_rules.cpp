// SPDX-License-Identifier: Apache-2.0
// The configuration and creation rules of FSC/RLIE that need no database
// (fsc_rlie_rules.hpp and FscRlieJob's rules), with what the database would give them built
// by hand. The same rules against the database: tests/integration/test_job_types_fsc_rlie*.cpp.
#include <hrsi/job_types/fsc_rlie/fsc_rlie_rules.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace hrsi;
using namespace hrsi::jobs;
using namespace std::chrono;

namespace {

util::TimePoint on_day(int n) {
    return util::parse_time("2025-01-01T10:00:00Z") + days(n);
}

FscRlieJob job_on(int measured_day) {
    FscRlieJob job;
    job.common.tile_id = "32TLR";
    job.l1c_id = fmt::format("L1C-{}", measured_day);
    job.l1c_path = fmt::format("/eodata/L1C-{}.SAFE", measured_day);
    job.measurement_date = on_day(measured_day);
    job.l1c_esa_creation_date = on_day(measured_day) + hours(2);
    return job;
}

FscRlieJob::PreviousJob previous_on(int measured_day, std::optional<JobStatus> status, std::optional<L2aStatus> l2a) {
    FscRlieJob::PreviousJob previous;
    previous.id = 100 + measured_day;
    previous.last_status = status;
    previous.l2a_status = l2a;
    previous.l2a_path_out = fmt::format("/hrsi-sip-data/32TLR/L2A/{}", measured_day);
    previous.measurement_date = on_day(measured_day);
    previous.n_jobs_run_since_last_init = 3;
    previous.n_l2a_produced_since_last_init = 2;
    return previous;
}

// A job after the first of a backward run that the run can take: L2A generated, degraded.
FscRlieJob::FollowingJob follower_on(int measured_day) {
    return {200 + measured_day,
            fmt::format("L1C-{}", measured_day),
            fmt::format("/eodata/L1C-{}.SAFE", measured_day),
            L2aStatus::generated,
            fmt::format("/eodata/HRSI/FSC_{}_0", measured_day),
            false,
            on_day(measured_day),
            on_day(measured_day) + hours(2)};
}

std::vector<FscRlieJob::FollowingJob> followers_from(int first_day, int count, int step = 1) {
    std::vector<FscRlieJob::FollowingJob> followers;
    for (int i = 0; i < count; ++i) followers.push_back(follower_on(first_day + i * step));
    return followers;
}

MajaSettings settings(bool backward_enabled = true) {
    return {8, backward_enabled, days(10)};
}

}  // namespace

TEST_CASE("fsc_rlie rules: the status the previous job allows", "[fsc_rlie][rules]") {
    auto job = job_on(10);
    SECTION("no previous job, or one not strictly earlier: ready") {
        CHECK(job.status_from_previous() == JobStatus::ready);
        job.previous = previous_on(10, JobStatus::ready, L2aStatus::pending);
        CHECK(job.status_from_previous() == JobStatus::ready);
    }
    SECTION("a previous job not processed yet (or not in the history): configured") {
        for (auto status : {JobStatus::initialized, JobStatus::configured, JobStatus::ready, JobStatus::processing,
                            JobStatus::post_processing}) {
            job.previous = previous_on(9, status, L2aStatus::generated);
            CHECK(job.status_from_previous() == JobStatus::configured);
        }
        job.previous = previous_on(9, std::nullopt, L2aStatus::generated);
        CHECK(job.status_from_previous() == JobStatus::configured);
    }
    SECTION("a processed previous job: ready only with its L2A generated") {
        job.previous = previous_on(9, JobStatus::processed, L2aStatus::generated);
        CHECK(job.status_from_previous() == JobStatus::ready);
        job.previous = previous_on(9, JobStatus::done, L2aStatus::generation_aborted);
        CHECK(job.status_from_previous() == JobStatus::configured);
        job.previous = previous_on(9, JobStatus::done, std::nullopt);
        CHECK(job.status_from_previous() == JobStatus::configured);
    }
    SECTION("a previous job in error holds a backward re-run, not a nominal job") {
        job.previous = previous_on(9, JobStatus::internal_error, L2aStatus::generated);
        CHECK(job.status_from_previous() == JobStatus::ready);
        job.reprocessing_context = ReprocessingContext::backward;
        CHECK(job.status_from_previous() == JobStatus::configured);
    }
}

TEST_CASE("fsc_rlie rules: MAJA continues the previous L2A within the threshold", "[fsc_rlie][rules]") {
    auto job = job_on(10);
    CHECK_FALSE(job.continues_previous_l2a(days(10)));
    job.previous = previous_on(0, JobStatus::done, L2aStatus::generated);
    CHECK(job.continues_previous_l2a(days(10)));  // exactly the threshold
    CHECK_FALSE(job.continues_previous_l2a(days(9)));
    job.previous->measurement_date -= microseconds(1);
    CHECK_FALSE(job.continues_previous_l2a(days(10)));
    job.previous = previous_on(9, JobStatus::done, L2aStatus::pending);
    CHECK_FALSE(job.continues_previous_l2a(days(10)));
    job.previous = previous_on(9, JobStatus::done, L2aStatus::generated);
    job.previous->l2a_path_out.reset();
    CHECK_FALSE(job.continues_previous_l2a(days(10)));
    job.previous = previous_on(10, JobStatus::done, L2aStatus::generated);  // not earlier
    CHECK_FALSE(job.continues_previous_l2a(days(10)));
}

TEST_CASE("fsc_rlie rules: a backward run needs exactly the followers, degraded, generated, close", "[fsc_rlie][rules]") {
    auto const start = on_day(0);
    CHECK(can_run_backward(start, followers_from(1, 7), 7, days(10)));
    CHECK_FALSE(can_run_backward(start, followers_from(1, 6), 7, days(10)));
    CHECK(can_run_backward(start, followers_from(10, 7, 10), 7, days(10)));  // gaps of exactly the threshold
    CHECK_FALSE(can_run_backward(start, followers_from(11, 7, 10), 7, days(10)));
    auto followers = followers_from(1, 7);
    SECTION("a product not degraded") {
        followers[3].fsc_path = "/eodata/HRSI/FSC_4_1";
    }
    SECTION("a product missing") {
        followers[3].fsc_path.reset();
    }
    SECTION("an L2A not generated") {
        followers[6].l2a_status = L2aStatus::pending;
    }
    SECTION("already reprocessed backward") {
        followers[0].backward_reprocessing_run = true;
    }
    CHECK_FALSE(can_run_backward(start, followers, 7, days(10)));
}

TEST_CASE("fsc_rlie rules: MAJA's mode and counters", "[fsc_rlie][rules]") {
    auto job = job_on(10);
    int asked = 0;
    auto usable = [&] {
        ++asked;
        return followers_from(11, 7);
    };
    auto unusable = [&] {
        ++asked;
        return followers_from(11, 6);
    };
    SECTION("nominal from the previous L2A, without asking for followers") {
        job.previous = previous_on(9, JobStatus::done, L2aStatus::generated);
        CHECK_FALSE(job.choose_maja_mode(settings(), usable));
        CHECK(asked == 0);
        CHECK(job.maja_mode == MajaMode::nominal);
        CHECK(job.l2a_path_in == job.previous->l2a_path_out);
        CHECK(job.job_id_for_last_valid_l2a == job.previous->id);
        CHECK(job.n_jobs_run_since_last_init == 4);
        CHECK(job.n_l2a_produced_since_last_init == 2);
        // With enough L2As since the init, the tile is due for a backward reprocessing.
        job.previous->n_l2a_produced_since_last_init = 8;
        CHECK(job.choose_maja_mode(settings(), usable));
        CHECK_FALSE(job.choose_maja_mode(settings(false), usable));
    }
    SECTION("backward over the followers") {
        CHECK(job.choose_maja_mode(settings(), usable));
        CHECK(asked == 1);
        CHECK(job.maja_mode == MajaMode::backward);
        CHECK(job.l1c_id_list == "L1C-10;L1C-11;L1C-12;L1C-13;L1C-14;L1C-15;L1C-16;L1C-17");
        CHECK(job.l1c_path_list->starts_with("/eodata/L1C-10.SAFE;/eodata/L1C-11.SAFE;"));
        CHECK(job.n_jobs_run_since_last_init == 8);
        CHECK(job.n_l2a_produced_since_last_init == 8);
    }
    SECTION("init when the followers do not allow a backward run, or backward is off") {
        job.backward_reprocessing_run = true;
        CHECK_FALSE(job.choose_maja_mode(settings(), unusable));
        CHECK(asked == 1);
        CHECK(job.maja_mode == MajaMode::init);
        CHECK(job.n_jobs_run_since_last_init == 0);
        CHECK(job.n_l2a_produced_since_last_init == 0);
        CHECK_FALSE(job.backward_reprocessing_run);
        CHECK_FALSE(job.choose_maja_mode(settings(false), usable));
        CHECK(asked == 1);
        CHECK(job.maja_mode == MajaMode::init);
    }
}

TEST_CASE("fsc_rlie rules: MAJA's settings come from the system parameters", "[fsc_rlie][rules]") {
    db::SystemParameterValues parameters({{"maja_backward_required_job_number", "integer", "5", {}},
                                          {"activate_backward_reprocessing", "boolean", "false", {}},
                                          {"maja_consecutive_jobs_threshold_value", "integer", "12", {}}});
    auto const read = MajaSettings::of(parameters);
    CHECK(read.backward_required_jobs == 5);
    CHECK(read.followers_count() == 4);
    CHECK_FALSE(read.backward_enabled);
    CHECK(read.consecutive_jobs_threshold == days(12));
}

TEST_CASE("fsc_rlie rules: the priority of a new job from its publication dates", "[fsc_rlie][rules]") {
    auto job = job_on(0);
    job.l1c_esa_publication_date = on_day(0) + hours(23);
    job.l1c_dias_publication_date = on_day(0) + hours(25);
    job.job_pre_insertion_setup(false);
    CHECK(job.common.priority == Priority::nrt);
    CHECK(job.nrt);
    CHECK(job.l2a_status == L2aStatus::pending);
    job.l1c_dias_publication_date = on_day(0) + hours(26);  // 3 h after ESA
    job.job_pre_insertion_setup(false);
    CHECK(job.common.priority == Priority::delayed);
    job.l1c_esa_publication_date = on_day(1);  // 24 h after sensing
    job.l1c_dias_publication_date.reset();  // then the ESA one
    job.job_pre_insertion_setup(false);
    CHECK(job.common.priority == Priority::delayed);
    job.job_pre_insertion_setup(true);
    CHECK(job.common.priority == Priority::reprocessing);
    CHECK_FALSE(job.nrt);
    CHECK_FALSE(job.l1c_reference_job);
    CHECK_FALSE(job.l2a_status);
}

TEST_CASE("fsc_rlie rules: new L1Cs sorted into jobs, duplicates, re-publications and reprocessing",
          "[fsc_rlie][rules]") {
    auto const now = on_day(30);
    auto const start_date = on_day(2);
    auto make = [](int measured_day, std::string id, hours esa_after, hours published_after) {
        auto job = std::make_unique<FscRlieJob>(job_on(measured_day));
        job->l1c_id = std::move(id);
        job->l1c_esa_creation_date = on_day(measured_day) + esa_after;
        job->l1c_dias_publication_date = on_day(measured_day) + published_after;
        return job;
    };
    KnownL1cs known;
    known.l1c_ids = {"in-database"};
    known.by_tile_and_date[{"32TLR", on_day(5)}].push_back({77, on_day(5) + hours(2), nullptr});
    known.by_tile_and_date[{"32TLR", on_day(6)}].push_back({78, on_day(6) + hours(9), nullptr});

    std::vector<std::unique_ptr<FscRlieJob>> candidates;
    candidates.push_back(make(4, "in-database", hours(2), hours(3)));   // a known L1C id
    candidates.push_back(make(5, "newer-version", hours(5), hours(6)));  // takes job 77's reference
    candidates.push_back(make(6, "older-version", hours(4), hours(6)));  // job 78 is newer
    candidates.push_back(make(5, "same-creation", hours(2), hours(7)));  // as job 77: a duplicate
    candidates.push_back(make(7, "first", hours(1), hours(2)));
    candidates.push_back(make(7, "republished", hours(3), hours(4)));    // takes "first"'s reference
    candidates.push_back(make(8, "first-late", hours(1), hours(2)));
    candidates.push_back(make(8, "too-late", hours(3), hours(25)));      // over 24 h after sensing
    candidates.push_back(make(1, "before-start", hours(1), hours(2)));   // sensed before the start date
    candidates.push_back(make(9, "first", hours(1), hours(2)));          // repeats an id of the batch
    FscRlieJob* const first = candidates[4].get();

    JobsToCreate result;
    auto const demoted = sort_new_jobs(std::move(candidates), known, start_date, now, result);
    CHECK(demoted == std::vector<std::int64_t>{77});
    CHECK(result.duplicates == std::vector<std::string>{"in-database", "same-creation", "too-late", "first"});
    std::vector<std::string> created;
    for (auto const& job : result.jobs) {
        auto const& fsc = dynamic_cast<FscRlieJob const&>(*job);
        created.push_back(fmt::format("{}{}", fsc.l1c_id, fsc.l1c_reference_job ? "" : " (not reference)"));
    }
    CHECK(created == std::vector<std::string>{"newer-version", "older-version (not reference)",
                                              "first (not reference)", "republished", "first-late"});
    CHECK_FALSE(first->l1c_reference_job);
    REQUIRE(result.reprocessed_jobs.size() == 1);
    CHECK(dynamic_cast<FscRlieJob const&>(*result.reprocessed_jobs[0]).l1c_id == "before-start");
}
