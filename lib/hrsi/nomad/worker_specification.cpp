// SPDX-License-Identifier: Apache-2.0
#include <hrsi/nomad/worker_specification.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace hrsi::nomad {
namespace {

// The value of `key = value` on a line (quotes removed), when the line sets `key`.
std::optional<std::string_view> setting(std::string_view line, std::string_view key) {
    line = util::trimmed(line);
    if (!line.starts_with(key)) return std::nullopt;
    auto rest = util::trimmed(line.substr(key.size()));
    if (!rest.starts_with('=')) return std::nullopt;
    rest = util::trimmed(rest.substr(1));
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
    return rest;
}

struct Read {
    std::vector<std::string> job_names;
    std::vector<std::string> flavors;  // values of instance-type constraints
    std::vector<std::string> memories; // values of memory settings
};

Read read_lines(std::string_view specification) {
    Read read;
    bool flavor_constraint = false;  // the last attribute read was the instance type
    std::size_t start = 0;
    while (start < specification.size()) {
        auto end = specification.find('\n', start);
        if (end == std::string_view::npos) end = specification.size();
        auto const line = util::trimmed(specification.substr(start, end - start));
        start = end + 1;
        if (line.starts_with('#')) continue;
        if (line.starts_with("job \"")) {
            auto const close = line.find('"', 5);
            if (close != std::string_view::npos) read.job_names.emplace_back(line.substr(5, close - 5));
        } else if (auto attribute = setting(line, "attribute")) {
            flavor_constraint = *attribute == "${attr.platform.aws.instance-type}";
        } else if (auto value = setting(line, "value"); value && flavor_constraint) {
            read.flavors.emplace_back(*value);
            flavor_constraint = false;
        } else if (auto memory = setting(line, "memory")) {
            read.memories.emplace_back(*memory);
        }
    }
    return read;
}

// What was found instead of the one value expected.
std::string found(std::vector<std::string> const& values) {
    if (values.empty()) return "but there is none";
    return fmt::format("not \"{}\"", fmt::join(values, "\", \""));
}

}  // namespace

std::vector<std::string> check_worker_specification(std::string_view specification,
                                                    jobs::JobTypeInfo const& info) {
    std::vector<std::string> problems;
    auto const read = read_lines(specification);
    auto const& flavor = info.worker_flavor;
    if (read.job_names.size() != 1 || read.job_names.front() != info.nomad_job_name) {
        problems.push_back(fmt::format("the specification should define one job \"{}\" (NOMAD_JOB_NAME of {}), {}",
                                       info.nomad_job_name, info.type_name, found(read.job_names)));
    }
    if (read.flavors.size() != 1 || read.flavors.front() != flavor.flavor) {
        problems.push_back(fmt::format(
            "the instance-type constraint should be \"{}\" (WORKER_FLAVOR_NAME of {}: {}), {}", flavor.flavor,
            info.type_name, flavor.name, found(read.flavors)));
    }
    if (read.memories.empty()) {
        problems.push_back(fmt::format("no task memory: {} workers should reserve at most {} MB ({})",
                                       info.type_name, flavor.ram_gb * 1024, flavor.name));
    }
    for (auto const& memory : read.memories) {
        int megabytes = 0;
        auto const [end, error] = std::from_chars(memory.data(), memory.data() + memory.size(), megabytes);
        if (error != std::errc{} || end != memory.data() + memory.size() || megabytes <= 0) {
            problems.push_back(fmt::format("memory = {} is not a positive number of MB", memory));
        } else if (megabytes > flavor.ram_gb * 1024) {
            problems.push_back(fmt::format("memory = {} MB exceeds the {} MB of flavor {} ({} of {})", megabytes,
                                           flavor.ram_gb * 1024, flavor.flavor, flavor.name, info.type_name));
        }
    }
    return problems;
}

}  // namespace hrsi::nomad
