// SPDX-License-Identifier: Apache-2.0
// The local executor's budget: flavors weighed as CPUs and memory, memory sizes parsed.
#include <hrsi/dispatch/flavor_budget.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using dispatch::Resources;

namespace {
constexpr std::uint64_t gib = std::uint64_t{1} << 30;
}

TEST_CASE("flavor budget: a flavor weighs its CPUs and its memory in GiB", "[dispatch][unit]") {
    auto const medium = dispatch::flavor_resources(jobs::medium);
    CHECK(medium.cpus == 2);
    CHECK(medium.memory == 16 * gib);
    CHECK(dispatch::flavor_resources(jobs::extra_small).memory == gib);
}

TEST_CASE("flavor budget: a job fits while both the CPUs and the memory do", "[dispatch][unit]") {
    Resources const budget{4, 20 * gib};
    auto const medium = dispatch::flavor_resources(jobs::medium);       // 2, 16G
    auto const tiny = dispatch::flavor_resources(jobs::extra_small);    // 1, 1G
    CHECK(dispatch::fits(budget, {}, medium));
    CHECK_FALSE(dispatch::fits(budget, medium, medium));            // memory: 32G > 20G
    CHECK(dispatch::fits(budget, medium, tiny));                     // 3 CPUs, 17G
    CHECK(dispatch::fits(budget, {3, 17 * gib}, tiny));              // 4 CPUs, 18G: just
    CHECK_FALSE(dispatch::fits(budget, {4, 18 * gib}, tiny));        // CPUs: 5 > 4
    CHECK_FALSE(dispatch::fits({1, 64 * gib}, {}, medium));          // larger than the whole budget
}

TEST_CASE("flavor budget: memory sizes", "[dispatch][unit]") {
    CHECK(dispatch::parse_memory_size("16G") == 16 * gib);
    CHECK(dispatch::parse_memory_size("16GiB") == 16 * gib);
    CHECK(dispatch::parse_memory_size("16GB") == 16 * gib);
    CHECK(dispatch::parse_memory_size("512M") == 512ull << 20);
    CHECK(dispatch::parse_memory_size("1.5G") == 3 * gib / 2);
    CHECK(dispatch::parse_memory_size("2048") == 2048);
    CHECK(dispatch::parse_memory_size("1T") == gib * 1024);
    for (auto const* bad : {"", "G", "-1G", "0", "0.0000001", "16X", "16 G", "nan", "1e30T", "16GG"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(dispatch::parse_memory_size(bad), UsageError);
    }
}
