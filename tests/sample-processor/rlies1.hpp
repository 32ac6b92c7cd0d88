// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "parameters.hpp"

#include <string_view>

namespace sample {

// Stands in for the RLIE-S1 programs (README.md). Step "intersection": which of the job's
// tiles the GRD's manifest footprint meets, written to the geometries file (null: none).
// Step "chain": one RLIE product per tile of that file, under <output_folder>/data, then
// product_dict.json. Returns 0. Throws Failure.
[[nodiscard]] int run_rlies1(Parameters const& parameters, std::string_view step);

}  // namespace sample
