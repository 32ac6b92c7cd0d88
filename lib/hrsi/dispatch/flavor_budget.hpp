// SPDX-License-Identifier: Apache-2.0
#pragma once

// The local executor's budget: the CPUs and memory it may give its running jobs, each weighed
// by its type's flavor (WORKER_FLAVOR_NAME).

#include <hrsi/jobs/job_template.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace hrsi::dispatch {

struct Resources {
    double cpus = 0;
    std::uint64_t memory = 0;  // bytes
};

// A flavor's CPUs and memory (its GB read as GiB, as the Slurm executor does).
[[nodiscard]] Resources flavor_resources(jobs::WorkerFlavor const& flavor) noexcept;

// Whether a job needing `job` may start beside running jobs that use `in_use`, under `budget`.
[[nodiscard]] bool fits(Resources const& budget, Resources const& in_use, Resources const& job) noexcept;

// "16G", "512M", "1.5GiB", "2048" (bytes): a memory size, binary units (K, M, G, T; an optional
// "iB" or "B"). Throws UsageError when it is not one or is zero.
[[nodiscard]] std::uint64_t parse_memory_size(std::string_view text);

// "2 CPU(s), 16 GiB": for logs.
[[nodiscard]] std::string describe(Resources const& resources);

}  // namespace hrsi::dispatch
