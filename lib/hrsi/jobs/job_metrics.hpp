// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/util/time.hpp>

#include <string>

namespace hrsi::jobs {

class Registry;  // registry.hpp

// The metrics of `hrsi-status metrics`, in the Prometheus text exposition format, read in one
// read-only snapshot of the database:
//   hrsi_jobs{type,job_type_name,status}           jobs per type and last status (pairs with jobs)
//   hrsi_jobs_error_raised{type,job_type_name}     jobs that have been in error, per known type
//   hrsi_timeliness_seconds{type,job_type_name,quantile} median (0.5) and 95th percentile (0.95) of
//                                             output - input publication, types with jobs
//   hrsi_timeliness_jobs{type,job_type_name}       jobs behind those figures, per known type
//   hrsi_timeliness_missed_total{type,job_type_name} of those, jobs over timeliness_target_minutes
//   hrsi_worker_heartbeats                    rows of hrsi.worker_heartbeats
// job_type_name: the type's JOB_NAME, for people ("FSC/RLIE").
// The timeliness figures cover the jobs whose output was published at or after `since`.
[[nodiscard]] std::string prometheus_metrics(db::Connection& conn, Registry const& job_types, util::TimePoint since);

}  // namespace hrsi::jobs
