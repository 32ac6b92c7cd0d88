// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "parameters.hpp"

namespace sample {

// The stand-in of components/gf/gf.py (README.md, "gfsc_job"): the GFSC product of the
// template's day from the staged FSC, WDS, SWS and GFSC products. Returns the exit code (0,
// 31 no input, 32 an input product or its metadata missing); throws Failure otherwise.
[[nodiscard]] int run_gfsc(Parameters const& parameters);

}  // namespace sample
