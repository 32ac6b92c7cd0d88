// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/host.hpp>

#include <unistd.h>

#include <array>

namespace hrsi::util {

std::string host_name() {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
    return name.data();
}

}  // namespace hrsi::util
