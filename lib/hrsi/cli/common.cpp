// SPDX-License-Identifier: Apache-2.0
#include <hrsi/cli/common.hpp>

#include <hrsi/db/migrations.hpp>
#include <hrsi/error.hpp>
#include <hrsi/cli/environment.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>

namespace hrsi::cli {

void add_common_options(CLI::App& app, CommonOptions& options, std::string const& program) {
    // Common options may also follow the subcommand: `hrsi-status list --db URI`.
    app.fallthrough();
    app.set_config("--config", "", "Read options from a TOML file (key = value; [subcommand] sections)")
        ->type_name("FILE")
        ->group("Common options");
    app.add_option("--db", options.db,
                   "PostgreSQL connection URI or string (default: $HRSI_DB, then libpq's PG* "
                   "variables); never put the password here")
        ->type_name("URI")
        ->group("Common options");
    app.add_flag("-v,--verbose", options.verbose, "Say more on stderr (repeatable)")
        ->group("Common options");
    app.add_flag("-q,--quiet", options.quiet, "Print only errors on stderr")->group("Common options");
    app.add_option("--log-format", options.log_format,
                   "human (default) or json: one JSON object per log line, for log collectors (default: "
                   "$HRSI_LOG_FORMAT, else human)")
        ->type_name("FORMAT")
        ->group("Common options");
    app.footer(fmt::format("Exit status: 0 ok, 64 usage, 65 bad input, 69 service unavailable, "
                           "70 internal error, 75 try again.\nManual: man {}",
                           program));
}

CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            auto const value = std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || !(value > 0) || value == HUGE_VAL) {
                return fmt::format("must be a positive number, not '{}'", text);
            }
            return {};
        },
        "POSITIVE", "positive number");
}

util::Log make_log(std::string const& program, CommonOptions const& options) {
    auto const format =
        options.log_format.empty() ? cli::environment_value("HRSI_LOG_FORMAT").value_or("human") : options.log_format;
    return util::Log(program, options.quiet ? -1 : options.verbose, util::parse_log_format(format));
}

std::string resolve_db(CommonOptions const& options) {
    if (!options.db.empty()) {
        if (db::conninfo_has_password(options.db)) {
            throw UsageError(
                "--db must not contain a password (command lines are visible to every user); "
                "put it in PGPASSWORD or a password file (PGPASSFILE, ~/.pgpass)");
        }
        return options.db;
    }
    return cli::environment_value("HRSI_DB").value_or("");
}

db::Connection connect_checked(CommonOptions const& options, std::string const& program) {
    auto conn = db::Connection::open(resolve_db(options), program);
    db::require_current_schema(conn);
    return conn;
}

namespace {

int run(CLI::App& app, int argc, char const* const* argv, CommonOptions const* common,
        std::function<int()> const& body) {
    std::string program = app.get_name();
    // Errors in the format the options ask for, once they are parsed.
    auto report = [&](std::string const& message, bool usage_hint) {
        std::optional<util::Log> log;
        if (common != nullptr) {
            try {
                log = make_log(program, *common);
            } catch (std::exception const&) {
            }
        }
        if (log && log->format() == util::Log::Format::json) {
            log->error("{}", message);
        } else {
            std::cerr << program << ": " << message << '\n';
        }
        if (usage_hint) std::cerr << "Run '" << program << " --help' for usage.\n";
    };
    try {
        app.parse(argc, argv);
    } catch (CLI::CallForHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForAllHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForVersion const& e) {
        return app.exit(e);
    } catch (CLI::ParseError const& e) {
        std::cerr << program << ": " << e.what() << "\nRun '" << program << " --help' for usage.\n";
        return exit_usage;
    } catch (std::exception const& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return exit_code_for(e);
    }
    try {
        int code = body();
        // Output that did not reach its destination does not count as written.
        std::cout.flush();
        if (!std::cout) {
            report("cannot write standard output", false);
            return exit_internal;
        }
        return code;
    } catch (UsageError const& e) {
        report(e.what(), true);
        return e.exit_code();
    } catch (Error const& e) {
        report(e.what(), false);
        return e.exit_code();
    } catch (std::exception const& e) {
        report(std::string("internal error: ") + e.what(), false);
        return exit_internal;
    }
}

}  // namespace

int run_main(CLI::App& app, int argc, char const* const* argv, std::function<int()> const& body) {
    return run(app, argc, argv, nullptr, body);
}

int run_main(CLI::App& app, int argc, char const* const* argv, CommonOptions const& common,
             std::function<int()> const& body) {
    return run(app, argc, argv, &common, body);
}

CLI::App* add_command(CLI::App& app, std::string& chosen, std::string const& name,
                      std::string const& description) {
    auto* sub = app.add_subcommand(name, description);
    sub->callback([&chosen, name] { chosen = name; });
    return sub;
}

std::vector<std::string> split_list(std::vector<std::string> const& values) {
    std::vector<std::string> items;
    for (auto const& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(',', start);
            if (end == std::string::npos) end = value.size();
            auto item = value.substr(start, end - start);
            if (!item.empty()) items.push_back(item);
            start = end + 1;
        }
    }
    return items;
}

}  // namespace hrsi::cli
