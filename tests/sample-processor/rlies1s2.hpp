// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "parameters.hpp"

namespace sample {

// Stands in for rlie_s1s2_processing_chain.py (README.md): reads every RLIE product folder of
// the tile in rlie_s1_dir and rlie_s2_dir, and writes one RLIE product of mission S1-S2 under
// <output_folder>/data, dated by the earliest S2 product, then product_dict.json. Returns 0.
// Throws Failure (missing input: no product of the tile in either folder).
[[nodiscard]] int run_rlies1s2(Parameters const& parameters);

}  // namespace sample
