// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::db {

// One column of the single-row hrsi.system_parameters table.
struct SystemParameter {
    std::string name;
    std::string type;                    // SQL type: integer, date, boolean, jsonb, text
    std::optional<std::string> value;    // nullopt: NULL (no value / no limit)
    std::optional<std::string> default_value;  // the column default, as SQL
};

[[nodiscard]] std::vector<SystemParameter> list_system_parameters(Connection& conn);

// Throws InputError naming the known parameters when `name` is not one.
[[nodiscard]] SystemParameter get_system_parameter(Connection& conn, std::string const& name);

// Sets a parameter (nullopt: back to its default) in one transaction; the database validates
// the value (type, range, known job types) and records the new row in the history.
// Throws InputError with the reason when the value is refused. Returns the new value.
SystemParameter set_system_parameter(Connection& conn, std::string const& name,
                                     std::optional<std::string> const& value,
                                     bool dry_run = false);

// Every recorded value of one parameter that differs from the one before: changed_at,
// changed_by, value.
[[nodiscard]] Result system_parameter_history(Connection& conn, std::string const& name);

}  // namespace hrsi::db
