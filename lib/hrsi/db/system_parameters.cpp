// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/system_parameters.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <memory>

namespace hrsi::db {
namespace {

// A column default as the catalog holds it ('2021-05-01'::date) in the form of a value.
std::optional<std::string> plain_default(std::optional<std::string> sql) {
    if (!sql || sql->size() < 2 || sql->front() != '\'') {
        return sql;
    }
    auto cast = sql->rfind("'::");
    if (cast == std::string::npos || cast == 0) {
        return sql;
    }
    std::string text;
    for (std::size_t i = 1; i < cast; ++i) {
        text += (*sql)[i];
        if ((*sql)[i] == '\'' && i + 1 < cast && (*sql)[i + 1] == '\'') {
            ++i;  // '' stands for '
        }
    }
    return text;
}

// Every type prints in one plain form: scalars as their text, arrays and objects as JSON.
constexpr char const* plain_value =
    "case when jsonb_typeof({0}) in ('array', 'object') then ({0})::text else {0} #>> '{{}}' end";

std::vector<SystemParameter> read_parameters(Connection& conn,
                                             std::optional<std::string> const& only) {
    auto result = conn.query(
        fmt::format(
            "select c.column_name, c.data_type, c.column_default, {} as value "
            "  from information_schema.columns c, hrsi.system_parameters p "
            " where c.table_schema = 'hrsi' and c.table_name = 'system_parameters' "
            "   and c.column_name <> 'id' and ($1::text is null or c.column_name = $1::text) "
            " order by c.column_name",
            fmt::format(plain_value, "to_jsonb(p) -> c.column_name::text")),
        only);
    std::vector<SystemParameter> parameters;
    for (int r = 0; r < result.rows(); ++r) {
        parameters.push_back(SystemParameter{std::string(result.get(r, 0)),
                                             std::string(result.get(r, 1)),
                                             result.get_optional(r, 3),
                                             plain_default(result.get_optional(r, 2))});
    }
    return parameters;
}

}  // namespace

std::vector<SystemParameter> list_system_parameters(Connection& conn) {
    return read_parameters(conn, std::nullopt);
}

SystemParameterValues::SystemParameterValues(std::vector<SystemParameter> parameters)
    : m_parameters(std::move(parameters)) {}

SystemParameter const& SystemParameterValues::find(std::string_view name) const {
    for (auto const& parameter : m_parameters) {
        if (parameter.name == name) {
            return parameter;
        }
    }
    throw InternalError(fmt::format("no system parameter '{}' in this database", name));
}

std::optional<std::string> SystemParameterValues::text(std::string_view name) const {
    return find(name).value;
}

std::optional<long long> SystemParameterValues::optional_integer(std::string_view name) const {
    auto const& value = find(name).value;
    if (!value) {
        return std::nullopt;
    }
    try {
        std::size_t used = 0;
        long long number = std::stoll(*value, &used);
        if (used == value->size()) {
            return number;
        }
    } catch (std::exception const&) {
    }
    throw InternalError(fmt::format("system parameter {} holds '{}', not an integer", name, *value));
}

long long SystemParameterValues::integer(std::string_view name) const {
    auto value = optional_integer(name);
    if (!value) {
        throw InputError(fmt::format("system parameter {} is not set; hrsi-db params set {} N",
                                     name, name));
    }
    return *value;
}

bool SystemParameterValues::boolean(std::string_view name) const {
    auto const& value = find(name).value;
    if (!value || (*value != "true" && *value != "false")) {
        throw InternalError(fmt::format("system parameter {} is not a boolean", name));
    }
    return *value == "true";
}

util::TimePoint SystemParameterValues::date(std::string_view name) const {
    auto const& value = find(name).value;
    if (!value) {
        throw InputError(fmt::format("system parameter {} is not set; hrsi-db params set {} "
                                     "YYYY-MM-DD",
                                     name, name));
    }
    return util::parse_time(*value);
}

SystemParameterValues load_system_parameters(Connection& conn) {
    return SystemParameterValues(list_system_parameters(conn));
}

SystemParameter get_system_parameter(Connection& conn, std::string const& name) {
    auto found = read_parameters(conn, name);
    if (found.empty()) {
        std::string known;
        for (auto const& parameter : list_system_parameters(conn)) {
            known += (known.empty() ? "" : ", ") + parameter.name;
        }
        throw InputError(fmt::format("unknown system parameter '{}'; known parameters: {}", name,
                                     known));
    }
    return found.front();
}

SystemParameter set_system_parameter(Connection& conn, std::string const& name,
                                     std::optional<std::string> const& value, bool dry_run) {
    return value ? change_system_parameter(conn, name, ParameterChange::value, *value, dry_run)
                 : change_system_parameter(conn, name, ParameterChange::to_default, "", dry_run);
}

SystemParameter change_system_parameter(Connection& conn, std::string const& name,
                                        ParameterChange change, std::string const& value,
                                        bool dry_run) {
    auto parameter = get_system_parameter(conn, name);  // refuses unknown names
    Transaction tx(conn);
    auto update = fmt::format("update hrsi.system_parameters set {} = {} where id = 1",
                              conn.quote_identifier(parameter.name),
                              change == ParameterChange::value        ? "$1"
                              : change == ParameterChange::to_default ? "default"
                                                                      : "null");
    try {
        if (change == ParameterChange::value) {
            conn.query(update, value);
        } else {
            conn.exec(update);
        }
    } catch (InputError const& e) {
        auto shown = change == ParameterChange::value        ? fmt::format("'{}'", value)
                     : change == ParameterChange::to_default ? std::string("its default")
                                                             : std::string("null");
        throw InputError(fmt::format("system parameter {} ({}) refuses {}: {}", parameter.name,
                                     parameter.type, shown, e.what()));
    }
    auto updated = get_system_parameter(conn, name);
    if (dry_run) {
        tx.rollback();
    } else {
        tx.commit();
    }
    return updated;
}

Result system_parameter_history(Connection& conn, std::string const& name) {
    auto parameter = get_system_parameter(conn, name);  // refuses unknown names
    return conn.query(
        fmt::format("select changed_at, changed_by, {} as value from ("
                    "  select history_id, changed_at, changed_by, to_jsonb(h) -> $1::text as v,"
                    "         lag(to_jsonb(h) -> $1::text) over (order by history_id) as previous,"
                    "         row_number() over (order by history_id) as n"
                    "    from hrsi.system_parameters_history h) x "
                    "where n = 1 or v is distinct from previous order by history_id",
                    fmt::format(plain_value, "v")),
        parameter.name);
}

}  // namespace hrsi::db
