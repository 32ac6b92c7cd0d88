// SPDX-License-Identifier: Apache-2.0
#pragma once

// Whether a job type's Nomad worker specification (deploy/nomad/<NOMAD_JOB_NAME>.nomad.hcl)
// agrees with the type's class parameters: its job name, the flavor constraint of
// WORKER_FLAVOR_NAME, and task memory within that flavor's.

#include <hrsi/jobs/job_template.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hrsi::nomad {

// The disagreements between `specification` (the text of a Nomad job file) and `info`, one
// sentence each; empty when they agree. Reads only the lines it checks (`job "<name>"`, the
// `${attr.platform.aws.instance-type}` constraint's value, `memory = N` in MB), not HCL at large.
[[nodiscard]] std::vector<std::string> check_worker_specification(std::string_view specification,
                                                                  jobs::JobTypeInfo const& info);

}  // namespace hrsi::nomad
