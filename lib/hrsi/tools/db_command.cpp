// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/db_command.hpp>

#include <hrsi/cli/environment.hpp>
#include <hrsi/db/migrations.hpp>
#include <hrsi/db/status_cache.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/util/output.hpp>

#include <fmt/format.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-db";

void report_migration(util::Log const& log, db::MigrationReport const& report, bool dry_run) {
    if (report.applied.empty()) {
        log.info("schema already at version {}; nothing to do", report.to_version);
        return;
    }
    for (auto const& migration : report.applied) {
        log.info("{} migration {:03} {}", dry_run ? "would apply" : "applied", migration.version,
                 migration.name);
    }
    log.info("schema {} version {} (was {})", dry_run ? "would be at" : "now at",
             report.to_version, report.from_version);
}

// A parameter value in JSON with its SQL type's JSON form: numbers, booleans, raw JSON.
void write_typed(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string const& type,
                 std::optional<std::string> const& value) {
    if (!value) {
        writer.Null();
    } else if (type == "boolean") {
        writer.Bool(*value == "true");
    } else if (type == "integer" || type == "bigint" || type == "smallint" || type == "numeric") {
        writer.RawValue(value->c_str(), value->size(), rapidjson::kNumberType);
    } else if (type == "jsonb" || type == "json") {
        writer.RawValue(value->c_str(), value->size(), rapidjson::kObjectType);
    } else {
        writer.String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
    }
}

void print_parameters(std::ostream& out, std::vector<db::SystemParameter> const& parameters,
                      bool json) {
    if (json) {
        for (auto const& p : parameters) {
            rapidjson::StringBuffer buffer;
            rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
            writer.StartObject();
            writer.Key("name");
            writer.String(p.name.c_str());
            writer.Key("type");
            writer.String(p.type.c_str());
            writer.Key("value");
            write_typed(writer, p.type, p.value);
            writer.Key("default");
            write_typed(writer, p.type, p.default_value);
            writer.EndObject();
            out << buffer.GetString() << '\n';
        }
        return;
    }
    util::Table table{{"name", "type", "value", "default"}, {}};
    for (auto const& p : parameters) {
        table.rows.push_back({p.name, p.type, p.value, p.default_value});
    }
    util::print_table(out, table, cli::stdout_wants_style());
}


int run_params(DbOptions const& options, db::Connection& conn, std::ostream& out,
               util::Log const& log) {
    auto const& action = options.params_action;
    if (action == "list") {
        print_parameters(out, db::list_system_parameters(conn), options.json);
    } else if (action == "get") {
        auto parameter = db::get_system_parameter(conn, options.name);
        if (options.json) {
            print_parameters(out, {parameter}, true);
        } else if (parameter.value) {
            out << *parameter.value << '\n';
        }
    } else if (action == "set" || action == "reset" || action == "unset") {
        auto before = db::get_system_parameter(conn, options.name);
        auto change = action == "set"     ? db::ParameterChange::value
                      : action == "reset" ? db::ParameterChange::to_default
                                          : db::ParameterChange::to_null;
        auto after = db::change_system_parameter(conn, options.name, change, options.value,
                                                 options.dry_run);
        log.info("{}{}: {} -> {}", options.dry_run ? "dry run, not changed: " : "", after.name,
                 before.value.value_or("(null)"), after.value.value_or("(null)"));
    } else if (action == "history") {
        util::print_result(out, db::system_parameter_history(conn, options.name), options.json, cli::stdout_wants_style());
    }
    return exit_ok;
}

}  // namespace

void add_db_options(CLI::App& app, DbOptions& options) {
    app.description(
        "Create, migrate and check the hrsi database schema; read and set system parameters.\n"
        "The database is --db, else $HRSI_DB, else libpq's PG* variables.");
    cli::add_common_options(app, options.common, program);

    auto add_command = [&](std::string const& name, std::string const& description) {
        return cli::add_command(app, options.command, name, description);
    };
    add_command("init", "Create the hrsi schema in a database that has none")
        ->add_flag("-n,--dry-run", options.dry_run, "Say which migrations would run; change nothing");
    add_command("migrate", "Apply the missing migrations, each in its own transaction")
        ->add_flag("-n,--dry-run", options.dry_run, "Say which migrations would run; change nothing");
    add_command("version", "Print the database's schema version (0: no schema)");
    add_command("check", "List jobs whose cached status disagrees with their history (exit 65 if any)")
        ->add_flag("--json", options.json, "JSON Lines instead of a table");
    add_command("resync", "Rewrite the cached status of those jobs from their history; print their ids")
        ->add_flag("-n,--dry-run", options.dry_run, "Say which jobs would be repaired; change nothing");

    auto* params = add_command("params", "List, get or set system parameters (the live settings)");
    auto add_action = [&](std::string const& name, std::string const& description) {
        return cli::add_command(*params, options.params_action, name, description);
    };
    add_action("list", "All parameters with type, value and default")
        ->add_flag("--json", options.json, "JSON Lines instead of a table");
    auto* get = add_action("get", "Print one parameter's value (nothing when it is null)");
    get->add_option("NAME", options.name, "Parameter name")->required();
    get->add_flag("--json", options.json, "A JSON object with type and default");
    auto* set = add_action("set", "Set a parameter; the value is checked and recorded in the history");
    set->add_option("NAME", options.name, "Parameter name")->required();
    set->add_option("VALUE", options.value,
                    "New value: a number, true/false, a date YYYY-MM-DD, text, or JSON for *_list")
        ->required();
    set->add_flag("-n,--dry-run", options.dry_run, "Check the value; change nothing");
    auto* reset = add_action("reset", "Set a parameter back to its default");
    reset->add_option("NAME", options.name, "Parameter name")->required();
    reset->add_flag("-n,--dry-run", options.dry_run, "Check; change nothing");
    auto* unset = add_action("unset", "Clear a parameter (null: no value, or no limit for *_timeout_minutes)");
    unset->add_option("NAME", options.name, "Parameter name")->required();
    unset->add_flag("-n,--dry-run", options.dry_run, "Check; change nothing");
    auto* history = add_action("history", "Every change of one parameter, oldest first");
    history->add_option("NAME", options.name, "Parameter name")->required();
    history->add_flag("--json", options.json, "JSON Lines instead of a table");
}

int run_db(DbOptions const& options, std::ostream& out) {
    if (options.command.empty()) {
        throw UsageError("say which command: init, migrate, version, check, resync or params");
    }
    if (options.command == "params" && options.params_action.empty()) {
        throw UsageError("say which params command: list, get, set, reset, unset or history");
    }
    auto log = cli::make_log(program, options.common);
    auto conn = db::Connection::open(cli::resolve_db(options.common), program);
    log.debug("connected to {}", conn.describe_target());
    auto const& command = options.command;
    if (command == "init") {
        report_migration(log, db::init_schema(conn, options.dry_run), options.dry_run);
    } else if (command == "migrate") {
        report_migration(log, db::migrate(conn, options.dry_run), options.dry_run);
    } else if (command == "version") {
        int version = db::schema_version(conn);
        out << version << '\n';
        if (version < db::latest_schema_version()) {
            log.warn("these programs use schema version {}; run 'hrsi-db {}'",
                     db::latest_schema_version(), version == 0 ? "init" : "migrate");
        }
    } else if (command == "check") {
        db::require_current_schema(conn);
        auto stale = db::stale_status_cache(conn);
        if (stale.rows() > 0) {
            util::print_result(out, stale, options.json, cli::stdout_wants_style());
            log.error("{} job(s) have a cached status that disagrees with their history; run "
                      "'hrsi-db resync'",
                      stale.rows());
            return exit_data;
        }
        log.info("every job's cached status matches its history");
    } else if (command == "resync") {
        db::require_current_schema(conn);
        auto repaired = db::resync_status_cache(conn, options.dry_run);
        for (auto id : repaired) {
            out << id << '\n';
        }
        log.info("{} {} job(s)", options.dry_run ? "would repair" : "repaired", repaired.size());
    } else if (command == "params") {
        db::require_current_schema(conn);
        return run_params(options, conn, out, log);
    }
    return exit_ok;
}

}  // namespace hrsi::tools
