// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/util/time.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hrsi::db {

// A COPY ... FROM STDIN written row by row and sent in pieces as it grows, so that the server
// stores the first rows while the program writes the next ones. In COPY's text format, or in
// its binary format, where the server has no text to parse: there every field must be written
// with the method of its column's type (int16 for smallint, int64 for bigint, ...), and
// begin_row() gives the row's number of fields.
// An unfinished stream (an exception on the way) abandons its COPY: the statement fails, and
// the transaction with it.
class CopyStream {
public:
    enum class Format { text, binary };

    // `copy_sql` without the FORMAT option: the stream adds it.
    CopyStream(Connection& conn, std::string_view copy_sql, Format format = Format::text);
    CopyStream(CopyStream const&) = delete;
    CopyStream& operator=(CopyStream const&) = delete;
    ~CopyStream();

    void begin_row(int fields);
    // The fields of the current row, in the order of the COPY's columns.
    CopyStream& text(std::string_view value);
    CopyStream& optional_text(std::optional<std::string> const& value);
    CopyStream& int16(std::int16_t value);
    CopyStream& int64(std::int64_t value);
    CopyStream& boolean(bool value);
    CopyStream& timestamp(util::TimePoint value);
    CopyStream& optional_timestamp(std::optional<util::TimePoint> const& value);
    CopyStream& uuid(std::string_view text);  // "xxxxxxxx-xxxx-...": 32 hex digits
    CopyStream& null();
    void end_row();
    // A whole row of text values (text format only).
    void row(std::span<Param const> fields);

    // Sends the rest and ends the COPY. Returns the rows copied.
    std::int64_t finish();

private:
    void separate();
    void field_length(std::uint32_t length);
    Connection& m_conn;
    std::string m_sql;
    Format m_format;
    std::string m_buffer;
    bool m_row_started = false;
    bool m_open = true;
};

}  // namespace hrsi::db
