// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace hrsi::tools {

// hrsi-status: look at jobs and act on them.
struct StatusOptions {
    cli::CommonOptions common;
    std::string command;                 // show, history, list, set, summary
    std::vector<std::string> arguments;  // job ids or '-' (set: ids then the status)
    bool json = false;                   // JSON Lines
    bool ids_only = false;               // list: one id per line
    std::vector<std::string> types;      // list: --type (comma lists allowed)
    std::vector<std::string> statuses;   // list: --status
    std::string tile;                    // list: --tile
    std::string since;                   // list: --since (time or age such as 2h)
    std::string until;                   // list: --until
    std::optional<std::int64_t> limit;   // list: --limit
    std::string subtype;                 // set: --subtype
    std::string message;                 // set: --message
    std::optional<int> attempt;          // set: --attempt (fencing, as a worker would)
    bool dry_run = false;                // set: change nothing
};

void add_status_options(CLI::App& app, StatusOptions& options);

// Runs the chosen command; ids from `in` when an argument is '-'. Data on `out`, messages
// on stderr. Returns the exit code; throws hrsi::Error for failures that stop everything.
int run_status(StatusOptions const& options, std::istream& in, std::ostream& out);

}  // namespace hrsi::tools
