// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hrsi::db {

// A COPY ... FROM STDIN written row by row in COPY's text format and sent in pieces as it
// grows, so that the server stores the first rows while the program writes the next ones.
// An unfinished stream (an exception on the way) abandons its COPY: the statement fails, and
// the transaction with it.
class CopyStream {
public:
    CopyStream(Connection& conn, std::string copy_sql);
    CopyStream(CopyStream const&) = delete;
    CopyStream& operator=(CopyStream const&) = delete;
    ~CopyStream();

    // One field of the current row; NULL for nullopt.
    CopyStream& text(std::string_view value);
    CopyStream& optional_text(std::optional<std::string> const& value);
    CopyStream& integer(std::int64_t value);
    CopyStream& null();
    // All the fields of a row, then its end.
    void row(std::span<Param const> fields);
    void end_row();

    // Sends the rest and ends the COPY. Returns the rows copied.
    std::int64_t finish();

private:
    void separate();
    Connection& m_conn;
    std::string m_sql;
    std::string m_buffer;
    bool m_row_started = false;
    bool m_open = true;
};

}  // namespace hrsi::db
