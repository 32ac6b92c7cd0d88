// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/host.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <thread>

namespace hrsi::util {

std::string host_name() {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
    return name.data();
}

unsigned processor_count() {
    return std::max(1u, std::thread::hardware_concurrency());
}

std::uint64_t physical_memory() {
    auto const pages = sysconf(_SC_PHYS_PAGES);
    auto const page_size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

}  // namespace hrsi::util
