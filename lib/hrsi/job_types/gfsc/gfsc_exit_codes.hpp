// SPDX-License-Identifier: Apache-2.0
#pragma once

// The exit codes of the GFSC program (reference §5.6: run_gfsc_worker.py
// check_si_processing_status, and the codes components/gf/gf.py, gf1.py and gf2.py return).

#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/child_process.hpp>

#include <optional>
#include <string_view>

namespace hrsi::jobs {

inline constexpr int gfsc_exit_no_input = 31;  // gf.py: no input product left to process

// What gf.py means by `code` ("no input product to process"), or nothing for a code it does
// not use.
[[nodiscard]] std::optional<std::string_view> gfsc_exit_code_meaning(int code) noexcept;

// How the program ended, as the reference's worker reads it:
// 0: processed (the outputs say whether there is a product: an empty dias_catalog_submit.json
//    is none); 1-99: internal ("SIP unrecoverable error", retried); 100-199, a signal or a
//    timeout: external ("SIP expected error", retried); 200-255: processed, as the reference
//    (it raises nothing for them and reads the outputs, which must then be there).
// The description names gf.py's meaning of the code: "exit code 31 (no input product to
// process)". A pure function: no I/O.
[[nodiscard]] ProgramOutcome gfsc_program_outcome(util::ChildResult const& result);

}  // namespace hrsi::jobs
