// SPDX-License-Identifier: Apache-2.0
#pragma once

// Values put on another program's command line (rclone, nomad, sbatch, docker/podman) must not
// be taken for options by it.

#include <string_view>

namespace hrsi::util {

// Throws InternalError naming `what` when `value` is empty, starts with '-' (the program would
// read an option), or holds a control character (a line break splits logs and scripts).
void check_argument(std::string_view value, std::string_view what);

}  // namespace hrsi::util
