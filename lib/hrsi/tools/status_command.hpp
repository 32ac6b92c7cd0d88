// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>

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
    std::string command;                 // show, history, list, set, relaunch, cancel, summary,
                                         // timeliness, metrics, watch
    std::vector<std::string> arguments;  // job ids or '-' (set: ids then the status)
    bool json = false;                   // JSON Lines
    bool ids_only = false;               // list: one id per line
    // Filters of list, and of set/relaunch/cancel in place of ids (bulk selection).
    std::vector<std::string> types;      // --type (comma lists allowed); also timeliness
    std::vector<std::string> statuses;   // --status
    std::string tile;                    // --tile
    std::string since;                   // --since (time or age such as 2h); also timeliness, metrics
    std::string until;                   // --until; also timeliness
    std::optional<std::int64_t> limit;   // list: --limit
    bool yes = false;                    // set/relaunch/cancel: act on more than 5 selected jobs
    std::string subtype;                 // set: --subtype
    std::string message;                 // set, relaunch, cancel: --message
    std::optional<int> attempt;          // set: --attempt (fencing, as a worker would)
    bool dry_run = false;                // set, relaunch, cancel: change nothing
    std::string output;                  // metrics: --output FILE, written atomically
    double interval = 2.0;               // watch: --interval seconds
    std::optional<int> count;            // watch: --count refreshes, then stop
};

// More jobs than this, selected by filters, need --yes.
inline constexpr std::size_t bulk_confirmation_threshold = 5;

void add_status_options(CLI::App& app, StatusOptions& options);

// Runs the chosen command on the jobs of `job_types`'s types (their JOB_NAME); ids from `in` when an argument is '-'. Data on `out`, messages
// on stderr. Returns the exit code; throws hrsi::Error for failures that stop everything.
int run_status(StatusOptions const& options, jobs::Registry const& job_types, std::istream& in, std::ostream& out);

}  // namespace hrsi::tools
