// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>

namespace hrsi {

int exit_code_for(std::exception const& error) noexcept {
    if (auto const* known = dynamic_cast<Error const*>(&error)) {
        return known->exit_code();
    }
    return exit_internal;
}

}  // namespace hrsi
