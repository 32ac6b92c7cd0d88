// SPDX-License-Identifier: Apache-2.0
#pragma once

// The exit codes of the SWS/WDS program (reference §5.6, run_sws_wds_worker.py
// check_processing_status): the standard table, except that 200-249 mean "processed" and
// 0xD0-0xD7 carry three flags in their low bits.

#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/child_process.hpp>

namespace hrsi::jobs {

inline constexpr int sws_wds_flags_first = 0xD0;  // 208: processed, every flag clear
inline constexpr int sws_wds_flags_last = 0xD7;   // 215: every flag set
inline constexpr int sws_wds_flag_assembly_empty = 0x01;
inline constexpr int sws_wds_flag_no_sws = 0x02;
inline constexpr int sws_wds_flag_no_wds = 0x04;

// How the program ended, and what its flags say when it processed.
struct SwsWdsExit {
    // products: processed (0, 200-249; the flags say which products are missing);
    // no_product: processed with the assembly empty and neither product (0xD7);
    // failed: 1-99 internal ("SIP unrecoverable error"), 100-199, a signal or a timeout
    // external ("SIP expected error"), 250-255 internal ("SIP expected error", the
    // reference's subtype); every failure retried.
    ProgramOutcome outcome;
    bool assembly_empty = false;  // 0x01: the slices hold no data over the tile (no assembly)
    bool no_sws = false;          // 0x02: no SWS product, even if one was wanted
    bool no_wds = false;          // 0x04: no WDS product, even if one was wanted
};

// Reads the program's ending (a pure function: no I/O).
[[nodiscard]] SwsWdsExit read_sws_wds_exit(util::ChildResult const& result);

}  // namespace hrsi::jobs
