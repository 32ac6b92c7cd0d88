// SPDX-License-Identifier: Apache-2.0
#include "grd.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace sample {
namespace {

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

double parse_number(std::string_view text, fs::path const& manifest) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        bad(fmt::format("{}: '{}' in the footprint is not a number", manifest.string(), text));
    }
    return value;
}

}  // namespace

std::string read_text_file(fs::path const& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure(exit_missing_input, fmt::format("{} {} is not there", what, path.string()));
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

Grd parse_grd(fs::path const& path) {
    auto name = base_name(path);
    if (name.ends_with(".SAFE")) name.resize(name.size() - 5);
    bool valid = name.size() == 67 && (name.starts_with("S1A") || name.starts_with("S1B") ||
                                       name.starts_with("S1C")) &&
                 name.substr(3, 14) == "_IW_GRDH_1SDV_" && name[32] == '_' && name[48] == '_' &&
                 name[55] == '_' && name[62] == '_';
    if (!valid) {
        bad(fmt::format("{} is not a Sentinel-1 IW GRDH VV+VH name "
                        "(S1A_IW_GRDH_1SDV_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS_OOOOOO_DDDDDD_CCCC.SAFE)",
                        path.string()));
    }
    return {name, name.substr(0, 3), name.substr(17, 15), name.substr(33, 15), name.substr(56, 6)};
}

Bounds manifest_footprint(fs::path const& grd) {
    auto const manifest = grd / "manifest.safe";
    auto const xml = read_text_file(manifest, "manifest");
    constexpr std::string_view open = "<gml:coordinates>";
    auto const start = xml.find(open);
    auto const end = start == std::string::npos ? start : xml.find("</gml:coordinates>", start);
    if (end == std::string::npos) bad(fmt::format("{} has no <gml:coordinates>", manifest.string()));
    std::string_view text(xml.data() + start + open.size(), end - start - open.size());
    Bounds bounds;
    int points = 0;
    while (!text.empty()) {
        auto const space = text.find(' ');
        auto pair = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
        if (pair.empty()) continue;
        auto const comma = pair.find(',');
        if (comma == std::string_view::npos) bad(fmt::format("{}: '{}' is not lat,lon", manifest.string(), pair));
        double const lat = parse_number(pair.substr(0, comma), manifest);
        double const lon = parse_number(pair.substr(comma + 1), manifest);
        bounds = {std::min(bounds.west, lon), std::min(bounds.south, lat), std::max(bounds.east, lon),
                  std::max(bounds.north, lat)};
        ++points;
    }
    if (points < 3) bad(fmt::format("{}: a footprint of {} point(s)", manifest.string(), points));
    return bounds;
}

std::string iso_time(std::string_view compact) {
    return fmt::format("{}-{}-{}T{}:{}:{}.000000Z", compact.substr(0, 4), compact.substr(4, 2),
                       compact.substr(6, 2), compact.substr(9, 2), compact.substr(11, 2), compact.substr(13, 2));
}

}  // namespace sample
