// SPDX-License-Identifier: Apache-2.0
#pragma once

// Column kinds for a type's jsonb columns (column_table.hpp): a list of texts, an object of
// texts, an object of JSON documents. A type declares such a column like any other:
//   column<&RlieS1Job::s2tile_ids>("s2tile_ids_json")                 // ["31TGL","32TLR"]
//   column<&RlieS1Job::product_paths>("rlies1_product_paths_json")    // {"<id>": "<path>"}
//   column_as<JsonDocuments, &RlieS1Job::product_metadata>("…_json")  // {"<id>": {…}}

#include <hrsi/db/connection.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

template <typename T>
struct ColumnKind;

// A JSON array of texts; a member that is not a string is kept as its JSON text. Written as
// an array, empty or not.
template <>
struct ColumnKind<std::vector<std::string>> {
    static void read(std::string_view text, std::vector<std::string>& value, std::string_view column);
    static db::Param write(std::vector<std::string> const& value);
};

// A JSON object of texts ({"key": "text"}); a value that is not a string is kept as its JSON
// text. An empty object is written as NULL (the reference's columns are NULL until set).
template <>
struct ColumnKind<std::map<std::string, std::string>> {
    static void read(std::string_view text, std::map<std::string, std::string>& value, std::string_view column);
    static db::Param write(std::map<std::string, std::string> const& value);
};

// A JSON object whose values are JSON documents held as their text ({"key": {...}}), for
// column_as<JsonDocuments, …>. A value that is not JSON is an InternalError when written
// (the database would refuse it without saying which). Empty: NULL.
struct JsonDocuments {
    static void read(std::string_view text, std::map<std::string, std::string>& value, std::string_view column);
    static db::Param write(std::map<std::string, std::string> const& value);
};

}  // namespace hrsi::jobs
