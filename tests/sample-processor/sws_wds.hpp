// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "parameters.hpp"

#include <optional>

namespace sample {

// The bits of the SWS/WDS program's exit codes 0xD0-0xD7 (README.md).
inline constexpr int sws_wds_exit_flags = 0xD0;
inline constexpr int flag_assembly_empty = 0x01;
inline constexpr int flag_no_sws = 0x02;
inline constexpr int flag_no_wds = 0x04;

// Stands in for sws_wds_create_wsm.py (README.md): builds the assembly of the slices (or reads
// the master's), then writes the SWS and WDS products asked for under <output_folder>/data.
// `forced_flags` (0-7, --flags): the flags to end with, whatever the inputs say. Returns 0, or
// 0xD0 + the flags. Throws Failure.
[[nodiscard]] int run_sws_wds(Parameters const& parameters, std::optional<int> forced_flags);

}  // namespace sample
