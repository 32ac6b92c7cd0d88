// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_candidates.hpp>

#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace hrsi::jobs {
namespace {

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool same_day(util::TimePoint a, util::TimePoint b) {
    return std::chrono::floor<std::chrono::days>(a) == std::chrono::floor<std::chrono::days>(b);
}

void write_strings(rapidjson::Writer<rapidjson::StringBuffer>& writer, char const* key,
                   std::vector<std::string> const& values) {
    writer.Key(key);
    writer.StartArray();
    for (auto const& value : values) writer.String(value.c_str());
    writer.EndArray();
}

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& writer, char const* key,
                  std::string const& value) {
    writer.Key(key);
    writer.String(value.c_str());
}

std::string assembly_params(sentinel1::Assembly const& assembly,
                            sentinel1::AssemblyTile const& tile, bool sws, bool wds) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("epsg");
    writer.Int(assembly.epsg);
    write_strings(writer, "s1_productIdentifier", assembly.paths);
    write_strings(writer, "s1_product_id", assembly.product_ids);
    writer.Key("relativeOrbitNumber");
    writer.Int(assembly.relative_orbit);
    write_string(writer, "missionTakeId", lower(assembly.mission_take_id));
    write_string(writer, "platform", lower(assembly.platform));
    writer.Key("areaUTM");
    writer.Double(tile.area_m2);
    auto const& box = tile.envelope;
    write_string(writer, "envelope",
                 fmt::format("{};{};{};{}", box.min_x, box.min_y, box.max_x, box.max_y));
    write_string(writer, "sourceGeometry", tile.hull_wkt);
    write_string(writer, "sourceProduct_startTime", util::format_rfc3339(tile.start));
    write_string(writer, "sourceProduct_stopTime", util::format_rfc3339(tile.stop));
    writer.Key("generate_sws_product");
    writer.Bool(sws);
    writer.Key("generate_wds_product");
    writer.Bool(wds);
    writer.EndObject();
    return buffer.GetString();
}

// The S1 hull within the FSC's footprint (reference intersectFscS1).
std::string wds_geometry(std::string const& hull_wkt, FscInput const& fsc,
                         geometry::GeosContext const& context) {
    if (fsc.footprint.empty()) return hull_wkt;
    auto const hull = geometry::read_wkt(context, hull_wkt);
    try {
        return hull.intersection(geometry::read_footprint(context, fsc.footprint)).wkt();
    } catch (InputError const& error) {
        throw InputError(fmt::format("FSC {}: {}", fsc.product_id, error.what()));
    }
}

}  // namespace

sentinel1::TileFilter sws_wds_tiles(std::span<FscInput const> fsc) {
    std::set<std::string> tiles;
    for (auto const& product : fsc) tiles.insert(product.tile);
    return [tiles = std::move(tiles)](tiles::Tile const& tile) {
        return tile.mountain || tiles.count(tile.id) != 0;
    };
}

SwsWdsCandidates sws_wds_candidates(std::vector<sentinel1::Assembly> const& assemblies,
                                    std::span<FscInput const> fsc, ExistingSwsWds existing,
                                    util::TimePoint s1_processing_start,
                                    geometry::GeosContext const& context) {
    SwsWdsCandidates result;
    for (auto const& assembly : assemblies) {
        for (auto const& tile : assembly.tiles) {
            auto const& id = tile.tile->id;
            auto const name = upper(fmt::format("{}_{}_{}", id, assembly.mission_take_id,
                                                assembly.platform));
            bool const sws = tile.tile->mountain && existing.sws_names.insert(name).second;
            std::optional<FscInput> pair;
            for (auto const& product : fsc) {
                if (product.tile == id && same_day(product.measurement, tile.start) &&
                    existing.wds_names.insert(name).second) {
                    pair = product;
                }
            }
            if (!sws && !pair) continue;
            auto const& tracks = tile.tile->tracks;
            if (std::find(tracks.begin(), tracks.end(), assembly.relative_orbit) == tracks.end()) {
                result.skipped.push_back(
                    {name, fmt::format("no auxiliary data for track {} on tile {}",
                                       assembly.relative_orbit, id)});
                continue;
            }
            SwsWdsCandidate job;
            job.name = name;
            job.tile_id = id;
            job.measurement_date = tile.start;
            job.sws = sws;
            job.wds = pair.has_value();
            if (sws) job.sws_geometry = tile.hull_wkt;
            if (pair) job.wds_geometry = wds_geometry(tile.hull_wkt, *pair, context);
            job.s1_ids = assembly.product_ids;
            job.s1_paths = assembly.paths;
            job.s1_published = tile.published;
            job.assembly_id = assembly.id;
            job.assembly_params = assembly_params(assembly, tile, job.sws, job.wds);
            job.fsc = std::move(pair);
            job.reprocessed = job.measurement_date < s1_processing_start;
            result.jobs.push_back(std::move(job));
        }
    }
    std::stable_sort(result.jobs.begin(), result.jobs.end(),
                     [](auto const& a, auto const& b) { return a.s1_published < b.s1_published; });
    return result;
}

}  // namespace hrsi::jobs
