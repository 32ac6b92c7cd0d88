// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace hrsi {

// Exit codes of every program (DESIGN.md). The worker keeps its own 0/2 contract.
enum ExitCode : int {
    exit_ok = 0,
    exit_usage = 64,        // bad command line
    exit_data = 65,         // bad input data, unknown job, refused transition
    exit_unavailable = 69,  // database, broker or storage cannot be reached
    exit_internal = 70,     // a bug or an unexpected state
    exit_temporary = 75,    // try again later (serialization failure, deadlock, ...)
};

// Base of hrsi's errors; never thrown itself. what() is the whole message for the user.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    [[nodiscard]] virtual int exit_code() const noexcept = 0;
};

#define HRSI_ERROR_TYPE(Name, Base, code)                                          \
    class Name : public Base {                                                     \
    public:                                                                        \
        using Base::Base;                                                          \
        [[nodiscard]] int exit_code() const noexcept override { return code; }     \
    }

HRSI_ERROR_TYPE(UsageError, Error, exit_usage);
HRSI_ERROR_TYPE(InputError, Error, exit_data);
HRSI_ERROR_TYPE(ServiceUnavailable, Error, exit_unavailable);
HRSI_ERROR_TYPE(InternalError, Error, exit_internal);
HRSI_ERROR_TYPE(TemporaryFailure, Error, exit_temporary);
// A job id (or other named thing) that does not exist.
HRSI_ERROR_TYPE(NotFound, InputError, exit_data);
// The database refused a status write: the transition is not allowed.
HRSI_ERROR_TYPE(InvalidTransition, InputError, exit_data);
// The database refused a status write from an attempt that is no longer current.
HRSI_ERROR_TYPE(StaleAttempt, InputError, exit_data);

#undef HRSI_ERROR_TYPE

// The exit code for any exception: hrsi errors carry theirs, anything else is internal.
[[nodiscard]] int exit_code_for(std::exception const& error) noexcept;

}  // namespace hrsi
