// SPDX-License-Identifier: Apache-2.0
#pragma once

// Slurm through its command-line clients (sbatch, squeue, scancel; configured by SLURM_CONF as
// usual): submitting a batch job, reading the state of jobs, cancelling them. Only the
// documented, stable outputs are read (sbatch --parsable, squeue -o).

#include <hrsi/error.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hrsi::slurm {

struct SlurmOptions {
    std::filesystem::path bin_dir;  // $HRSI_SLURM_BIN: the folder of sbatch, squeue, scancel; empty: PATH
    std::chrono::seconds timeout{30};
};

// (The programs read HRSI_SLURM_BIN and HRSI_SLURM_TIMEOUT: cli::slurm_options_from_environment.)

// Why a Slurm command failed.
enum class Failure {
    timeout,      // no answer in time: the job may or may not have been submitted
    unreachable,  // the controller cannot be reached (down, SLURM_CONF wrong, munge down)
    refused,      // Slurm refused the request (unknown partition, impossible resources, policy)
};

class SlurmError : public Error {
public:
    SlurmError(Failure failure, std::string const& message) : Error(message), m_failure(failure) {}
    [[nodiscard]] int exit_code() const noexcept override {
        return m_failure == Failure::refused ? exit_internal : exit_unavailable;
    }
    [[nodiscard]] Failure failure() const noexcept { return m_failure; }

private:
    Failure m_failure;
};

// The handle hrsi stores for a Slurm job: "slurm:<job id>" or "slurm:<array job id>_<task>".
inline constexpr std::string_view handle_prefix = "slurm:";
[[nodiscard]] bool is_slurm_handle(std::string_view handle) noexcept;
// "slurm:123_4" → "123_4".
[[nodiscard]] std::string job_id_of(std::string_view handle);

struct Submission {
    std::vector<std::string> options;  // sbatch options (--job-name=..., --array=...)
    std::string script;                // the batch script's text (kept by Slurm with the job)
    // Set in sbatch's environment, which the job inherits (--export=ALL): never on a command line.
    std::map<std::string, std::string> environment;
};

// sbatch --parsable <options> <script file>: returns the job id. The script goes through a
// private (0600) temporary file that is removed afterwards.
[[nodiscard]] std::string submit(SlurmOptions const& options, Submission const& submission);

struct JobState {
    std::string id;      // "123" or "123_4"
    std::string state;   // PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, ...
    std::string reason;  // squeue's %r
};

// squeue -h -r -t all: every job the controller still knows (until MinJobAge after its end),
// array tasks one by one. Throws SlurmError.
[[nodiscard]] std::map<std::string, JobState> job_states(SlurmOptions const& options);

// Whether a job in this state runs no more (COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL,
// OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED).
[[nodiscard]] bool has_ended(std::string const& state) noexcept;

// scancel <ids>: jobs that are already gone are fine. Throws SlurmError.
void cancel(SlurmOptions const& options, std::vector<std::string> const& job_ids);

}  // namespace hrsi::slurm
