// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace hrsi::util {

// Job ids from command-line arguments; an argument "-" reads more from `in` (whitespace
// separated, '#' starts a comment). Duplicates are kept once, first occurrence first.
// Throws UsageError for a bad argument, InputError for a bad token on stdin.
[[nodiscard]] std::vector<std::int64_t> read_job_ids(std::vector<std::string> const& arguments,
                                                     std::istream& in);

}  // namespace hrsi::util
