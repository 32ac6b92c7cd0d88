// SPDX-License-Identifier: Apache-2.0
#pragma once

// A job type's own columns, declared once: one line per column of its child table gives
// reading from the database (from_database_value), writing (to_database_value), the SQL
// column lists and the copy of a job's input columns. lib/hrsi/job_types/README.md shows how
// a type declares them.

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/jobs/json_columns.hpp>
#include <hrsi/util/time.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace hrsi::jobs {

namespace detail {
template <typename T>
inline constexpr bool is_optional = false;
template <typename T>
inline constexpr bool is_optional<std::optional<T>> = true;
}  // namespace detail

// ---- Enums stored as text -------------------------------------------------------------
//
// An enum whose values a column holds as text declares their texts, in the order of its
// values (0, 1, 2...), with a function found by argument-dependent lookup:
//
//   enum class MajaMode { init, nominal, backward };
//   constexpr std::array<std::string_view, 3> enum_texts(MajaMode) { return {"init", "nominal", "backward"}; }
template <typename E>
concept TextEnum = std::is_enum_v<E> && requires(E value) {
    { enum_texts(value).size() } -> std::convertible_to<std::size_t>;
    { enum_texts(value)[0] } -> std::convertible_to<std::string_view>;
};

// The text of an enum value.
template <TextEnum E>
[[nodiscard]] constexpr std::string_view enum_text(E value) {
    return enum_texts(value)[static_cast<std::size_t>(value)];
}

// An enum value as a statement parameter (found by argument-dependent lookup from db::Connection::query).
template <TextEnum E>
[[nodiscard]] db::Param to_param(E value) {
    return std::string(enum_text(value));
}

// The value of a text; `what` names the column or field in the message of the InternalError
// thrown for an unknown text ("column maja_mode holds 'nominl', not one of init, nominal,
// backward").
[[noreturn]] void throw_unknown_enum_text(std::string_view what, std::string_view text,
                                          std::span<std::string_view const> known);
template <TextEnum E>
[[nodiscard]] E enum_from_text(std::string_view text, std::string_view what) {
    auto const texts = enum_texts(E{});
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i] == text) return static_cast<E>(i);
    }
    throw_unknown_enum_text(what, text, texts);
}

// ---- Values of a column ----------------------------------------------------------------
//
// ColumnKind<T> turns a member of type T into its column's text and back: text
// (std::string), boolean (bool), integers (int, long long, std::int64_t), number (double),
// time (util::TimePoint: timestamptz), text enums, JSON lists and objects of texts
// (json_columns.hpp); and std::optional of each, NULL being nullopt. A NULL read into a member that is not optional leaves it as it is (its default in
// a new job).
template <typename T>
struct ColumnKind;

template <>
struct ColumnKind<std::string> {
    static void read(std::string_view text, std::string& value, std::string_view) { value = text; }
    static db::Param write(std::string const& value) { return value; }
};
template <>
struct ColumnKind<bool> {
    static void read(std::string_view text, bool& value, std::string_view) { value = text == "t"; }
    static db::Param write(bool value) { return db::to_param(value); }
};
// Integers and numbers refuse a text that is not one (InternalError naming the column).
long long read_integer_text(std::string_view text, std::string_view column);
double read_number_text(std::string_view text, std::string_view column);
template <std::integral T>
    requires(!std::same_as<T, bool>)
struct ColumnKind<T> {
    static void read(std::string_view text, T& value, std::string_view column) {
        value = static_cast<T>(read_integer_text(text, column));
    }
    static db::Param write(T value) { return db::to_param(value); }
};
template <>
struct ColumnKind<double> {
    static void read(std::string_view text, double& value, std::string_view column) {
        value = read_number_text(text, column);
    }
    static db::Param write(double value);
};
// A timestamptz as PostgreSQL prints it ("2026-11-27 10:00:05.12+00"); written in RFC 3339.
template <>
struct ColumnKind<util::TimePoint> {
    static void read(std::string_view text, util::TimePoint& value, std::string_view column);
    static db::Param write(util::TimePoint value) { return util::format_rfc3339(value); }
};
template <TextEnum E>
struct ColumnKind<E> {
    static void read(std::string_view text, E& value, std::string_view column) {
        value = enum_from_text<E>(text, column);
    }
    static db::Param write(E value) { return std::string(enum_text(value)); }
};
// A job status as its id (smallint, hrsi.job_status).
template <>
struct ColumnKind<JobStatus> {
    static void read(std::string_view text, JobStatus& value, std::string_view column);
    static db::Param write(JobStatus value) { return db::to_param(value); }
};
template <typename T>
struct ColumnKind<std::optional<T>> {
    static void read(std::string_view text, std::optional<T>& value, std::string_view column) {
        ColumnKind<T>::read(text, value.emplace(), column);
    }
    static db::Param write(std::optional<T> const& value) {
        return value ? ColumnKind<T>::write(*value) : db::Param{};
    }
};

// The value of a named column of a row as a T (a type ColumnKind knows): for a query that
// reads a few columns. NULL is nullopt for an optional T, else an InternalError.
[[noreturn]] void throw_null_column(std::string_view column);
template <typename T>
[[nodiscard]] T read_value(db::Result const& result, int row, std::string_view column) {
    int const number = result.column(column);
    T value{};
    if (!result.is_null(row, number)) {
        ColumnKind<T>::read(result.get(row, number), value, column);
    } else if constexpr (!detail::is_optional<T>) {
        throw_null_column(column);
    }
    return value;
}

// ---- A type's column table -------------------------------------------------------------

// What a column says about the job (copy_input_columns).
enum class ColumnRole {
    state,  // what configuration and processing set
    input,  // describes the job's input product: a new job on the same input copies it
};

// One column of a type's child table and the member of Job that holds it.
template <typename Job>
struct Column {
    std::string_view name;
    ColumnRole role;
    // `text` nullopt: NULL.
    void (*read)(Job& job, std::optional<std::string_view> text, std::string_view column);
    db::Param (*write)(Job const& job);
    void (*copy)(Job const& from, Job& to);
};

namespace detail {
template <typename Pointer>
struct MemberOf;
template <typename Class, typename Type>
struct MemberOf<Type Class::*> {
    using type = Type;
    using owner = Class;
};

// The member `member` of a job: a member of the job's class or of its JobCommon.
template <typename Job, auto member>
constexpr auto& member_of(Job& job) {
    if constexpr (std::is_same_v<typename MemberOf<decltype(member)>::owner, JobCommon>) {
        return job.common.*member;
    } else {
        return job.*member;
    }
}
}  // namespace detail

// The column `name` held by `member`, read and written by Kind (column_as<JsonDocuments,
// &RlieS1Job::product_metadata>("rlies1_product_json_submitted_json")): for a member whose type
// alone does not say how (column() below chooses by the type). NULL resets an optional member
// and empties a container; any other member keeps its value (its default in a new job).
template <typename Kind, auto member, typename Job = typename detail::MemberOf<decltype(member)>::owner>
constexpr Column<Job> column_as(std::string_view name, ColumnRole role = ColumnRole::state) {
    using Type = typename detail::MemberOf<decltype(member)>::type;
    return Column<Job>{
        name,
        role,
        [](Job& job, std::optional<std::string_view> text, std::string_view column_name) {
            auto& value = detail::member_of<Job, member>(job);
            if (text) {
                Kind::read(*text, value, column_name);
            } else if constexpr (detail::is_optional<Type>) {
                value.reset();
            } else if constexpr (requires { value.clear(); } && !std::is_same_v<Type, std::string>) {
                value.clear();
            }
        },
        [](Job const& job) { return Kind::write(detail::member_of<Job const, member>(job)); },
        [](Job const& from, Job& to) {
            detail::member_of<Job, member>(to) = detail::member_of<Job const, member>(from);
        },
    };
}

// The column `name` held by `member`, a pointer to a member of Job: column<&FscRlieJob::l1c_id>("l1c_id").
// The member's type chooses how it is read and written (ColumnKind). A common column that a
// child table repeats names JobCommon's member and the job's class:
// column<&JobCommon::tile_id, FscRlieJob>("tile_id").
template <auto member, typename Job = typename detail::MemberOf<decltype(member)>::owner>
constexpr Column<Job> column(std::string_view name, ColumnRole role = ColumnRole::state) {
    using Type = typename detail::MemberOf<decltype(member)>::type;
    return column_as<ColumnKind<Type>, member, Job>(name, role);
}

// Reads a job's columns from row `row` of a result that has them (a query on the type's view).
template <typename Job>
void read_columns(Job& job, std::span<Column<Job> const> columns, db::Result const& result, int row) {
    for (auto const& column : columns) {
        int const number = result.column(column.name);
        if (result.is_null(row, number)) {
            column.read(job, std::nullopt, column.name);
        } else {
            column.read(job, result.get(row, number), column.name);
        }
    }
}

// A job's columns to write, in the order of the table.
template <typename Job>
[[nodiscard]] ColumnValues column_values(Job const& job, std::span<Column<Job> const> columns) {
    ColumnValues values;
    values.reserve(columns.size());
    for (auto const& column : columns) values.push_back({column.name, column.write(job)});
    return values;
}

// Copies the input columns (ColumnRole::input) of `from` into `to`.
template <typename Job>
void copy_input_columns(Job const& from, Job& to, std::span<Column<Job> const> columns) {
    for (auto const& column : columns) {
        if (column.role == ColumnRole::input) column.copy(from, to);
    }
}

// "a, b, c": the columns' names for a SQL select list (names from the table, never from input).
template <typename Job>
[[nodiscard]] std::string column_list(std::span<Column<Job> const> columns, std::string_view prefix = {}) {
    std::string list;
    for (auto const& column : columns) {
        if (!list.empty()) list += ", ";
        list += prefix;
        list += column.name;
    }
    return list;
}

// The base of a job type whose columns are a table: `static std::span<Column<Job> const>
// columns()` in Job gives from_database_value and to_database_value.
template <typename Job>
class JobWithColumns : public JobTemplate {
public:
    void from_database_value(db::Result const& result, int row) override {
        read_columns(static_cast<Job&>(*this), Job::columns(), result, row);
    }
    [[nodiscard]] ColumnValues to_database_value() const override {
        return column_values(static_cast<Job const&>(*this), Job::columns());
    }
};

}  // namespace hrsi::jobs
