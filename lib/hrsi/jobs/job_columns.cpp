// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_columns.hpp>

#include <hrsi/jobs/column_table.hpp>

#include <hrsi/error.hpp>
#include <hrsi/status.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace hrsi::jobs {

void throw_unknown_enum_text(std::string_view what, std::string_view text,
                             std::span<std::string_view const> known) {
    throw InternalError(fmt::format("{} holds '{}', not one of {}", what, text, fmt::join(known, ", ")));
}

long long read_integer_text(std::string_view text, std::string_view column) {
    long long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        throw InternalError(fmt::format("column '{}' holds '{}', not an integer", column, text));
    }
    return value;
}

double read_number_text(std::string_view text, std::string_view column) {
    try {
        return std::stod(std::string(text));
    } catch (std::exception const&) {
        throw InternalError(fmt::format("column {} holds '{}', not a number", column, text));
    }
}

db::Param ColumnKind<double>::write(double value) {
    return fmt::format("{}", value);
}

void ColumnKind<util::TimePoint>::read(std::string_view text, util::TimePoint& value, std::string_view) {
    value = util::parse_time(text);
}

void ColumnKind<JobStatus>::read(std::string_view text, JobStatus& value, std::string_view column) {
    auto const status = status_from_id(static_cast<int>(read_integer_text(text, column)));
    if (!status) throw InternalError(fmt::format("column '{}' holds '{}', not a job status", column, text));
    value = *status;
}

void throw_null_column(std::string_view column) {
    throw InternalError(fmt::format("column '{}' is NULL", column));
}

std::optional<std::string> read_text(db::Result const& result, int row, std::string_view column) {
    return result.get_optional(row, result.column(column));
}

std::optional<util::TimePoint> read_time(db::Result const& result, int row, std::string_view column) {
    return read_value<std::optional<util::TimePoint>>(result, row, column);
}

std::optional<long long> read_integer(db::Result const& result, int row, std::string_view column) {
    int c = result.column(column);
    if (result.is_null(row, c)) return std::nullopt;
    return result.get_int(row, c);
}

std::optional<bool> read_boolean(db::Result const& result, int row, std::string_view column) {
    auto text = read_text(result, row, column);
    if (!text) return std::nullopt;
    return *text == "t";
}

void read_common(db::Result const& result, int row, JobCommon& common) {
    common.id = *read_integer(result, row, "id");
    common.unique_id = read_text(result, row, "unique_id").value_or("");
    common.name = read_text(result, row, "name").value_or("");
    common.product_id = read_text(result, row, "product_id");
    common.tile_id = read_text(result, row, "tile_id").value_or("");
    common.input_path = read_text(result, row, "input_path");
    common.input_published_at = read_time(result, row, "input_published_at");
    common.output_path = read_text(result, row, "output_path");
    common.output_published_at = read_time(result, row, "output_published_at");
    auto priority = read_text(result, row, "priority");
    common.priority = priority ? std::optional<Priority>(parse_priority(*priority)) : std::nullopt;
    common.attempt = static_cast<int>(read_integer(result, row, "attempt").value_or(0));
    auto status = read_integer(result, row, "last_status");
    common.last_status = status ? status_from_id(static_cast<int>(*status)) : std::nullopt;
}

db::Param time_param(std::optional<util::TimePoint> const& time) {
    return ColumnKind<std::optional<util::TimePoint>>::write(time);
}

std::string job_name_from(std::string_view text) {
    // The whitespace the database refuses in names (sql/001): ASCII and Unicode spaces.
    static constexpr std::string_view unicode_spaces[] = {
        "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
        "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
    std::string name;
    name.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (std::isspace(c) || c == '\b') {
            name += '_';
            ++i;
            continue;
        }
        auto rest = text.substr(i);
        std::size_t skip = 0;
        for (auto space : unicode_spaces) {
            if (rest.starts_with(space)) skip = space.size();
        }
        // U+2000..U+200B: E2 80 80..8B
        if (rest.size() >= 3 && rest[0] == '\xE2' && rest[1] == '\x80' &&
            static_cast<unsigned char>(rest[2]) >= 0x80 && static_cast<unsigned char>(rest[2]) <= 0x8B) {
            skip = 3;
        }
        if (skip > 0) {
            name += '_';
            i += skip;
        } else {
            name += static_cast<char>(c);
            ++i;
        }
    }
    return name.empty() ? "job" : name;
}

std::string_view priority_name(Priority priority) noexcept {
    switch (priority) {
        case Priority::nrt: return "nrt";
        case Priority::delayed: return "delayed";
        case Priority::reprocessing: return "reprocessing";
    }
    return "reprocessing";
}

Priority parse_priority(std::string_view text) {
    if (text == "nrt") return Priority::nrt;
    if (text == "delayed") return Priority::delayed;
    if (text == "reprocessing") return Priority::reprocessing;
    throw InternalError(fmt::format("unknown priority '{}'", text));
}

}  // namespace hrsi::jobs
