// SPDX-License-Identifier: Apache-2.0
// Running rclone, through the one child-process helper of the library.
#include "rclone_backend.hpp"

#include <hrsi/util/child_process.hpp>

#include <fmt/format.h>

namespace hrsi::storage::rclone {

Result run(StorageOptions const& options, std::vector<std::string> const& arguments) {
    // Bounded network waits: rclone's own timeouts and retries, so a dead endpoint ends as a
    // network error within about a minute per request instead of hanging the worker.
    util::ChildOptions child;
    child.arguments = {options.rclone, "--contimeout", "10s", "--timeout", "60s", "--retries", "2",
                       "--low-level-retries", "3"};
    child.arguments.insert(child.arguments.end(), arguments.begin(), arguments.end());
    // This machine's AWS_CA_BUNDLE makes rclone 1.60 fail every S3 call (SERVICES.md); rclone
    // uses the system certificates without it.
    child.unset_environment = {"AWS_CA_BUNDLE"};
    Result result;
    try {
        auto ended = util::run_child(
            child,
            [&](util::OutputStream stream, std::string_view line) {
                auto& text = stream == util::OutputStream::out ? result.out : result.err;
                text.append(line);
                text += '\n';
            },
            options.stop);
        if (ended.ending == util::ChildResult::Ending::stopped) {
            throw StorageExternalError(subtype::network_error, "the transfer was stopped on request");
        }
        if (ended.ending != util::ChildResult::Ending::exited) {
            throw StorageExternalError(subtype::network_error,
                                       fmt::format("rclone ended abnormally: {}", ended.describe()));
        }
        result.exit_code = ended.exit_code;
    } catch (util::ChildStartError const& error) {
        throw StorageInternalError(subtype::not_configured,
                                   fmt::format("cannot run '{}': {}; install rclone (Debian package "
                                               "rclone) or set HRSI_RCLONE",
                                               options.rclone, error.what()));
    }
    return result;
}

}  // namespace hrsi::storage::rclone
