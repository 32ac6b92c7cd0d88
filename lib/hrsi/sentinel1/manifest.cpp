// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/manifest.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <pugixml.hpp>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace hrsi::sentinel1 {
namespace {

// The name without its namespace prefix: "s1sarl1:sliceNumber" -> "sliceNumber".
std::string_view local_name(char const* name) {
    std::string_view const text(name);
    auto const colon = text.rfind(':');
    return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

// The first element of that local name (and, when given, attribute type="<type>"), in
// document order; the manifest's prefixes vary between IPF versions, its local names do not.
pugi::xml_node find(pugi::xml_node root, std::string_view name, std::string_view type = {}) {
    return root.find_node([&](pugi::xml_node node) {
        return node.type() == pugi::node_element && local_name(node.name()) == name &&
               (type.empty() || std::string_view(node.attribute("type").value()) == type);
    });
}

// The first direct child of that local name.
pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (auto const node : parent.children()) {
        if (node.type() == pugi::node_element && local_name(node.name()) == name) return node;
    }
    return {};
}

std::string text_of(pugi::xml_node node) {
    return std::string(util::trimmed(node.text().get()));
}

template <typename Number>
std::optional<Number> number_of(pugi::xml_node node, std::string_view source, int base = 10) {
    if (!node) return std::nullopt;
    auto const text = text_of(node);
    Number value{};
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw InputError(fmt::format("{}: {} '{}' is not a whole number", source,
                                     local_name(node.name()), text));
    }
    return value;
}

std::optional<util::TimePoint> time_of(pugi::xml_node node, std::string_view source) {
    if (!node) return std::nullopt;
    try {
        return util::parse_time(text_of(node));
    } catch (InputError const& error) {
        throw InputError(fmt::format("{}: {}: {}", source, local_name(node.name()), error.what()));
    }
}

std::string platform_of(pugi::xml_node root, std::string_view source) {
    auto const platform = find(root, "platform");
    if (!platform) return {};
    auto const family = text_of(child(platform, "familyName"));
    auto const number = text_of(child(platform, "number"));
    if (family.empty() && number.empty()) return {};
    if (family != "SENTINEL-1" || number.size() != 1 || number[0] < 'A' || number[0] > 'Z') {
        throw InputError(fmt::format("{}: platform '{} {}' is not a Sentinel-1 satellite", source,
                                     family, number));
    }
    return "S1" + number;
}

// "lat,lon lat,lon ..." -> lon/lat points.
std::vector<geometry::Point> footprint_of(pugi::xml_node root, std::string_view source) {
    std::vector<geometry::Point> points;
    auto const coordinates = find(root, "coordinates");
    if (!coordinates) return points;
    std::istringstream pairs(text_of(coordinates));
    std::string pair;
    while (pairs >> pair) {
        auto const comma = pair.find(',');
        double lat = 0;
        double lon = 0;
        char const* const first = pair.data();
        char const* const last = pair.data() + pair.size();
        bool const read = comma != std::string::npos &&
                          std::from_chars(first, first + comma, lat).ec == std::errc() &&
                          std::from_chars(first + comma + 1, last, lon).ec == std::errc();
        if (!read || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw InputError(fmt::format("{}: footprint coordinate '{}' is not 'lat,lon'",
                                         source, pair));
        }
        points.push_back({lon, lat});
    }
    return points;
}

}  // namespace

Manifest parse_manifest(std::string_view xml, std::string_view source) {
    pugi::xml_document document;
    auto const parsed = document.load_buffer(xml.data(), xml.size());
    if (!parsed) {
        throw InputError(fmt::format("{}: not XML ({} at byte {})", source,
                                     parsed.description(), parsed.offset));
    }
    auto const root = document.document_element();
    if (local_name(root.name()) != "XFDU") {
        throw InputError(fmt::format("{}: not a SAFE manifest (root element '{}', not XFDU)",
                                     source, root.name()));
    }
    Manifest manifest;
    manifest.platform = platform_of(root, source);
    if (auto const take = number_of<long long>(find(root, "missionDataTakeID"), source)) {
        if (*take < 0 || *take > 0xFFFFFF) {
            throw InputError(fmt::format("{}: missionDataTakeID {} is out of range", source, *take));
        }
        manifest.mission_take_id = fmt::format("{:06X}", *take);
    }
    manifest.slice_number = number_of<int>(find(root, "sliceNumber"), source);
    manifest.total_slices = number_of<int>(find(root, "totalSlices"), source);
    manifest.absolute_orbit = number_of<long long>(find(root, "orbitNumber", "start"), source);
    manifest.relative_orbit = number_of<int>(find(root, "relativeOrbitNumber", "start"), source);
    manifest.pass = text_of(find(root, "pass"));
    for (auto& c : manifest.pass) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!manifest.pass.empty() && manifest.pass != "ASCENDING" && manifest.pass != "DESCENDING") {
        throw InputError(fmt::format("{}: pass '{}' is neither ASCENDING nor DESCENDING", source,
                                     manifest.pass));
    }
    manifest.start = time_of(find(root, "startTime"), source);
    manifest.stop = time_of(find(root, "stopTime"), source);
    manifest.timeliness = text_of(find(root, "productTimelinessCategory"));
    for (auto const node : root.select_nodes(
             "//*[local-name()='transmitterReceiverPolarisation']")) {
        manifest.polarisations.push_back(text_of(node.node()));
    }
    manifest.footprint = footprint_of(root, source);
    return manifest;
}

Manifest read_manifest(std::filesystem::path const& path) {
    std::error_code ignored;
    auto const file = std::filesystem::is_regular_file(path, ignored) ? path : path / "manifest.safe";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw InputError(fmt::format("no manifest.safe at {} ({}): the slice numbers of a "
                                     "Sentinel-1 product the catalogue does not give are read there",
                                     file.string(), std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_manifest(text.str(), file.string());
}

std::string footprint_wkt(Manifest const& manifest) {
    if (manifest.footprint.empty()) return {};
    std::string wkt = "POLYGON ((";
    for (auto const& point : manifest.footprint) {
        wkt += fmt::format("{} {}, ", point.x, point.y);
    }
    auto const& first = manifest.footprint.front();
    wkt += fmt::format("{} {}))", first.x, first.y);
    return wkt;
}

}  // namespace hrsi::sentinel1
