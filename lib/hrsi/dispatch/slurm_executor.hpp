// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Slurm executor's batch jobs: what one sbatch asks for (the type's flavor as CPUs and
// memory, the step time limits as --time, the flavor's partition and constraint) and the batch
// script that runs hrsi-run-worker for each of its jobs (one job, or one job per task of a job
// array), honouring the worker's exit contract with a bounded loop.

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/claims.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/slurm/slurm_cli.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hrsi::dispatch {

struct SlurmExecutorOptions {
    slurm::SlurmOptions slurm;
    std::string worker_program = "hrsi-run-worker";  // as the worker nodes find it
    std::vector<std::string> worker_arguments;       // -q, -v: never a secret
    // Each job's log is <log_dir>/job-<id>-attempt-<n>.log, written on the worker node.
    std::filesystem::path log_dir = "/var/tmp/hrsi-work/slurm-logs";
    // Sourced by the batch script on the node before the worker runs (credentials kept there).
    std::optional<std::filesystem::path> environment_file;
    // Given to sbatch's environment, which the job inherits (HRSI_DB when given with --db).
    std::map<std::string, std::string> environment;
    // At most this many jobs per sbatch: a job array; 1: one sbatch per job.
    int batch = 1000;
};

// What a job of one type asks Slurm for.
struct SlurmResources {
    int cpus = 1;
    long long memory_mib = 1024;
    std::optional<std::chrono::minutes> time;  // per batch job (every run of the loop)
    std::string partition;   // empty: the cluster's default
    std::string constraint;  // empty: any node
};

// The flavor's CPUs and memory (GB read as GiB); the partition and constraint named for the
// flavor by system parameters slurm_partitions and slurm_constraints; the time limit: `runs`
// times the sum of the step limits (started, pre_processing, processing — else the type's
// program limit —, post_processing when set) plus 5 minutes per run for staging the worker.
[[nodiscard]] SlurmResources slurm_resources(jobs::JobTypeInfo const& type, db::SystemParameterValues const& parameters,
                                             int runs);

// One sbatch for these claims (all of one type): one batch job named hrsi-job-<id>-attempt-<n>
// for one claim, else a job array whose task i runs claims[i]. The worker runs at most `runs`
// times while it exits 2 (run again).
[[nodiscard]] slurm::Submission slurm_submission(std::span<jobs::Claim const> claims, SlurmResources const& resources,
                                                 SlurmExecutorOptions const& options, int runs);

// The executor handle of claims[index] once its sbatch printed `slurm_id`.
[[nodiscard]] std::string slurm_handle(std::string const& slurm_id, std::size_t claims, std::size_t index);

}  // namespace hrsi::dispatch
