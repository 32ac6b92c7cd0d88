// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>
#include <hrsi/status.hpp>
#include <hrsi/util/time.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hrsi::jobs {

// The SWS/WDS master election (reference §3.8, update_jobs_for_assembly_master) applied to the
// database: `batch` holds the ids of jobs just inserted in hrsi.sws_wds_jobs, in creation
// order; their assembly_master_job_id becomes what elect_masters() decides from the jobs
// measured within assembly_neighbourhood of the batch. Runs under the creation lock of the
// type (lock_type_creation, which hrsi-create-jobs takes; re-entrant within its transaction):
// two creators never elect at once, so an assembly never gets two masters. In the caller's
// transaction when one is open, else in its own. Returns the masters, in `batch`'s order.
std::vector<std::int64_t> store_assembly_masters(db::Connection& conn,
                                                 std::vector<std::int64_t> const& batch);

// The same election for jobs that may not be in the table yet (creation configures new jobs
// before it inserts them): `batch` with their ids, measured from `first` to `last`; the jobs
// of the table measured within assembly_neighbourhood of them, but for the batch's, are the
// known ones. Takes the type's creation lock for the caller's transaction, which must be open
// and write the masters before it ends (InternalError when none is open).
std::vector<std::int64_t> elect_assembly_masters(db::Connection& conn, std::span<AssemblyJob const> batch,
                                                 util::TimePoint first, util::TimePoint last);

// What a follower's configuration needs of its master: its last status (none yet: nullopt),
// its assembly's status and path.
struct MasterAssembly {
    std::optional<JobStatus> status;
    AssemblyStatus assembly = AssemblyStatus::pending;
    std::optional<std::string> path;
};

// The master of a follower (configure_single_job): nullopt when the job is gone or is not an
// SWS/WDS job, which cancels the follower as an assembly that will never come.
[[nodiscard]] std::optional<MasterAssembly> read_master_assembly(db::Connection& conn,
                                                                 std::int64_t master);

// The follower's step from its master (follow_master()); a missing master cancels.
[[nodiscard]] FollowerStep follower_step(std::optional<MasterAssembly> const& master);

}  // namespace hrsi::jobs
