// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/fsc_rlie/fsc_rlie_rules.hpp>

#include <algorithm>

namespace hrsi::jobs {
namespace {

// Whether a new job is a duplicate of the known versions of its tile and date, else takes or
// leaves the reference: see sort_new_jobs.
bool is_duplicate(FscRlieJob const& job, std::vector<KnownL1cs::Job> const& same_date, util::TimePoint now) {
    bool const in_time =
        job.l1c_dias_publication_date.value_or(now) - job.measurement_date <= duplicate_input_product_valid_time;
    bool const new_version = std::none_of(same_date.begin(), same_date.end(), [&](KnownL1cs::Job const& known) {
        return known.esa_creation == job.l1c_esa_creation_date;
    });
    return !in_time || !new_version;
}

// A re-publication within 24 h replaces the previous versions as reference. An older version
// that arrives after a newer one (an input out of publication order) gets the job it would
// have had, as the newer version had replaced it.
void take_reference(FscRlieJob& job, std::vector<KnownL1cs::Job> const& same_date, std::vector<std::int64_t>& demoted) {
    bool const newest = std::all_of(same_date.begin(), same_date.end(), [&](KnownL1cs::Job const& known) {
        return known.esa_creation < job.l1c_esa_creation_date;
    });
    if (!newest) {
        job.l1c_reference_job = false;
        return;
    }
    for (auto const& known : same_date) {
        if (known.candidate) {
            known.candidate->l1c_reference_job = false;
        } else {
            demoted.push_back(known.job_id);
        }
    }
}

}  // namespace

bool can_run_backward(util::TimePoint start, std::span<FscRlieJob::FollowingJob const> followers, std::size_t count,
                      std::chrono::days threshold) {
    if (followers.size() != count) {
        return false;
    }
    auto previous_measurement = start;
    for (auto const& follower : followers) {
        bool usable = follower.l2a_status == L2aStatus::generated && follower.fsc_path && follower.fsc_path->ends_with("_0") &&
                      !follower.backward_reprocessing_run &&
                      follower.measurement_date - previous_measurement <= threshold;
        if (!usable) {
            return false;
        }
        previous_measurement = follower.measurement_date;
    }
    return true;
}

std::vector<std::int64_t> sort_new_jobs(std::vector<std::unique_ptr<FscRlieJob>> candidates, KnownL1cs& known,
                                        util::TimePoint start_date, util::TimePoint now, JobsToCreate& result) {
    std::vector<std::int64_t> demoted;
    for (auto& job : candidates) {
        if (!known.l1c_ids.insert(job->l1c_id).second) {
            result.duplicates.push_back(job->l1c_id);
            continue;
        }
        auto& same_date = known.by_tile_and_date[{job->common.tile_id, job->measurement_date}];
        if (!same_date.empty()) {
            if (is_duplicate(*job, same_date, now)) {
                result.duplicates.push_back(job->l1c_id);
                continue;
            }
            take_reference(*job, same_date, demoted);
        }
        same_date.push_back({0, job->l1c_esa_creation_date, job.get()});
        if (job->measurement_date < start_date) {
            result.reprocessed_jobs.push_back(std::move(job));
        } else {
            result.jobs.push_back(std::move(job));
        }
    }
    return demoted;
}

}  // namespace hrsi::jobs
