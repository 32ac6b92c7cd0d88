// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_exit_codes.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace hrsi::jobs {
namespace {

std::string flag_description(SwsWdsExit const& exit) {
    std::vector<std::string_view> flags;
    if (exit.assembly_empty) flags.emplace_back("assembly empty");
    if (exit.no_sws) flags.emplace_back("no SWS");
    if (exit.no_wds) flags.emplace_back("no WDS");
    if (flags.empty()) return "no flag";
    return fmt::format("{}", fmt::join(flags, ", "));
}

}  // namespace

SwsWdsExit read_sws_wds_exit(util::ChildResult const& result) {
    SwsWdsExit exit;
    auto& outcome = exit.outcome;
    outcome = standard_program_outcome(result);
    if (result.ending != util::ChildResult::Ending::exited) return exit;  // external, as the table
    int const code = result.exit_code;
    if (code >= sws_wds_flags_first && code <= sws_wds_flags_last) {
        exit.assembly_empty = (code & sws_wds_flag_assembly_empty) != 0;
        exit.no_sws = (code & sws_wds_flag_no_sws) != 0;
        exit.no_wds = (code & sws_wds_flag_no_wds) != 0;
        outcome.description = fmt::format("{} ({})", outcome.description, flag_description(exit));
    }
    if (code == 0 || (code >= 200 && code < 250)) {
        // Processed; without any flag of 0xD0-0xD7 every wanted product is expected.
        bool const nothing = exit.assembly_empty && exit.no_sws && exit.no_wds;
        outcome.kind = nothing ? ProgramOutcome::Kind::no_product : ProgramOutcome::Kind::products;
        outcome.subtype.clear();
        outcome.failure = FailureKind::internal;
        outcome.retry = true;
    } else if (code >= 250) {
        outcome.kind = ProgramOutcome::Kind::failed;
        outcome.failure = FailureKind::internal;
        outcome.subtype = "SIP expected error";  // the reference's subtype for an unknown code
        outcome.retry = true;
    }
    return exit;
}

}  // namespace hrsi::jobs
