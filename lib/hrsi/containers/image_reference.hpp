// SPDX-License-Identifier: Apache-2.0
#pragma once

// Values that end up in a container runtime's command line, checked before they get there.

#include <string_view>

namespace hrsi::containers {

// True when `reference` is an image reference of the OCI distribution grammar
// (github.com/distribution/reference): [domain[:port]/]path-component[/...][:tag][@digest],
// path components in lowercase letters and digits joined by '.', '_', '__' or dashes, a tag of
// at most 128 word characters, dots and dashes, a name of at most 255 characters. Anything
// else, notably a value starting with '-' that the runtime would take for an option, is not.
[[nodiscard]] bool is_image_reference(std::string_view reference);

// True when `user` is a container user as `--user` takes it: a name or number, optionally
// ":group" (name or number), letters, digits, '_', '.', '-', not starting with '-' or '.'.
[[nodiscard]] bool is_container_user(std::string_view user);

}  // namespace hrsi::containers
