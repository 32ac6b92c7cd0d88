// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace sample {

// The codes the real processors use for these cases (1-99: internal errors; 200-207:
// processed without product).
inline constexpr int exit_bad_parameters = 10;
inline constexpr int exit_missing_input = 11;
inline constexpr int exit_io_error = 12;
inline constexpr int exit_too_cloudy = 200;

// Ends the run: main() prints the message on stderr and exits with the code.
class Failure : public std::runtime_error {
public:
    Failure(int exit_code, std::string const& message)
        : std::runtime_error(message), m_exit_code(exit_code) {}
    [[nodiscard]] int exit_code() const noexcept { return m_exit_code; }

private:
    int m_exit_code;
};

}  // namespace sample
