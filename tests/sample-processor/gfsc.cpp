// SPDX-License-Identifier: Apache-2.0
#include "gfsc.hpp"

#include "exit_codes.hpp"
#include "files.hpp"
#include "grd.hpp"
#include "json_out.hpp"
#include "tile_box.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace sample {
namespace {

using Input = Parameters::Gfsc::Input;

// gf.py's codes for these cases.
constexpr int exit_no_input = 31;
constexpr int exit_bad_input = 32;
// What gf.py puts in place of the template's placeholders.
constexpr std::string_view missions = "S1-S2";
constexpr std::string_view baseline = "V101";
constexpr std::size_t raster_size = 8 * 1024;
constexpr std::size_t intermediate_raster_size = 1024;

[[noreturn]] void bad(std::string const& message) {
    throw Failure(exit_bad_parameters, message);
}

std::vector<std::string_view> fields_of(std::string_view name) {
    std::vector<std::string_view> fields;
    while (true) {
        auto const underscore = name.find('_');
        fields.push_back(name.substr(0, underscore));
        if (underscore == std::string_view::npos) return fields;
        name.remove_prefix(underscore + 1);
    }
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What the template gives: GFSC_<YYYYMMDD>-<NNN>_missions_T<tile>_processingBaseline_<seconds>.
struct Template {
    std::string day;   // YYYYMMDD
    std::string tile;  // without the T
};

Template check_template(Parameters::Gfsc const& job) {
    auto const& name = job.product_id_template;
    auto const fields = fields_of(name);
    auto const expected = fmt::format("GFSC_<YYYYMMDD>-{:03}_missions_T<tile>_processingBaseline_<seconds>",
                                      job.aggregation_days);
    bool const shaped = fields.size() == 6 && fields[0] == "GFSC" && fields[1].size() == 12 && fields[1][8] == '-' &&
                        all_digits(fields[1].substr(0, 8)) && fields[1].substr(9) == fmt::format("{:03}", job.aggregation_days) &&
                        fields[2] == "missions" && fields[3].size() == 6 && fields[3][0] == 'T' &&
                        fields[4] == "processingBaseline" && all_digits(fields[5]);
    if (!shaped) bad(fmt::format("gfsc.product_id_template '{}' is not {}", name, expected));
    Template result{std::string(fields[1].substr(0, 8)), std::string(fields[3].substr(1))};
    auto tile = std::string_view(job.tile_id);
    if (tile.size() == 6 && tile.front() == 'T') tile.remove_prefix(1);
    if (tile != result.tile) bad(fmt::format("gfsc.tile_id '{}' is not the template's tile T{}", job.tile_id, result.tile));
    auto const day = fmt::format("{}-{}-{}", result.day.substr(0, 4), result.day.substr(4, 2), result.day.substr(6, 2));
    if (job.product_date != day) bad(fmt::format("gfsc.product_date '{}' is not the template's day {}", job.product_date, day));
    return result;
}

// The id as gf.py fills it.
std::string final_id(std::string id) {
    id.replace(id.find("missions"), 8, missions);
    id.replace(id.find("processingBaseline"), 18, baseline);
    return id;
}

// The sensing time an input's name gives, YYYYMMDDTHHMMSS (GFSC_<YYYYMMDD>-NNN: that day at 0:00);
// empty when the name has none.
std::string compact_time_of(std::string_view id) {
    auto const fields = fields_of(id);
    if (fields.size() < 2) return {};
    auto const date = fields[1].substr(0, fields[1].find('-'));
    if (date.size() == 15 && date[8] == 'T' && all_digits(date.substr(0, 8)) && all_digits(date.substr(9))) {
        return std::string(date);
    }
    if (date.size() == 8 && all_digits(date)) return std::string(date) + "T000000";
    return {};
}

std::chrono::sys_days day_of(std::string_view compact) {
    auto number = [&](std::size_t at, std::size_t size) { return std::stoi(std::string(compact.substr(at, size))); };
    return std::chrono::sys_days(std::chrono::year(number(0, 4)) / std::chrono::month(static_cast<unsigned>(number(4, 2))) /
                                 std::chrono::day(static_cast<unsigned>(number(6, 2))));
}

// The ids of a GFSC metadata's series list (text scan of what gf2.py and this program write).
std::vector<std::string> series_ids_of(std::string const& xml) {
    std::vector<std::string> ids;
    constexpr std::string_view entry = "<gmd:seriesMetadata>";
    constexpr std::string_view open = "<gco:CharacterString>";
    constexpr std::string_view close = "</gco:CharacterString>";
    for (auto at = xml.find(entry); at != std::string::npos; at = xml.find(entry, at + 1)) {
        auto const identifier = xml.find("<gmd:fileIdentifier>", at);
        auto const start = xml.find(open, identifier);
        auto const end = xml.find(close, start);
        if (identifier == std::string::npos || start == std::string::npos || end == std::string::npos) break;
        ids.emplace_back(xml.substr(start + open.size(), end - start - open.size()));
    }
    return ids;
}

void require_file(std::string const& path, std::string_view what) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) throw Failure(exit_missing_input, fmt::format("{} {} is not there", what, path));
}

std::string yaml_list(std::string_view key, std::vector<std::string> const& items) {
    if (items.empty()) return fmt::format("{}: []\n", key);
    std::string text = fmt::format("{}:\n", key);
    for (auto const& item : items) text += fmt::format("- {}\n", item);
    return text;
}

// output_info.yaml as gf.py's deliver() writes it (yaml.dump: sorted keys, parameters nested).
struct Delivery {
    Parameters const& parameters;
    std::vector<std::string> fsc;
    std::vector<std::string> gf;
    std::vector<std::string> wds_sws;

    int deliver(std::string const& title, int code) const {
        auto const& job = *parameters.gfsc;
        auto const text = fmt::format("day_delta: {}\n", job.aggregation_days) + yaml_list("fsc", fsc) +
                          yaml_list("gf", gf) + yaml_list("obsolete", job.obsolete_product_ids) +
                          fmt::format("output_dir: {}\nparameters:\n  aggregation_timespan: {}\n"
                                      "  product_title: {}\n  tile_id: {}\n",
                                      job.output_folder, job.aggregation_days, job.product_id_template, job.tile_id) +
                          fmt::format("product_title: {}\nreturn_code: {}\ntile_id: {}\ntmp_dir: {}\n", title, code,
                                      job.tile_id, parameters.temp_folder) +
                          yaml_list("wds_sws", wds_sws);
        create_folder(job.output_folder);
        write_file(fs::path(job.output_folder) / "output_info.yaml", text);
        return code;
    }
};

// A series entry of the product: an input it holds.
struct Held {
    std::string compact;  // YYYYMMDDTHHMMSS
    std::string id;
    bool operator<(Held const& other) const { return std::tie(compact, id) < std::tie(other.compact, other.id); }
};

std::string metadata_time(std::string_view compact) {
    auto iso = iso_time(compact);
    iso.pop_back();  // the metadata's times have no Z
    return iso;
}

std::string temporal_extent(std::string const& id, std::string const& begin, std::string const& end, std::string_view indent) {
    return fmt::format(
        "{0}<gmd:identificationInfo><gmd:MD_DataIdentification><gmd:extent><gmd:EX_Extent><gmd:temporalElement>"
        "<gmd:EX_TemporalExtent><gmd:extent>\n"
        "{0}  <gml:TimePeriod gml:id=\"{1}\" xsi:type=\"gml:TimePeriodType\"><gml:beginPosition>{2}</gml:beginPosition>"
        "<gml:endPosition>{3}</gml:endPosition></gml:TimePeriod>\n"
        "{0}</gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement></gmd:EX_Extent></gmd:extent>"
        "</gmd:MD_DataIdentification></gmd:identificationInfo>\n",
        indent, id, begin, end);
}

std::string metadata_xml(std::string const& id, std::string const& start, std::string const& end,
                         std::string const& production, std::set<Held> const& held) {
    std::string text =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<!-- Written by hrsi-sample-processor, a stand-in: not a real product. -->\n"
        "<gmd:MD_Metadata xmlns:gmd=\"http://www.isotc211.org/2005/gmd\" xmlns:gco=\"http://www.isotc211.org/2005/gco\" "
        "xmlns:gml=\"http://www.opengis.net/gml\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";
    text += fmt::format("  <gmd:fileIdentifier><gco:CharacterString>{}</gco:CharacterString></gmd:fileIdentifier>\n", id);
    text += fmt::format("  <gmd:dateStamp><gco:DateTime>{}</gco:DateTime></gmd:dateStamp>\n", production);
    text += temporal_extent(id, start, end, "  ");
    text += "  <gmd:series>\n    <gmd:DS_OtherAggregate>\n      <gmd:composedOf gco:nilReason=\"withheld\"></gmd:composedOf>\n";
    for (auto const& entry : held) {
        auto const time = metadata_time(entry.compact);
        text += fmt::format("      <gmd:seriesMetadata>\n        <gmd:MD_Metadata>\n"
                            "          <gmd:fileIdentifier><gco:CharacterString>{}</gco:CharacterString></gmd:fileIdentifier>\n",
                            entry.id);
        text += temporal_extent(entry.id, time, time, "          ");
        text += "        </gmd:MD_Metadata>\n      </gmd:seriesMetadata>\n";
    }
    text += "    </gmd:DS_OtherAggregate>\n  </gmd:series>\n</gmd:MD_Metadata>\n";
    return text;
}

std::string now_text() {
    auto const now = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
    auto const seconds = std::chrono::floor<std::chrono::seconds>(now);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06}", seconds, (now - seconds).count());
}

std::string catalog_json(std::string const& tile, std::string const& start, std::string const& end,
                         std::string const& completion, std::uintmax_t bytes) {
    JsonOut out;
    out.open("resto");
    out.open("geometry");
    out.text("wkt", wkt(tile_box(tile)));
    out.close();
    out.open("properties");
    out.text("resourceSize", std::to_string(bytes));  // as gf2.py: bytes, as a text
    out.text("startDate", start);
    out.text("endDate", end);
    out.text("completionDate", completion);
    out.integer("resolution", 60);
    out.text("cloudCover", "0");
    out.close();
    out.close();
    return out.finish();
}

// gf1.py's daily intermediate product, for each day with a WDS or SWS input.
void write_intermediates(Parameters::Gfsc const& job, std::string const& tile, std::vector<Input const*> const& inputs,
                         std::uint64_t seed) {
    std::set<std::string> days;
    for (auto const* input : inputs) {
        if (input->kind == "wds" || input->kind == "sws") days.insert(compact_time_of(input->id).substr(0, 8));
    }
    for (auto const& day : days) {
        auto const name = fmt::format("GFSC1_{}_{}_T{}_{}", day, missions, tile, baseline);
        auto const folder = fs::path(job.output_folder) / name;
        create_folder(folder);
        for (std::string_view suffix : {"GF", "QC", "QCFLAGS", "AT"}) {
            write_file(folder / fmt::format("{}_{}.tif", name, suffix),
                       pseudo_random_bytes(hash_bytes(suffix, hash_bytes(day, seed)), intermediate_raster_size));
        }
        fmt::print("sample processor: intermediate {}\n", name);
    }
}

}  // namespace

int run_gfsc(Parameters const& parameters) {
    auto const& job = *parameters.gfsc;
    auto const tpl = check_template(job);
    std::set<std::string> const obsolete(job.obsolete_product_ids.begin(), job.obsolete_product_ids.end());
    Delivery delivery{parameters, {}, {}, {}};
    std::vector<Input const*> inputs;  // the GFSC inputs, then the others not obsolete (as gf.py)
    for (auto const& input : job.inputs) {
        if (input.kind == "gfsc") {
            delivery.gf.push_back(input.id);
            inputs.push_back(&input);
        }
    }
    for (auto const& input : job.inputs) {
        if (input.kind == "gfsc" || obsolete.contains(input.id)) continue;
        (input.kind == "fsc" ? delivery.fsc : delivery.wds_sws).push_back(input.id);
        inputs.push_back(&input);
    }
    if (inputs.empty()) {
        fmt::print("sample processor: No input products to process.\n");
        return delivery.deliver(job.product_id_template, exit_no_input);
    }

    std::error_code error;
    if (!fs::is_directory(job.masks_folder, error)) {
        throw Failure(exit_missing_input, fmt::format("masks folder {} is not there", job.masks_folder));
    }
    require_file(job.forest_urban_water_mask, "mask");
    if (job.non_mountain_area_mask) require_file(*job.non_mountain_area_mask, "mask");
    require_file(job.dem_path, "DEM");

    // Every input product's folder and metadata, read (gf.py: "Problem reading product list").
    ReadSummary summary;
    std::set<Held> held;
    auto const product_day = day_of(tpl.day + "T000000");
    auto const first_day = product_day - std::chrono::days(job.aggregation_days - 1);
    auto hold = [&](std::string const& id) {
        auto compact = compact_time_of(id);
        if (!compact.empty() && day_of(compact) >= first_day) held.insert({std::move(compact), id});
    };
    for (auto const* input : inputs) {
        auto const metadata = fs::path(input->path) / (input->id + "_MTD.xml");
        if (!fs::is_directory(input->path, error) || !fs::is_regular_file(metadata, error) ||
            compact_time_of(input->id).empty()) {
            fmt::print(stderr, "sample processor: Problem reading product list: {} (no folder {} with {})\n", input->id,
                       input->path, metadata.filename().string());
            return delivery.deliver(job.product_id_template, exit_bad_input);
        }
        read_input(input->path, summary);
        if (input->kind == "gfsc") {
            for (auto const& id : series_ids_of(read_text_file(metadata, "GFSC metadata"))) hold(id);
        } else {
            hold(input->id);
        }
    }
    read_input(job.dem_path, summary);

    auto const id = final_id(job.product_id_template);
    write_intermediates(job, tpl.tile, inputs, summary.hash);
    auto const folder = fs::path(job.output_folder) / id;
    create_folder(folder);
    create_folder(parameters.temp_folder);
    constexpr std::string_view catalog_file = "dias_catalog_submit.json";
    if (held.empty()) {
        // gf2.py: "No valid input data is found. Nothing to produce." An empty metadata file.
        write_file(folder / catalog_file, "");
        fmt::print("sample processor: no input within {} days of {}: no product\n", job.aggregation_days, job.product_date);
        return delivery.deliver(id, 0);
    }
    for (std::string_view suffix : {"GF", "QC", "QCFLAGS", "AT"}) {
        write_file(folder / fmt::format("{}_{}.tif", id, suffix), pseudo_random_bytes(hash_bytes(suffix, summary.hash), raster_size));
    }
    auto const bytes = folder_size(folder, catalog_file);
    write_file(folder / "thumbnail.png", quicklook_png());
    auto const start = iso_time(tpl.day + "T000000");  // gf2.py: the product's day
    auto const end = iso_time(held.rbegin()->compact);  // the latest input held
    auto const production = now_text();
    write_file(folder / fmt::format("{}_MTD.xml", id), metadata_xml(id, metadata_time(tpl.day + "T000000"),
                                                                   metadata_time(held.rbegin()->compact), production, held));
    write_file(folder / catalog_file, catalog_json(tpl.tile, start, end, production + "Z", bytes));
    fmt::print("sample processor: {} file(s), {} bytes read; wrote {} holding {} input(s)\n", summary.files, summary.bytes,
               id, held.size());
    return delivery.deliver(id, 0);
}

}  // namespace sample
