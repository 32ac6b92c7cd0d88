// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace hrsi::tools {

// hrsi-db: create, migrate and check the schema; read and set system parameters.
struct DbOptions {
    cli::CommonOptions common;
    std::string command;         // init, migrate, version, check, resync, params
    std::string params_action;   // list, get, set, reset, history
    std::string name;            // parameter name
    std::string value;           // parameter value (set)
    bool dry_run = false;        // change nothing, say what would change
    bool json = false;           // JSON Lines instead of a table
};

void add_db_options(CLI::App& app, DbOptions& options);

// Runs the chosen command; data on `out`, messages on stderr. Returns the exit code
// (check: 65 when some job's cache is stale); throws hrsi::Error otherwise.
int run_db(DbOptions const& options, std::ostream& out);

}  // namespace hrsi::tools
