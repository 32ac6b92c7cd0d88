// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_exit_codes.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {

std::optional<std::string_view> gfsc_exit_code_meaning(int code) noexcept {
    switch (code) {
        case 0: return "processed";
        case gfsc_exit_no_input: return "no input product to process";
        case 32: return "an input product or its metadata could not be read";
        case 33: return "empty input product list";
        case 120: return "parameters file not given";
        // gf.py: a parameter missing; gf1.py and gf2.py: the rasters could not be written.
        case 121: return "parameters file incomplete, or the rasters could not be written";
        case 122: return "the product could not be copied to the output folder";
        case 123: return "a raster is not a valid cloud-optimized GeoTIFF";
        case 131: return "an input product could not be processed";
        default: return std::nullopt;
    }
}

ProgramOutcome gfsc_program_outcome(util::ChildResult const& result) {
    auto outcome = standard_program_outcome(result);  // 1-99 and 100-199 as the reference
    if (result.ending != util::ChildResult::Ending::exited) return outcome;  // external
    int const code = result.exit_code;
    if (code != 0) {
        if (auto const meaning = gfsc_exit_code_meaning(code)) {
            outcome.description = fmt::format("{} ({})", outcome.description, *meaning);
        }
    }
    if (code >= 200) {
        // The reference raises nothing for these and reads the outputs as after 0.
        outcome.kind = ProgramOutcome::Kind::products;
        outcome.failure = FailureKind::internal;
        outcome.subtype.clear();
        outcome.retry = true;
        outcome.description = fmt::format("{} (not a gf.py code: the outputs decide, as in the reference)",
                                          outcome.description);
    }
    return outcome;
}

}  // namespace hrsi::jobs
