// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/copy_stream.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace hrsi::db {
namespace {

// Large enough that sending costs little per row, small enough that the server starts early.
constexpr std::size_t send_threshold = 256 * 1024;

// The binary format's signature, flags and header extension length (PostgreSQL, COPY).
constexpr char binary_header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr std::size_t binary_header_size = 19;

// PostgreSQL's epoch for timestamps: 2000-01-01 00:00:00 UTC, in Unix microseconds.
constexpr std::int64_t postgres_epoch_micros = 946'684'800'000'000;

void put_big_endian(std::string& out, std::uint64_t value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
        out += static_cast<char>((value >> shift) & 0xff);
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

CopyStream::CopyStream(Connection& conn, std::string_view copy_sql, Format format)
    : m_conn(conn),
      m_sql(format == Format::binary ? fmt::format("{} with (format binary)", copy_sql) : std::string(copy_sql)),
      m_format(format) {
    m_buffer.reserve(send_threshold + 64 * 1024);
    m_conn.start_copy(m_sql);
    if (m_format == Format::binary) {
        m_buffer.append(binary_header, binary_header_size);
    }
}

CopyStream::~CopyStream() {
    if (!m_open) {
        return;
    }
    try {
        m_conn.finish_copy(m_sql, "abandoned by the program");
    } catch (...) {
        // The COPY failed as asked: the statement and its transaction are aborted.
    }
}

void CopyStream::begin_row(int fields) {
    m_row_started = false;
    if (m_format == Format::binary) {
        put_big_endian(m_buffer, static_cast<std::uint16_t>(fields), 2);
    }
}

void CopyStream::separate() {
    if (m_row_started) {
        m_buffer += '\t';
    }
    m_row_started = true;
}

void CopyStream::field_length(std::uint32_t length) {
    put_big_endian(m_buffer, length, 4);
}

CopyStream& CopyStream::text(std::string_view value) {
    if (m_format == Format::binary) {
        field_length(static_cast<std::uint32_t>(value.size()));
        m_buffer.append(value);
    } else {
        separate();
        append_copy_field(m_buffer, value);
    }
    return *this;
}

CopyStream& CopyStream::optional_text(std::optional<std::string> const& value) {
    return value ? text(std::string_view(*value)) : null();
}

CopyStream& CopyStream::int16(std::int16_t value) {
    if (m_format == Format::text) {
        return int64(value);
    }
    field_length(2);
    put_big_endian(m_buffer, static_cast<std::uint16_t>(value), 2);
    return *this;
}

CopyStream& CopyStream::int64(std::int64_t value) {
    if (m_format == Format::binary) {
        field_length(8);
        put_big_endian(m_buffer, static_cast<std::uint64_t>(value), 8);
        return *this;
    }
    separate();
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_buffer.append(digits, end);
    return *this;
}

CopyStream& CopyStream::boolean(bool value) {
    if (m_format == Format::binary) {
        field_length(1);
        m_buffer += static_cast<char>(value ? 1 : 0);
        return *this;
    }
    return text(value ? "t" : "f");
}

CopyStream& CopyStream::timestamp(util::TimePoint value) {
    if (m_format == Format::text) {
        return text(util::format_rfc3339(value));
    }
    field_length(8);
    auto const micros = value.time_since_epoch().count() - postgres_epoch_micros;
    put_big_endian(m_buffer, static_cast<std::uint64_t>(micros), 8);
    return *this;
}

CopyStream& CopyStream::optional_timestamp(std::optional<util::TimePoint> const& value) {
    return value ? timestamp(*value) : null();
}

CopyStream& CopyStream::uuid(std::string_view value) {
    if (m_format == Format::text) {
        return text(value);
    }
    field_length(16);
    int high = -1;
    std::size_t bytes = 0;
    for (char c : value) {
        if (c == '-') continue;
        int digit = hex_value(c);
        if (digit < 0 || bytes == 16) {
            throw InternalError(fmt::format("'{}' is not a UUID", value));
        }
        if (high < 0) {
            high = digit;
        } else {
            m_buffer += static_cast<char>(high << 4 | digit);
            high = -1;
            ++bytes;
        }
    }
    if (bytes != 16 || high >= 0) {
        throw InternalError(fmt::format("'{}' is not a UUID", value));
    }
    return *this;
}

CopyStream& CopyStream::null() {
    if (m_format == Format::binary) {
        put_big_endian(m_buffer, 0xffffffffu, 4);
    } else {
        separate();
        m_buffer += "\\N";
    }
    return *this;
}

void CopyStream::row(std::span<Param const> fields) {
    if (m_format == Format::binary) {
        throw InternalError("CopyStream::row() writes text; a binary COPY takes typed fields");
    }
    begin_row(static_cast<int>(fields.size()));
    for (auto const& field : fields) {
        optional_text(field);
    }
    end_row();
}

void CopyStream::end_row() {
    if (m_format == Format::text) {
        m_buffer += '\n';
    }
    m_row_started = false;
    if (m_buffer.size() >= send_threshold) {
        m_conn.send_copy_data(m_buffer);
        m_buffer.clear();
    }
}

std::int64_t CopyStream::finish() {
    if (m_format == Format::binary) {
        put_big_endian(m_buffer, 0xffff, 2);  // the trailer
    }
    m_conn.send_copy_data(m_buffer);
    m_buffer.clear();
    m_open = false;
    return m_conn.finish_copy(m_sql);
}

}  // namespace hrsi::db
