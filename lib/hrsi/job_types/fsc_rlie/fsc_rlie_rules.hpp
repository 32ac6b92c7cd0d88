// SPDX-License-Identifier: Apache-2.0
#pragma once

// The rules of FSC/RLIE's creation and configuration that need no database: what the
// database gives them comes as arguments (tests/unit/test_job_types_fsc_rlie_rules.cpp).

#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hrsi::jobs {

// Whether the `count` reference jobs after a job measured at `start` can all be reprocessed
// backward with it: L2A generated, degraded products (fsc path ending in _0), not yet
// reprocessed, each within `threshold` of the one before.
[[nodiscard]] bool can_run_backward(util::TimePoint start, std::span<FscRlieJob::FollowingJob const> followers,
                                    std::size_t count, std::chrono::days threshold);

// A re-publication of a product counts only when it comes within this delay after sensing
// (reference DUPLICATE_INPUT_PRODUCT_VALID_TIME).
inline constexpr auto duplicate_input_product_valid_time = std::chrono::hours(24);

// The jobs on the tiles and sensing starts of a batch of new L1Cs: those of the database
// (fsc_rlie_jobs_measured_in) and the batch's own, as creation sorts the batch.
struct KnownL1cs {
    struct Job {
        std::int64_t job_id;  // 0: a new job of this batch
        util::TimePoint esa_creation;
        FscRlieJob* candidate;  // the new job, else null
    };
    std::set<std::string> l1c_ids;
    std::map<std::pair<std::string, util::TimePoint>, std::vector<Job>> by_tile_and_date;
};

// Sorts new jobs (in publication order) into result.jobs, result.reprocessed_jobs (sensed
// before `start_date`) and result.duplicates (an L1C id already known; a version of a known
// L1C that came more than 24 h after sensing, or that ESA created at the same time as a known
// one). A re-publication within 24 h becomes the reference job of its tile and date: the
// known versions lose it (the batch's at once; the database's returned, to demote), unless a
// known version is newer (an input out of order), then the new job is not the reference.
// A job without DIAS publication counts as published `now`.
[[nodiscard]] std::vector<std::int64_t> sort_new_jobs(std::vector<std::unique_ptr<FscRlieJob>> candidates,
                                                      KnownL1cs& known, util::TimePoint start_date,
                                                      util::TimePoint now, JobsToCreate& result);

}  // namespace hrsi::jobs
