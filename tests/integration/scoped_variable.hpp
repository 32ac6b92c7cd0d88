// SPDX-License-Identifier: Apache-2.0
// An environment variable set for a scope and put back as it was after it (set or not): a test
// binary run whole keeps the services' settings (the S3 secret, the database password) for
// the tests after the one that changes them.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace hrsi::testing {

class ScopedVariable {
public:
    ScopedVariable(std::string name, std::string const& value) : m_name(std::move(name)) {
        if (char const* before = std::getenv(m_name.c_str())) m_before = before;
        ::setenv(m_name.c_str(), value.c_str(), 1);
    }
    ScopedVariable(ScopedVariable const&) = delete;
    ScopedVariable& operator=(ScopedVariable const&) = delete;
    ~ScopedVariable() {
        if (m_before) {
            ::setenv(m_name.c_str(), m_before->c_str(), 1);
        } else {
            ::unsetenv(m_name.c_str());
        }
    }

private:
    std::string m_name;
    std::optional<std::string> m_before;
};

}  // namespace hrsi::testing
