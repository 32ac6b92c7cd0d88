// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "parameters.hpp"

namespace sample {

// Stands in for the FSC/RLIE chain (MAJA, then the snow and ice processors): checks and reads
// the staged L1C (and L2A), then writes an L2A folder, the FSC and RLIE product folders and
// product_dict.json under <output_folder>/data. Returns 0, or 200 when too cloudy (no
// product). Throws Failure.
[[nodiscard]] int run_fsc_rlie(Parameters const& parameters);

}  // namespace sample
