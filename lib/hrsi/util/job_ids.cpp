// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/job_ids.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <string_view>
#include <unordered_set>

namespace hrsi::util {
namespace {

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto const* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc{} || ptr != end || id <= 0) {
        return std::nullopt;
    }
    return id;
}

}  // namespace

std::vector<std::int64_t> read_job_ids(std::vector<std::string> const& arguments,
                                       std::istream& in) {
    std::vector<std::int64_t> ids;
    std::unordered_set<std::int64_t> seen;
    auto add = [&](std::int64_t id) {
        if (seen.insert(id).second) {
            ids.push_back(id);
        }
    };
    bool stdin_read = false;
    for (auto const& argument : arguments) {
        if (argument == "-") {
            if (stdin_read) {
                continue;
            }
            stdin_read = true;
            std::string line;
            int line_number = 0;
            while (std::getline(in, line)) {
                ++line_number;
                std::string_view rest(line);
                rest = rest.substr(0, rest.find('#'));
                while (!rest.empty()) {
                    auto start = rest.find_first_not_of(" \t\r,");
                    if (start == std::string_view::npos) break;
                    rest.remove_prefix(start);
                    auto token = rest.substr(0, rest.find_first_of(" \t\r,"));
                    rest.remove_prefix(token.size());
                    auto id = parse_id(token);
                    if (!id) {
                        throw InputError(fmt::format(
                            "standard input line {}: '{}' is not a job id (a positive integer)",
                            line_number, token));
                    }
                    add(*id);
                }
            }
            continue;
        }
        auto id = parse_id(argument);
        if (!id) {
            throw UsageError(fmt::format(
                "'{}' is not a job id (a positive integer), nor '-' to read ids from stdin",
                argument));
        }
        add(*id);
    }
    return ids;
}

}  // namespace hrsi::util
