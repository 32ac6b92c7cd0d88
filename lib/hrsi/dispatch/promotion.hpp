// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_configuration.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::dispatch {

// Configures again the jobs of the given types that wait in `configured` (their type's
// configure_single_job), promoting those whose dependency is met to ready, or cancelling them,
// as the type says. Jobs another dispatcher is promoting at the same moment are skipped. One
// transaction per type. `now` is the time the types' rules see (a wait that ends at a given
// time); nothing: the clock.
jobs::ConfigurationCounts promote_configured_jobs(db::Connection& conn, jobs::Registry const& job_types,
                                                  std::vector<std::string> const& types,
                                                  util::Log const& log,
                                                  std::optional<util::TimePoint> now = std::nullopt);

// The job types a dispatcher or monitor works on: `requested` (checked against `job_types`),
// else those of the system parameter job_types_list that the programs know.
[[nodiscard]] std::vector<std::string> active_job_types(db::Connection& conn, jobs::Registry const& job_types,
                                                        std::vector<std::string> const& requested);

}  // namespace hrsi::dispatch
