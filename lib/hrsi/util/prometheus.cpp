// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/prometheus.hpp>

#include <fmt/format.h>

#include <cmath>

namespace hrsi::util {

std::string escape_label_value(std::string_view value) {
    std::string escaped;
    escaped.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '\\': escaped += "\\\\"; break;
        case '"': escaped += "\\\""; break;
        case '\n': escaped += "\\n"; break;
        default: escaped += c;
        }
    }
    return escaped;
}

std::string escape_help(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\': escaped += "\\\\"; break;
        case '\n': escaped += "\\n"; break;
        default: escaped += c;
        }
    }
    return escaped;
}

std::string format_sample_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == std::trunc(value) && std::fabs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{}", value);  // shortest text that reads back as the same double
}

std::string format_prometheus(std::vector<PrometheusFamily> const& families) {
    std::string text;
    for (auto const& family : families) {
        text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, escape_help(family.help),
                            family.name, family.type);
        for (auto const& sample : family.samples) {
            text += family.name;
            if (!sample.labels.empty()) {
                text += '{';
                bool first = true;
                for (auto const& [name, value] : sample.labels) {
                    if (!first) text += ',';
                    first = false;
                    text += fmt::format("{}=\"{}\"", name, escape_label_value(value));
                }
                text += '}';
            }
            text += ' ';
            text += format_sample_value(sample.value);
            text += '\n';
        }
    }
    return text;
}

}  // namespace hrsi::util
