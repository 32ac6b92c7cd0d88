// SPDX-License-Identifier: Apache-2.0
#include <hrsi/dispatch/flavor_budget.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace hrsi::dispatch {

namespace {
constexpr std::uint64_t gib = std::uint64_t{1} << 30;
}

Resources flavor_resources(jobs::WorkerFlavor const& flavor) noexcept {
    return {static_cast<double>(flavor.vcpus), static_cast<std::uint64_t>(flavor.ram_gb) * gib};
}

bool fits(Resources const& budget, Resources const& in_use, Resources const& job) noexcept {
    // A small tolerance: fractional CPUs add up without rounding surprises.
    return in_use.cpus + job.cpus <= budget.cpus + 1e-9 && in_use.memory + job.memory <= budget.memory;
}

std::uint64_t parse_memory_size(std::string_view text) {
    auto const invalid = [&text] {
        return UsageError(fmt::format("'{}' is not a memory size (a number of bytes, or with K, M, G or T: 16G, "
                                      "512M, 1.5GiB)",
                                      text));
    };
    double number = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || !std::isfinite(number) || number <= 0) throw invalid();
    std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    if (unit.ends_with("iB")) {
        unit.remove_suffix(2);
    } else if (unit.size() == 2 && unit.ends_with('B')) {
        unit.remove_suffix(1);
    }
    static constexpr std::array<std::pair<std::string_view, double>, 9> units{{{"", 1.0},
                                                                               {"B", 1.0},
                                                                               {"K", 1024.0},
                                                                               {"M", 1024.0 * 1024},
                                                                               {"G", 1024.0 * 1024 * 1024},
                                                                               {"T", 1024.0 * 1024 * 1024 * 1024},
                                                                               {"k", 1024.0},
                                                                               {"m", 1024.0 * 1024},
                                                                               {"g", 1024.0 * 1024 * 1024}}};
    for (auto const& [name, factor] : units) {
        if (unit != name) continue;
        auto const bytes = std::floor(number * factor);
        if (bytes < 1 || bytes > 1e18) throw invalid();
        return static_cast<std::uint64_t>(bytes);
    }
    throw invalid();
}

std::string describe(Resources const& resources) {
    return fmt::format("{:g} CPU(s), {:.3g} GiB", resources.cpus, static_cast<double>(resources.memory) / gib);
}

}  // namespace hrsi::dispatch
