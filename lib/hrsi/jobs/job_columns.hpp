// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace hrsi::jobs {

// Typed reads of a named column of a job view row; NULL is nullopt. Throw InternalError
// when the column is missing or does not hold the type. Timestamps are read one way
// everywhere: PostgreSQL's text, parsed by util::parse_time (ColumnKind<util::TimePoint>,
// column_table.hpp, which a type's columns use).
[[nodiscard]] std::optional<std::string> read_text(db::Result const& result, int row, std::string_view column);
[[nodiscard]] std::optional<util::TimePoint> read_time(db::Result const& result, int row, std::string_view column);
[[nodiscard]] std::optional<long long> read_integer(db::Result const& result, int row, std::string_view column);
[[nodiscard]] std::optional<bool> read_boolean(db::Result const& result, int row, std::string_view column);

// The common columns of a job view row (jobs.*).
void read_common(db::Result const& result, int row, JobCommon& common);

// Parameter text of a time.
[[nodiscard]] db::Param time_param(std::optional<util::TimePoint> const& time);

// A job name from any text: whitespace becomes '_' (names must have none); empty becomes "job".
[[nodiscard]] std::string job_name_from(std::string_view text);

}  // namespace hrsi::jobs
