// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/util/log.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace hrsi::cli {

// Options every program has.
struct CommonOptions {
    std::string db;      // --db: libpq URI or connection string; empty: HRSI_DB, then PG* defaults
    int verbose = 0;     // -v, repeatable
    bool quiet = false;  // -q
    std::string log_format;  // --log-format human|json; empty: $HRSI_LOG_FORMAT, else human
};

// Adds --db, --config, -v and -q in a "Common options" group, and the manual-page footer.
void add_common_options(CLI::App& app, CommonOptions& options, std::string const& program);

// The log of a program, at the level its options ask for.
[[nodiscard]] util::Log make_log(std::string const& program, CommonOptions const& options);

// The connection string to use (--db, else HRSI_DB, else ""). Throws UsageError when --db
// carries a password: passwords belong in PGPASSWORD or a password file.
[[nodiscard]] std::string resolve_db(CommonOptions const& options);

// Connects and checks the schema is at this programs' version.
[[nodiscard]] db::Connection connect_checked(CommonOptions const& options,
                                             std::string const& program);

// Parses the command line and runs `body`, mapping every error to its exit code (the only
// place that does): 64 for usage, the code of an hrsi::Error, 70 for anything else.
// With `common`, the final error is logged in the chosen --log-format.
int run_main(CLI::App& app, int argc, char const* const* argv, std::function<int()> const& body);
int run_main(CLI::App& app, int argc, char const* const* argv, CommonOptions const& common,
             std::function<int()> const& body);

// Adds a subcommand that records its name in `chosen` when given. Programs check `chosen`
// themselves (no require_subcommand(): CLI11 would report a missing command before an
// unknown option).
CLI::App* add_command(CLI::App& app, std::string& chosen, std::string const& name,
                      std::string const& description);

// A check for options that take a positive number: "must be a positive number, not 'x'"
// (CLI11's own PositiveNumber prints an unreadable range).
[[nodiscard]] CLI::Validator positive_number();

// Splits "a,b,c" lists given once or several times (--status ready,queued --status done).
[[nodiscard]] std::vector<std::string> split_list(std::vector<std::string> const& values);

}  // namespace hrsi::cli
