// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/copy_stream.hpp>

#include <charconv>

namespace hrsi::db {
namespace {

// Large enough that sending costs little per row, small enough that the server starts early.
constexpr std::size_t send_threshold = 256 * 1024;

}  // namespace

CopyStream::CopyStream(Connection& conn, std::string copy_sql) : m_conn(conn), m_sql(std::move(copy_sql)) {
    m_buffer.reserve(send_threshold + 64 * 1024);
    m_conn.start_copy(m_sql);
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

void CopyStream::separate() {
    if (m_row_started) {
        m_buffer += '\t';
    }
    m_row_started = true;
}

CopyStream& CopyStream::text(std::string_view value) {
    separate();
    append_copy_field(m_buffer, value);
    return *this;
}

CopyStream& CopyStream::optional_text(std::optional<std::string> const& value) {
    return value ? text(std::string_view(*value)) : null();
}

CopyStream& CopyStream::integer(std::int64_t value) {
    separate();
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_buffer.append(digits, end);
    return *this;
}

CopyStream& CopyStream::null() {
    separate();
    m_buffer += "\\N";
    return *this;
}

void CopyStream::row(std::span<Param const> fields) {
    for (auto const& field : fields) {
        optional_text(field);
    }
    end_row();
}

void CopyStream::end_row() {
    m_buffer += '\n';
    m_row_started = false;
    if (m_buffer.size() >= send_threshold) {
        m_conn.send_copy_data(m_buffer);
        m_buffer.clear();
    }
}

std::int64_t CopyStream::finish() {
    m_conn.send_copy_data(m_buffer);
    m_buffer.clear();
    m_open = false;
    return m_conn.finish_copy(m_sql);
}

}  // namespace hrsi::db
