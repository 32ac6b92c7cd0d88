// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/connection.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace hrsi::db {
namespace {

std::string first_line(std::string_view sql) {
    auto start = sql.find_first_not_of(" \n\t");
    if (start == std::string_view::npos) {
        return {};
    }
    sql.remove_prefix(start);
    auto line = sql.substr(0, sql.find('\n'));
    return std::string(line.substr(0, 120));
}

// A libpq message (null: none) without its surrounding blanks.
std::string trimmed(char const* text) {
    return std::string(util::trimmed(text != nullptr ? text : ""));
}

// A result that is no error: a command done, rows, or a COPY ready for data.
bool succeeded(ExecStatusType status) {
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN;
}

[[noreturn]] void throw_for(PGconn* conn, PGresult* result, std::string_view sql) {
    std::string state = trimmed(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    std::string message = trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    if (message.empty()) {
        message = trimmed(PQerrorMessage(conn));
    }
    std::string detail = trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL));
    std::string hint = trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_HINT));
    std::string full = message;
    // "Failing row contains (...)" repeats every column: noise for the reader.
    if (!detail.empty() && !detail.starts_with("Failing row contains")) {
        full += fmt::format(" ({})", detail);
    }
    if (!hint.empty()) {
        full += fmt::format("; hint: {}", hint);
    }
    if (state == "HRS01") {
        throw InvalidTransition(full);
    }
    if (state == "HRS02") {
        throw StaleAttempt(full);
    }
    if (state == "HRS03") {
        throw NotFound(full);
    }
    // A duplicate key means deduplication missed something: a bug, not bad input.
    if (state.starts_with("HRS") || state.starts_with("22") ||
        (state.starts_with("23") && state != "23505")) {
        throw InputError(full);
    }
    // No SQLSTATE: libpq's own error, not the server's: the connection broke (a server stopped
    // at once leaves "server closed the connection unexpectedly" with the status still OK).
    if (state.empty() || PQstatus(conn) == CONNECTION_BAD || state.starts_with("08") || state == "57P01" ||
        state == "57P02" || state == "57P03") {
        throw ServiceUnavailable(fmt::format("lost the database connection: {}", full));
    }
    if (state == "40001" || state == "40P01" || state == "55P03" || state.starts_with("53")) {
        throw TemporaryFailure(fmt::format("{}; try again", full));
    }
    throw InternalError(fmt::format("database error {} in '{}': {}", state.empty() ? "?" : state,
                                    first_line(sql), full));
}

std::string array_literal_of_strings(std::vector<std::optional<std::string>> const& values) {
    std::string out = "{";
    for (auto const& value : values) {
        if (out.size() > 1) {
            out += ',';
        }
        if (!value) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (char c : *value) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string describe_parts(char const* db, char const* user, char const* host, char const* port) {
    auto or_default = [](char const* value, char const* fallback) {
        return (value && *value) ? std::string(value) : std::string(fallback);
    };
    return fmt::format("database '{}' as user '{}' on {}:{}", or_default(db, "(default)"),
                       or_default(user, "(default)"), or_default(host, "(default socket)"),
                       or_default(port, "5432"));
}

}  // namespace

int Result::column(std::string_view name) const {
    if (m_columns.empty()) {
        for (int c = columns() - 1; c >= 0; --c) {
            m_columns[column_name(c)] = c;  // the first of equal names wins
        }
    }
    if (auto found = m_columns.find(name); found != m_columns.end()) {
        return found->second;
    }
    throw InternalError(fmt::format("query result has no column '{}'", name));
}

std::int64_t Result::get_int(int row, int column) const {
    auto text = get(row, column);
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (is_null(row, column) || ec != std::errc{} || ptr != text.data() + text.size()) {
        throw InternalError(fmt::format("column '{}' holds '{}', not an integer",
                                        column_name(column), text));
    }
    return value;
}

std::int64_t Result::affected_rows() const {
    char const* text = PQcmdTuples(get());
    return (text && *text) ? std::stoll(text) : 0;
}

Param to_param(std::vector<std::int64_t> const& values) {
    std::string out = "{";
    for (auto value : values) {
        out += fmt::format("{}{}", out.size() > 1 ? "," : "", value);
    }
    return out + "}";
}

Param to_param(std::vector<JobStatus> const& values) {
    std::vector<std::int64_t> ids;
    for (auto status : values) {
        ids.push_back(status_id(status));
    }
    return to_param(ids);
}

Param to_param(std::vector<std::string> const& values) {
    return array_literal_of_strings({values.begin(), values.end()});
}

Param to_param(std::vector<std::optional<std::string>> const& values) {
    return array_literal_of_strings(values);
}

namespace {

// Whether libpq's defaults have a connect_timeout (PGCONNECT_TIMEOUT, which libpq reads itself).
bool libpq_default_connect_timeout() {
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> const defaults(PQconndefaults(), &PQconninfoFree);
    for (auto const* option = defaults.get(); option != nullptr && option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) == "connect_timeout") return option->val != nullptr;
    }
    return false;
}

}  // namespace

Connection Connection::open(std::string const& conninfo, std::string const& application_name) {
    // Later keywords override earlier ones, and the expanded connection string comes last:
    // its own connect_timeout, or PGCONNECT_TIMEOUT, wins over our 10 s default.
    bool const timeout_from_env = libpq_default_connect_timeout();
    char const* keywords[] = {"fallback_application_name", "connect_timeout", "dbname", nullptr};
    char const* values[] = {application_name.c_str(), "10", conninfo.c_str(), nullptr};
    // Without our default timeout, libpq reads PGCONNECT_TIMEOUT itself.
    char const* keywords_without_timeout[] = {"fallback_application_name", "dbname", nullptr};
    char const* values_without_timeout[] = {application_name.c_str(), conninfo.c_str(), nullptr};
    PGconn* raw = timeout_from_env
                      ? PQconnectdbParams(keywords_without_timeout, values_without_timeout, 1)
                      : PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    Connection conn(raw);
    if (raw == nullptr) {
        throw ServiceUnavailable("cannot allocate a database connection");
    }
    if (PQstatus(raw) != CONNECTION_OK) {
        throw ServiceUnavailable(fmt::format(
            "cannot connect to {}: {}\n(give the database with --db or HRSI_DB; for a private "
            "one run: scripts/local-services up && eval \"$(scripts/local-services env)\")",
            describe_parts(PQdb(raw), PQuser(raw), PQhost(raw), PQport(raw)),
            trimmed(PQerrorMessage(raw))));
    }
    PQsetNoticeProcessor(raw, [](void*, char const*) {}, nullptr);
    // UTC for every timestamp we read; no JIT, which costs more than it saves on our
    // short statements.
    conn.exec("set timezone = 'UTC'; set jit = off");
    return conn;
}

Result Connection::check(PGresult* raw, std::string_view sql) {
    Result result(raw);
    if (!raw) {
        throw ServiceUnavailable(
            fmt::format("lost the database connection: {}", trimmed(PQerrorMessage(get()))));
    }
    if (succeeded(PQresultStatus(raw))) {
        return result;
    }
    throw_for(get(), raw, sql);
}

Result Connection::exec(std::string_view sql) {
    std::string text(sql);
    return check(PQexec(get(), text.c_str()), sql);
}

Result Connection::query_params(std::string_view sql, std::span<Param const> params) {
    std::string text(sql);
    std::vector<char const*> values;
    values.reserve(params.size());
    for (auto const& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    return check(PQexecParams(get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 sql);
}

std::int64_t Connection::copy_in(std::string_view copy_sql, std::string_view data) {
    start_copy(copy_sql);
    send_copy_data(data);
    return finish_copy(copy_sql);
}

void Connection::start_copy(std::string_view copy_sql) {
    check(PQexec(get(), std::string(copy_sql).c_str()), copy_sql);
}

void Connection::send_copy_data(std::string_view data) {
    // Sent in pieces: libpq buffers them; the whole batch is one COPY all the same.
    constexpr std::size_t piece = 1 << 20;
    for (std::size_t offset = 0; offset < data.size(); offset += piece) {
        auto part = data.substr(offset, piece);
        if (PQputCopyData(get(), part.data(), static_cast<int>(part.size())) != 1) {
            throw ServiceUnavailable(fmt::format("lost the database connection during COPY: {}",
                                                 trimmed(PQerrorMessage(get()))));
        }
    }
}

std::int64_t Connection::finish_copy(std::string_view copy_sql, char const* failure) {
    if (PQputCopyEnd(get(), failure) != 1) {
        throw ServiceUnavailable(fmt::format("lost the database connection during COPY: {}",
                                             trimmed(PQerrorMessage(get()))));
    }
    // Every result is read before an error is raised: libpq counts the COPY as running until
    // the last one, and a connection left so would report a transaction that is not open.
    Result last;
    Result failed;
    while (PGresult* raw = PQgetResult(get())) {
        if (succeeded(PQresultStatus(raw))) {
            last = Result(raw);
        } else if (!failed) {
            failed = Result(raw);
        } else {
            PQclear(raw);
        }
    }
    if (failed) {
        throw_for(get(), failed.get(), copy_sql);
    }
    return last ? last.affected_rows() : 0;
}

std::string Connection::quote_identifier(std::string_view name) const {
    std::unique_ptr<char, decltype(&PQfreemem)> quoted(
        PQescapeIdentifier(get(), name.data(), name.size()), &PQfreemem);
    if (!quoted) {
        throw InternalError(fmt::format("cannot quote the identifier '{}': {}", name,
                                        trimmed(PQerrorMessage(get()))));
    }
    return quoted.get();
}

Result Connection::query_prepared_params(std::string const& name, std::string_view sql,
                                         std::span<Param const> params) {
    auto known = m_prepared.find(name);
    if (known == m_prepared.end()) {
        std::string text(sql);
        check(PQprepare(get(), name.c_str(), text.c_str(), static_cast<int>(params.size()), nullptr), sql);
        known = m_prepared.emplace(name, std::move(text)).first;
    } else if (known->second != sql) {
        throw InternalError(fmt::format("prepared statement '{}' already holds other SQL", name));
    }
    std::vector<char const*> values;
    values.reserve(params.size());
    for (auto const& param : params) {
        values.push_back(param ? param->c_str() : nullptr);
    }
    return check(PQexecPrepared(get(), name.c_str(), static_cast<int>(values.size()), values.data(),
                                nullptr, nullptr, 0),
                 sql);
}

std::string Connection::describe_target() const {
    return describe_parts(PQdb(get()), PQuser(get()), PQhost(get()), PQport(get()));
}

void append_copy_field(std::string& out, std::string_view value) {
    // Runs without special characters are copied whole: most values have none.
    constexpr std::string_view special{"\\\t\n\r", 4};
    std::size_t start = 0;
    for (auto found = value.find_first_of(special); found != std::string_view::npos;
         found = value.find_first_of(special, start)) {
        out.append(value.substr(start, found - start));
        switch (value[found]) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            default: out += "\\r"; break;
        }
        start = found + 1;
    }
    out.append(value.substr(start));
}

void append_copy_row(std::string& out, std::span<Param const> fields) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (f > 0) {
            out += '\t';
        }
        if (fields[f]) {
            append_copy_field(out, *fields[f]);
        } else {
            out += "\\N";
        }
    }
    out += '\n';
}

std::string describe_conninfo(std::string const& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        PQfreemem(error);
        return "an unparsable connection string";
    }
    char const *db = nullptr, *user = nullptr, *host = nullptr, *port = nullptr;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) {
            continue;
        }
        if (std::strcmp(o->keyword, "dbname") == 0) db = o->val;
        if (std::strcmp(o->keyword, "user") == 0) user = o->val;
        if (std::strcmp(o->keyword, "host") == 0) host = o->val;
        if (std::strcmp(o->keyword, "port") == 0) port = o->val;
    }
    auto text = describe_parts(db, user, host, port);
    PQconninfoFree(options);
    return text;
}

std::string conninfo_with_dbname(std::string const& conninfo, std::string const& dbname) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        std::string reason = error ? trimmed(error) : "unparsable";
        PQfreemem(error);
        throw InputError(fmt::format("bad database connection string: {}", reason));
    }
    auto quote = [](std::string_view value) {
        std::string out = "'";
        for (char c : value) {
            if (c == '\\' || c == '\'') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string out;
    for (auto* o = options; o->keyword; ++o) {
        if (o->val && std::strcmp(o->keyword, "dbname") != 0) {
            out += fmt::format("{}={} ", o->keyword, quote(o->val));
        }
    }
    PQconninfoFree(options);
    return out + "dbname=" + quote(dbname);
}

namespace {

// For a string libpq cannot parse (which still reaches logs and process listings): a
// "password" keyword followed by '=', or a URI whose user part has a ':' before the '@'.
bool looks_like_password(std::string_view conninfo) {
    std::string lower(conninfo);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto at = lower.find("password"); at != std::string::npos; at = lower.find("password", at + 1)) {
        auto next = lower.find_first_not_of(" \t", at + 8);
        if (next != std::string::npos && lower[next] == '=') return true;
    }
    auto const scheme = lower.find("://");
    if (scheme == std::string::npos) return false;
    auto const authority = lower.substr(scheme + 3, lower.find_first_of("/?", scheme + 3) - (scheme + 3));
    auto const at = authority.rfind('@');
    return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
}

}  // namespace

bool conninfo_has_password(std::string const& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        PQfreemem(error);
        return looks_like_password(conninfo);
    }
    bool found = false;
    for (auto* o = options; o->keyword; ++o) {
        if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) {
            found = true;
        }
    }
    PQconninfoFree(options);
    return found;
}

Transaction::Transaction(Connection& conn, std::string_view begin) : m_conn(conn) {
    m_conn.exec(begin);
}

Transaction::~Transaction() {
    if (m_open) {
        try {
            rollback();
        } catch (...) {
            // The connection is gone; the server rolls back on its own.
        }
    }
}

void Transaction::commit() {
    m_open = false;
    // COMMIT of a transaction that failed reports success with the tag ROLLBACK.
    auto result = m_conn.exec("commit");
    if (std::string_view(PQcmdStatus(result.get())) != "COMMIT") {
        throw InternalError("the transaction had failed and was rolled back instead of committed");
    }
}

void Transaction::rollback() {
    m_open = false;
    m_conn.exec("rollback");
}

}  // namespace hrsi::db
