// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hrsi::util {

// Metrics in the Prometheus text exposition format (version 0.0.4), e.g. for the textfile
// collector of node_exporter.
struct PrometheusSample {
    std::vector<std::pair<std::string, std::string>> labels;  // name, value (escaped on output)
    double value = 0;
};

struct PrometheusFamily {
    std::string name;  // [a-zA-Z_:][a-zA-Z0-9_:]*
    std::string help;
    std::string type;  // gauge, counter, summary, untyped
    std::vector<PrometheusSample> samples;
};

// A label value with backslash, double quote and line feed escaped (\\, \", \n).
[[nodiscard]] std::string escape_label_value(std::string_view value);

// HELP text with backslash and line feed escaped.
[[nodiscard]] std::string escape_help(std::string_view text);

// A sample value: integers without a fraction, others with up to 17 significant digits,
// NaN, +Inf, -Inf.
[[nodiscard]] std::string format_sample_value(double value);

// Every family as "# HELP", "# TYPE" and one line per sample, each line ending in '\n'.
// A family without samples still gets its HELP and TYPE lines.
[[nodiscard]] std::string format_prometheus(std::vector<PrometheusFamily> const& families);

}  // namespace hrsi::util
