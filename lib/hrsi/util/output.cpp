// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/output.hpp>

#include <hrsi/util/time.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace hrsi::util {
namespace {

// PostgreSQL type oids (pg_type.dat); stable across versions.
constexpr Oid bool_oid = 16, int8_oid = 20, int2_oid = 21, int4_oid = 23, json_oid = 114,
              float4_oid = 700, float8_oid = 701, timestamptz_oid = 1184, numeric_oid = 1700,
              jsonb_oid = 3802;

std::string cell_text(db::Result const& result, int row, int column) {
    auto text = result.get(row, column);
    if (result.column_type(column) == bool_oid) {
        return text == "t" ? "true" : "false";
    }
    if (result.column_type(column) == timestamptz_oid) {
        return pg_timestamp_to_rfc3339(text);
    }
    return std::string(text);
}

// Display width of UTF-8 text: count code points, not bytes.
std::size_t display_width(std::string const& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

Table table_of(db::Result const& result) {
    Table table;
    for (int c = 0; c < result.columns(); ++c) {
        table.headers.emplace_back(result.column_name(c));
    }
    for (int r = 0; r < result.rows(); ++r) {
        auto& row = table.rows.emplace_back();
        for (int c = 0; c < result.columns(); ++c) {
            if (result.is_null(r, c)) {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(cell_text(result, r, c));
            }
        }
    }
    return table;
}

namespace {

// A cell as the table shows it: NULL as "-", tabs and newlines as spaces.
std::string shown(std::optional<std::string> const& cell) {
    if (!cell) return std::string("-");
    std::string text = *cell;
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
}

}  // namespace

void TableWriter::write(Table const& batch) {
    if (!m_started) {
        for (auto const& header : batch.headers) m_widths.push_back(display_width(header));
    }
    for (auto const& row : batch.rows) {
        for (std::size_t c = 0; c < row.size() && c < m_widths.size(); ++c) {
            m_widths[c] = std::max(m_widths[c], display_width(shown(row[c])));
        }
    }
    if (!m_started) {
        print_line(batch.headers, true);
        m_started = true;
    }
    std::vector<std::string> cells;
    for (auto const& row : batch.rows) {
        cells.clear();
        for (auto const& cell : row) cells.push_back(shown(cell));
        print_line(cells, false);
    }
}

void TableWriter::print_line(std::vector<std::string> const& cells, bool header) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        line += cells[c];
        if (c + 1 < cells.size() && c < m_widths.size()) {
            line += std::string(m_widths[c] - std::min(m_widths[c], display_width(cells[c])) + 2, ' ');
        }
    }
    if (header && m_style) {
        m_out << "\033[1m" << line << "\033[0m\n";
    } else {
        m_out << line << '\n';
    }
}

void print_table(std::ostream& out, Table const& table, bool style) {
    TableWriter(out, style).write(table);
}

void ResultWriter::write(db::Result const& batch) {
    if (m_json) {
        print_json_lines(m_out, batch);
    } else {
        m_table.write(table_of(batch));
    }
    m_out.flush();
}

void print_record(std::ostream& out, db::Result const& result, int row, bool style) {
    std::size_t width = 0;
    for (int c = 0; c < result.columns(); ++c) {
        width = std::max(width, result.column_name(c).size());
    }
    for (int c = 0; c < result.columns(); ++c) {
        std::string name(result.column_name(c));
        std::string value = result.is_null(row, c) ? "-" : cell_text(result, row, c);
        std::string padding(width - name.size() + 2, ' ');
        if (style) {
            out << "\033[1m" << name << ":\033[0m" << padding << value << '\n';
        } else {
            out << name << ':' << padding << value << '\n';
        }
    }
}

std::string json_object_of_row(db::Result const& result, int r, std::vector<JsonMember> const& extra) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    for (int c = 0; c < result.columns(); ++c) {
        auto name = result.column_name(c);
        writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        if (result.is_null(r, c)) {
            writer.Null();
            continue;
        }
        auto text = result.get(r, c);
        switch (result.column_type(c)) {
            case bool_oid: writer.Bool(text == "t"); break;
            case int2_oid:
            case int4_oid:
            case int8_oid:
            case float4_oid:
            case float8_oid:
            case numeric_oid:
                if (text == "NaN" || text.find("Infinity") != std::string_view::npos) {
                    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
                } else {
                    writer.RawValue(text.data(), text.size(), rapidjson::kNumberType);
                }
                break;
            case json_oid:
            case jsonb_oid:
                writer.RawValue(text.data(), text.size(), rapidjson::kObjectType);
                break;
            default: {
                auto value = cell_text(result, r, c);
                writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
            }
        }
    }
    for (auto const& member : extra) {
        writer.Key(member.key.c_str(), static_cast<rapidjson::SizeType>(member.key.size()));
        writer.RawValue(member.json.c_str(), member.json.size(), rapidjson::kObjectType);
    }
    writer.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

void print_json_lines(std::ostream& out, db::Result const& result) {
    for (int r = 0; r < result.rows(); ++r) out << json_object_of_row(result, r) << '\n';
}

void print_result(std::ostream& out, db::Result const& result, bool json, bool style) {
    if (json) {
        print_json_lines(out, result);
    } else {
        print_table(out, table_of(result), style);
    }
}

bool stdout_is_terminal() noexcept {
    return isatty(STDOUT_FILENO) != 0;
}

}  // namespace hrsi::util
