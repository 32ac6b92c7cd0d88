// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/status.hpp>

#include <libpq-fe.h>

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hrsi::db {

// One statement parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

// Owns a PGresult. Accessors take 0-based row/column numbers within range.
class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) noexcept : m_result(result) {}

    explicit operator bool() const noexcept { return m_result != nullptr; }
    [[nodiscard]] PGresult* get() const noexcept { return m_result.get(); }

    [[nodiscard]] int rows() const noexcept { return PQntuples(get()); }
    [[nodiscard]] int columns() const noexcept { return PQnfields(get()); }
    [[nodiscard]] std::string_view column_name(int column) const noexcept {
        return PQfname(get(), column);
    }
    // The number of a named column; throws InternalError when the result has none.
    [[nodiscard]] int column(std::string_view name) const;
    [[nodiscard]] bool is_null(int row, int column) const noexcept {
        return PQgetisnull(get(), row, column) != 0;
    }
    // The text of a value ("" for NULL).
    [[nodiscard]] std::string_view get(int row, int column) const noexcept {
        return {PQgetvalue(get(), row, column),
                static_cast<std::size_t>(PQgetlength(get(), row, column))};
    }
    [[nodiscard]] std::optional<std::string> get_optional(int row, int column) const {
        if (is_null(row, column)) {
            return std::nullopt;
        }
        return std::string(get(row, column));
    }
    // The value as an integer; throws InternalError when it is NULL or not a number.
    [[nodiscard]] std::int64_t get_int(int row, int column) const;
    [[nodiscard]] Oid column_type(int column) const noexcept { return PQftype(get(), column); }
    // Affected rows of an INSERT/UPDATE/DELETE.
    [[nodiscard]] std::int64_t affected_rows() const;

private:
    struct Clear {
        void operator()(PGresult* result) const noexcept { PQclear(result); }
    };
    std::unique_ptr<PGresult, Clear> m_result;
    // Column numbers by name, built on the first column() call: rows are often read by name
    // many times over (job views have dozens of columns).
    mutable std::unordered_map<std::string_view, int> m_columns;
};

// Conversions of C++ values to statement parameters.
inline Param to_param(std::nullptr_t) { return std::nullopt; }
inline Param to_param(std::string value) { return value; }
inline Param to_param(std::string_view value) { return std::string(value); }
inline Param to_param(char const* value) { return std::string(value); }
inline Param to_param(bool value) { return std::string(value ? "true" : "false"); }
inline Param to_param(JobStatus status) { return std::to_string(status_id(status)); }
template <std::integral T>
    requires(!std::same_as<T, bool>)
Param to_param(T value) {
    return std::to_string(value);
}
template <typename T>
Param to_param(std::optional<T> const& value) {
    return value ? to_param(*value) : std::nullopt;
}
// A PostgreSQL array literal for `= any($1)`: {1,2,3}.
Param to_param(std::vector<std::int64_t> const& values);
Param to_param(std::vector<JobStatus> const& values);
Param to_param(std::vector<std::string> const& values);
// Elements may be NULL: {"a",NULL}.
Param to_param(std::vector<std::optional<std::string>> const& values);

// Owns a PGconn. Every statement with values takes them as parameters.
class Connection {
public:
    // Connects with a libpq connection string or URI (empty: libpq's defaults and PG*
    // variables). Sessions run in UTC. Throws ServiceUnavailable naming the target (never the
    // password) when the server cannot be reached.
    static Connection open(std::string const& conninfo, std::string const& application_name);

    explicit operator bool() const noexcept { return m_conn != nullptr; }
    [[nodiscard]] PGconn* get() const noexcept { return m_conn.get(); }

    // Runs SQL without parameters (several statements allowed): DDL, migrations, BEGIN.
    Result exec(std::string_view sql);
    // Runs one statement with its values as parameters $1, $2, ...
    Result query_params(std::string_view sql, std::span<Param const> params);
    template <typename... Args>
    Result query(std::string_view sql, Args const&... args) {
        std::vector<Param> params{to_param(args)...};
        return query_params(sql, params);
    }

    // The same for a statement run many times on this connection: prepared once under `name`
    // (the server then plans it once), executed with its values as parameters.
    Result query_prepared_params(std::string const& name, std::string_view sql,
                                 std::span<Param const> params);
    template <typename... Args>
    Result query_prepared(std::string const& name, std::string_view sql, Args const&... args) {
        std::vector<Param> params{to_param(args)...};
        return query_prepared_params(name, sql, params);
    }

    // Runs `copy ... from stdin` with `data` in COPY's text format (see append_copy_row).
    // Returns the rows copied.
    std::int64_t copy_in(std::string_view copy_sql, std::string_view data);
    // The same in steps, for data sent as it is made (CopyStream): start, send any number of
    // times, finish (with `failure`: abandon the COPY, which then fails with that message).
    void start_copy(std::string_view copy_sql);
    void send_copy_data(std::string_view data);
    std::int64_t finish_copy(std::string_view copy_sql, char const* failure = nullptr);

    // Whether a transaction is open (BEGIN without COMMIT or ROLLBACK yet).
    [[nodiscard]] bool in_transaction() const noexcept {
        return PQtransactionStatus(get()) != PQTRANS_IDLE;
    }

    // An identifier quoted for SQL text ("Name" -> "\"Name\""); identifiers are the only
    // values that go into SQL text, and only through this.
    [[nodiscard]] std::string quote_identifier(std::string_view name) const;

    // "database 'hrsi' as user 'postgres' on /tmp/sock:5432" (never the password).
    [[nodiscard]] std::string describe_target() const;

private:
    struct Finish {
        void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
    };
    explicit Connection(PGconn* conn) noexcept : m_conn(conn) {}
    Result check(PGresult* result, std::string_view sql);
    std::unique_ptr<PGconn, Finish> m_conn;
    std::unordered_map<std::string, std::string> m_prepared;  // name -> SQL
};

// A transaction that rolls back unless commit() was called. A failed COMMIT throws.
class Transaction {
public:
    explicit Transaction(Connection& conn, std::string_view begin = "begin");
    Transaction(Transaction const&) = delete;
    Transaction& operator=(Transaction const&) = delete;
    ~Transaction();
    void commit();
    void rollback();

private:
    Connection& m_conn;
    bool m_open = true;
};

// Appends one row in COPY's text format: fields separated by tabs, NULL as \N, backslash,
// tab, newline and carriage return escaped.
void append_copy_row(std::string& out, std::span<Param const> fields);
// Appends one field's value, escaped (no separator).
void append_copy_field(std::string& out, std::string_view value);

// The database target of a connection string, for messages (never the password).
[[nodiscard]] std::string describe_conninfo(std::string const& conninfo);
// The same connection string aimed at another database on the same server, as key='value'
// pairs. Throws InputError when the string does not parse.
[[nodiscard]] std::string conninfo_with_dbname(std::string const& conninfo,
                                               std::string const& dbname);
// Whether a connection string carries a password (refused on command lines).
[[nodiscard]] bool conninfo_has_password(std::string const& conninfo);

}  // namespace hrsi::db
