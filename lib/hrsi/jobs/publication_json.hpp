// SPDX-License-Identifier: Apache-2.0
#pragma once

// The publication message of an HR-S&I product: the resto template of the reference (§4.4),
// every field present, in the template's order. Each job type fills it by its own rules.

#include <hrsi/util/time.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hrsi::jobs {

struct RestoProduct {
    std::optional<std::string> wkt;          // resto.geometry.wkt
    std::string product_identifier;          // /eodata/HRSI/CLMS/... path
    std::string title;                       // the product id
    std::optional<std::int64_t> resource_size;  // bytes
    std::optional<std::string> start_date;   // format_resto_time
    std::optional<std::string> completion_date;
    std::string product_type;                // FSC, RLIE, ...
    std::optional<std::string> resolution;   // a JSON number, copied as the program wrote it
    std::string mission;                     // S2, S1, ...
    std::optional<std::string> cloud_cover;  // a JSON number or string, copied as the program wrote it
    std::string processing_baseline;         // V102
    std::string host_base;                   // system parameter products_host_base
    std::string s3_bucket;                   // system parameter products_s3_bucket
    std::string thumbnail;                   // Preview/<object path>/thumbnail.png
};

// {"collection_name":"HR-S&I","resto":{"type":"Feature","geometry":{"wkt":...},"properties":{...}}}
[[nodiscard]] std::string resto_document(RestoProduct const& product);

// A number or string member of the program's metadata as JSON text, as the program wrote it
// (the reference copies resolution and cloudCover unchanged: 20, 86.0, "86.0"); nothing when
// absent or of another kind. For RestoProduct::resolution and cloud_cover.
[[nodiscard]] std::optional<std::string> scalar_json(rapidjson::Value const& object, char const* key);

// The resourceSize member of the program's metadata in KB, as a number or as a string of digits
// (as Python's int() takes it, blanks around allowed); nothing when absent or neither. The
// FSC/RLIE and SWS/WDS programs write kilobytes; the message says bytes (1024 × KB).
[[nodiscard]] std::optional<double> resource_kilobytes(rapidjson::Value const& properties);

// "2025-01-05T10:34:29.024000": the reference's %Y-%m-%dT%H:%M:%S.%f, no zone (UTC).
[[nodiscard]] std::string format_resto_time(util::TimePoint time);

// The first "V" followed by two or more digits in a product path ("V102"), or "".
[[nodiscard]] std::string processing_baseline(std::string_view path);

}  // namespace hrsi::jobs
