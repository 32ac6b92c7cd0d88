// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

std::string const pair_a = "S1A_06476F_32632_20240105171530_20240105171620";
std::string const pair_b = "S1A_06476F_32632_20240105171555_20240105171645";

AssemblyJob job(std::int64_t id, std::string const& assembly, std::int64_t master = master_undecided,
                std::optional<AssemblyStatus> status = AssemblyStatus::pending) {
    return {id, assembly, master, status};
}

}  // namespace

TEST_CASE("sws_wds election: the first job of each assembly in a batch is its master",
          "[sws_wds]") {
    std::vector<AssemblyJob> const batch{job(10, pair_a), job(11, pair_a), job(12, pair_b),
                                         job(13, pair_a), job(14, pair_b)};
    CHECK(elect_masters({}, batch) == std::vector<std::int64_t>{0, 10, 0, 10, 12});
    // The batch's own rows, read back undecided with the neighbours, change nothing.
    CHECK(elect_masters(batch, batch) == std::vector<std::int64_t>{0, 10, 0, 10, 12});
}

TEST_CASE("sws_wds election: an existing master keeps its role across creation runs",
          "[sws_wds]") {
    std::vector<AssemblyJob> const known{job(3, pair_a, 0, AssemblyStatus::generated),
                                         job(4, pair_a, 3), job(5, pair_b, 0)};
    std::vector<AssemblyJob> const batch{job(20, pair_a), job(21, pair_b)};
    CHECK(elect_masters(known, batch) == std::vector<std::int64_t>{3, 5});
    SECTION("an empty assembly still has its master: followers will be cancelled") {
        std::vector<AssemblyJob> const empty{job(3, pair_a, 0, AssemblyStatus::empty)};
        CHECK(elect_masters(empty, batch) == std::vector<std::int64_t>{3, 0});
    }
    SECTION("a master whose assembly was aborted or deleted is replaced") {
        for (auto status : {AssemblyStatus::generation_aborted, AssemblyStatus::deleted}) {
            std::vector<AssemblyJob> const gone{job(3, pair_a, 0, status)};
            CHECK(elect_masters(gone, batch) == std::vector<std::int64_t>{0, 0});
        }
    }
    SECTION("two masters of one assembly (a race in the reference): the oldest wins") {
        std::vector<AssemblyJob> const two{job(7, pair_a, 0), job(6, pair_a, 0)};
        CHECK(elect_masters(two, batch) == std::vector<std::int64_t>{6, 0});
    }
    SECTION("a job created cancelled (no assembly status) is never a master") {
        std::vector<AssemblyJob> const cancelled{job(3, pair_a, 0, std::nullopt)};
        CHECK(elect_masters(cancelled, batch) == std::vector<std::int64_t>{0, 0});
    }
}

TEST_CASE("sws_wds election: a follower follows its master's assembly", "[sws_wds]") {
    using enum AssemblyStatus;
    CHECK(follow_master(std::nullopt, pending) == FollowerStep::wait);
    for (auto status : {JobStatus::initialized, JobStatus::ready, JobStatus::processing,
                        JobStatus::post_processing}) {
        CHECK(follow_master(status, generated) == FollowerStep::wait);
    }
    CHECK(follow_master(JobStatus::processed, generated) == FollowerStep::ready);
    CHECK(follow_master(JobStatus::published, generated) == FollowerStep::ready);
    CHECK(follow_master(JobStatus::processed, empty) == FollowerStep::cancel);
    CHECK(follow_master(JobStatus::processed, generation_aborted) == FollowerStep::cancel);
    CHECK(follow_master(JobStatus::done, deleted) == FollowerStep::cancel);
    // Still pending after processing: an error being retried waits; a final status cancels.
    CHECK(follow_master(JobStatus::internal_error, pending) == FollowerStep::wait);
    CHECK(follow_master(JobStatus::cancelled, pending) == FollowerStep::cancel);
    CHECK(follow_master(JobStatus::done, pending) == FollowerStep::cancel);
    CHECK(follow_master(JobStatus::cancelled, generated) == FollowerStep::ready);
}

TEST_CASE("sws_wds: assembly status names", "[sws_wds]") {
    for (auto status : {AssemblyStatus::pending, AssemblyStatus::generated, AssemblyStatus::empty,
                        AssemblyStatus::generation_aborted, AssemblyStatus::deleted}) {
        CHECK(parse_assembly_status(assembly_status_name(status)) == status);
    }
    CHECK(assembly_status_name(AssemblyStatus::generation_aborted) == "generation_aborted");
    CHECK_THROWS_AS(parse_assembly_status("aborted"), InputError);
}
