// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace hrsi::util {

enum class OutputFormat { table, json, ids };

// A plain table: headers and rows of optional cells (nullopt prints as "-").
struct Table {
    std::vector<std::string> headers;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

// Renders a database result as a Table; timestamps shown as RFC 3339 in UTC.
[[nodiscard]] Table table_of(db::Result const& result);

// Aligned columns with a header line; the header is bold when `style` (a terminal).
void print_table(std::ostream& out, Table const& table, bool style);

// The same, written as batches of rows come (a cursor's): column widths from the header and
// the first batch, so the first lines are out before the last rows are read and memory holds
// one batch. A later cell wider than its column widens it from that line on.
class TableWriter {
public:
    TableWriter(std::ostream& out, bool style) : m_out(out), m_style(style) {}
    // The first call also prints the header line (its batch's headers; later ones are ignored).
    void write(Table const& batch);

private:
    void print_line(std::vector<std::string> const& cells, bool header);
    std::ostream& m_out;
    bool m_style;
    bool m_started = false;
    std::vector<std::size_t> m_widths;
};

// print_result for a result that comes in batches: a TableWriter, or JSON Lines; each batch
// flushed.
class ResultWriter {
public:
    ResultWriter(std::ostream& out, bool json, bool style) : m_out(out), m_json(json), m_table(out, style) {}
    void write(db::Result const& batch);

private:
    std::ostream& m_out;
    bool m_json;
    TableWriter m_table;
};

// "name: value" lines of one row, for `show`.
void print_record(std::ostream& out, db::Result const& result, int row, bool style);

// One JSON object per row (JSON Lines). Numbers, booleans and json columns keep their type;
// timestamps are RFC 3339 strings in UTC; NULL is null.
void print_json_lines(std::ostream& out, db::Result const& result);

// A member added to a row's JSON object: its key and its value, JSON text.
struct JsonMember {
    std::string key;
    std::string json;
};
// Row `row` as print_json_lines writes it, with `extra` members after the columns.
[[nodiscard]] std::string json_object_of_row(db::Result const& result, int row,
                                             std::vector<JsonMember> const& extra = {});

// A result as a table (styled: bold headers) or as JSON Lines.
void print_result(std::ostream& out, db::Result const& result, bool json, bool style);

[[nodiscard]] bool stdout_is_terminal() noexcept;

}  // namespace hrsi::util
