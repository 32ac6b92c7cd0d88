// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::db {

// One column of the single-row hrsi.system_parameters table.
struct SystemParameter {
    std::string name;
    std::string type;                    // SQL type: integer, date, boolean, jsonb, text
    std::optional<std::string> value;    // nullopt: NULL (no value / no limit)
    std::optional<std::string> default_value;  // the column default, in the form of value
};

[[nodiscard]] std::vector<SystemParameter> list_system_parameters(Connection& conn);

// The parameters' values at one moment, with typed access. Getters throw InternalError when
// the parameter does not exist or has the wrong form, InputError when a required one is null.
class SystemParameterValues {
public:
    SystemParameterValues() = default;
    explicit SystemParameterValues(std::vector<SystemParameter> parameters);
    [[nodiscard]] std::optional<std::string> text(std::string_view name) const;
    [[nodiscard]] std::optional<long long> optional_integer(std::string_view name) const;
    [[nodiscard]] long long integer(std::string_view name) const;
    [[nodiscard]] bool boolean(std::string_view name) const;
    // A date parameter as the time point of its 00:00 UTC.
    [[nodiscard]] util::TimePoint date(std::string_view name) const;

private:
    [[nodiscard]] SystemParameter const& find(std::string_view name) const;
    std::vector<SystemParameter> m_parameters;
};

// Reads every parameter now (tools read them at use time, so edits apply to the next run).
[[nodiscard]] SystemParameterValues load_system_parameters(Connection& conn);

// Throws InputError naming the known parameters when `name` is not one.
[[nodiscard]] SystemParameter get_system_parameter(Connection& conn, std::string const& name);

// What `set_system_parameter` writes.
enum class ParameterChange {
    value,       // the given text, converted by the column's type
    to_default,  // the column default
    to_null,     // no value (for parameters where null means "none" or "no limit")
};

// Sets a parameter in one transaction; the database validates the value (type, range, known
// job types, not null) and records the new row in the history. Throws InputError with the
// reason when the value is refused. Returns the parameter as it is (or would be) afterwards.
SystemParameter set_system_parameter(Connection& conn, std::string const& name,
                                     std::optional<std::string> const& value,
                                     bool dry_run = false);
SystemParameter change_system_parameter(Connection& conn, std::string const& name,
                                        ParameterChange change, std::string const& value,
                                        bool dry_run = false);

// Every recorded value of one parameter that differs from the one before: changed_at,
// changed_by, value.
[[nodiscard]] Result system_parameter_history(Connection& conn, std::string const& name);

}  // namespace hrsi::db
