// SPDX-License-Identifier: Apache-2.0
#pragma once

// Nomad through its command-line client (`nomad`, configured by NOMAD_ADDR, NOMAD_TOKEN,
// NOMAD_CACERT... as usual): dispatching a job's worker, looking at a dispatch's allocations,
// stopping a dispatch. Only the documented CLI output is read.

#include <hrsi/error.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hrsi::nomad {

struct NomadOptions {
    std::string program = "nomad";  // $HRSI_NOMAD, else "nomad" on PATH
    std::chrono::seconds timeout{30};
};

// (The programs read HRSI_NOMAD and HRSI_NOMAD_TIMEOUT: cli::nomad_options_from_environment.)

// Why a Nomad command failed, as the reference tells them apart (§4.3).
enum class Failure {
    timeout,      // no answer in time ("Nomad Command Timeout Error": the job is handed back)
    unreachable,  // connection refused, unknown host: Nomad is down or NOMAD_ADDR is wrong
    not_found,    // the parametrized job (or the dispatch) does not exist ("Nomad Command Error")
    error,        // anything else Nomad refused ("Nomad Command Error")
};

class NomadError : public Error {
public:
    NomadError(Failure failure, std::string const& message) : Error(message), m_failure(failure) {}
    [[nodiscard]] int exit_code() const noexcept override {
        return m_failure == Failure::error || m_failure == Failure::not_found ? exit_internal : exit_unavailable;
    }
    [[nodiscard]] Failure failure() const noexcept { return m_failure; }

private:
    Failure m_failure;
};

// The token that makes a dispatch of one attempt happen once, however often it is retried.
[[nodiscard]] std::string idempotency_token(std::int64_t job_id, int attempt);

struct Dispatch {
    std::string dispatch_id;         // "si-processing/dispatch-1700000000-ab12cd34"
    bool placement_problem = false;  // exit status 2: dispatched, but not placeable yet
};

// nomad job dispatch -detach -meta job_id=<id> -meta attempt=<n> -idempotency-token <token> <job>
[[nodiscard]] Dispatch dispatch_job(NomadOptions const& options, std::string const& nomad_job,
                                    std::int64_t job_id, int attempt);

struct Allocation {
    std::string id;
    std::string client_status;  // pending, running, complete, failed, lost
    std::string desired_status;
};

// nomad job allocs -json <dispatch id>. Throws NomadError (not_found when the dispatch is gone).
[[nodiscard]] std::vector<Allocation> job_allocations(NomadOptions const& options, std::string const& dispatch_id);

// Whether none of the allocations can still run the worker (all complete, failed or lost).
[[nodiscard]] bool all_finished(std::vector<Allocation> const& allocations) noexcept;

// nomad job stop -detach <dispatch id>; a dispatch that is already gone is fine.
void stop_job(NomadOptions const& options, std::string const& dispatch_id);

}  // namespace hrsi::nomad
