// SPDX-License-Identifier: Apache-2.0
// The worker steps of GFSC (reference §5.6, run_gfsc_worker.py): the input GFSC staged and its
// metadata read for the obsolete inputs, the other inputs staged from the products storage,
// the tile's masks and DEM through the auxiliary cache; the program's exit codes
// (gfsc_exit_codes); the one product it made read back (gfsc_program_output) and uploaded
// under Snow/GFSC/ with its quicklook.
#include <hrsi/job_types/gfsc/gfsc_job.hpp>

#include <hrsi/aux/ssp_aux.hpp>
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_exit_codes.hpp>
#include <hrsi/job_types/gfsc/gfsc_metadata_xml.hpp>
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>
#include <hrsi/job_types/gfsc/gfsc_program_output.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace hrsi::jobs {
namespace {

std::filesystem::path aux_folder(WorkFolder const& folder, std::string_view tile) {
    return folder.inputs() / "aux" / tile;
}
std::string forest_urban_water_mask(std::string_view tile, std::string_view version) {
    return fmt::format("T{}_60m_MASK_FOREST_URBAN_WATER_{}.tif", tile, version);
}
std::string non_mountain_area_mask(std::string_view tile, std::string_view version) {
    return fmt::format("T{}_60m_MASK_NON_MOUNTAIN_AREA_{}.tif", tile, version);
}
std::string dem_file(std::string_view tile) {
    return fmt::format("Copernicus_DSM_60m_{}_wgs84.tif", tile);
}
// Only the mountain tiles (SWS's) have a non-mountain-area mask.
bool has_non_mountain_mask(std::string_view tile) {
    return tiles::list_holds(tiles::mountain_tiles(), tile);
}

[[noreturn]] void bad_input(std::string const& message) {
    throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype), message, false);
}

// One product from the products storage, where its producer uploaded it
// (Snow/<TYPE>/<name's date>/<name>), into inputs/<kind>/<name>.
GfscProgramInput stage_product(WorkerContext& context, std::string const& id, std::string const& kind,
                               util::TimePoint measurement, std::optional<util::TimePoint> published) {
    products::HrsiProduct name;
    try {
        name = products::parse_hrsi_product(id, "gfsc_job");
    } catch (InputError const& error) {
        bad_input(fmt::format("input {} is not an HR-S&I product name: {}", id, error.what()));
    }
    auto const object_path = hrsi_product_object_path("Snow", name.product_type, name.measurement, id);
    auto const source = context.roots.product(object_path);
    auto const destination = context.folder.inputs() / kind / id;
    std::filesystem::create_directories(destination.parent_path());
    auto const report = context.storage.copy_in(source, destination);
    context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
    context.inputs.push_back(destination);
    return {id, kind, destination.string(), measurement, published};
}

std::optional<util::TimePoint> time_at(std::vector<std::string> const& dates, std::size_t index) {
    if (index >= dates.size()) return std::nullopt;
    return util::parse_time(dates[index]);
}

// The FSC, WDS and SWS inputs with their kind and sensing time (the recorded date, else the name's).
struct ListedInput {
    std::string id;
    std::string kind;
    util::TimePoint measurement;
    std::optional<util::TimePoint> published;
};
std::vector<ListedInput> listed_inputs(GfscJob const& job) {
    std::vector<ListedInput> listed;
    auto add = [&](std::vector<std::string> const& ids, std::vector<std::string> const& published,
                   std::vector<std::string> const& measured, char const* kind) {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto measurement = time_at(measured, i);
            if (!measurement) {
                try {
                    measurement = products::parse_hrsi_product(ids[i], "gfsc_job").measurement;
                } catch (InputError const& error) {
                    bad_input(fmt::format("input {} is not an HR-S&I product name: {}", ids[i], error.what()));
                }
            }
            listed.push_back({ids[i], kind, *measurement, time_at(published, i)});
        }
    };
    add(job.fsc_id_list, job.fsc_publication_date_list, job.fsc_measurement_date_list, "fsc");
    add(job.wds_id_list, job.wds_publication_date_list, job.wds_measurement_date_list, "wds");
    add(job.sws_id_list, job.sws_publication_date_list, job.sws_measurement_date_list, "sws");
    return listed;
}

std::string read_text_file(std::filesystem::path const& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) bad_input(fmt::format("the input GFSC has no metadata {}", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The inputs whose days the input GFSC already holds (its metadata's series list).
std::vector<std::string> obsolete_inputs(GfscProgramInput const& gfsc, std::vector<ListedInput> const& listed) {
    std::vector<GfscInput> candidates;
    for (auto const& input : listed) candidates.push_back({input.id, input.kind, input.measurement});
    auto const xml = read_text_file(std::filesystem::path(gfsc.path) / (gfsc.id + "_MTD.xml"));
    try {
        return obsolete_input_ids(xml, candidates);
    } catch (InputError const& error) {
        bad_input(fmt::format("input GFSC {}: {}", gfsc.id, error.what()));
    }
}

// The masks and the DEM of the tile through the host's cache, copied into inputs/aux/<tile>/.
void stage_auxiliary(WorkerContext& context, std::string const& tile) {
    auto const version = aux::ssp_aux_version(context.parameters);
    auto const folder = aux_folder(context.folder, tile);
    std::filesystem::create_directories(folder);
    std::vector<std::pair<std::string, std::string>> files{
        {aux::ssp_aux_mask_key(version, tile, "FOREST_URBAN_WATER"), forest_urban_water_mask(tile, version)},
        {fmt::format("GLO30/DEM_60m_tiles_wgs84/{}", dem_file(tile)), dem_file(tile)}};
    if (has_non_mountain_mask(tile)) {
        files.emplace_back(aux::ssp_aux_mask_key(version, tile, "NON_MOUNTAIN_AREA"),
                           non_mountain_area_mask(tile, version));
    }
    for (auto const& [key, name] : files) {
        context.auxiliary.copy(context.auxiliary.stage(key), folder / name);
    }
}

}  // namespace

void GfscJob::job_pre_processing(WorkerContext& context) {
    m_staged.clear();
    obsolete_product_id_list.clear();
    auto const listed = listed_inputs(*this);
    for (auto const& id : gfsc_id_list) {
        products::HrsiProduct name;
        try {
            name = products::parse_hrsi_product(id, "gfsc_job");
        } catch (InputError const& error) {
            bad_input(fmt::format("input {} is not a GFSC product name: {}", id, error.what()));
        }
        m_staged.push_back(stage_product(context, id, "gfsc", name.measurement, std::nullopt));
    }
    // The reference reads the first (the only) input GFSC's metadata.
    if (!m_staged.empty()) obsolete_product_id_list = obsolete_inputs(m_staged.front(), listed);
    for (auto const& input : listed) {
        if (std::find(obsolete_product_id_list.begin(), obsolete_product_id_list.end(), input.id) !=
            obsolete_product_id_list.end()) {
            context.log.info("{} is obsolete: its day is in the input GFSC; not staged", input.id);
            continue;
        }
        m_staged.push_back(stage_product(context, input.id, input.kind, input.measurement, input.published));
    }
    stage_auxiliary(context, common.tile_id);
}

void GfscJob::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    auto const& folder = context.folder;
    auto const version = aux::ssp_aux_version(context.parameters);
    auto const aux_files = aux_folder(folder, common.tile_id);
    GfscProgramParameters parameters;
    parameters.tile_id = common.tile_id;
    parameters.product_date = product_date;
    parameters.aggregation_days = aggregation_timespan;
    parameters.product_id_template = gfsc_id;
    for (auto input : m_staged) {
        input.path = folder.in_program(input.path);
        parameters.inputs.push_back(std::move(input));
    }
    parameters.obsolete_product_ids = obsolete_product_id_list;
    parameters.masks_folder = folder.in_program(aux_files);
    parameters.forest_urban_water_mask = folder.in_program(aux_files / forest_urban_water_mask(common.tile_id, version));
    if (has_non_mountain_mask(common.tile_id)) {
        parameters.non_mountain_area_mask = folder.in_program(aux_files / non_mountain_area_mask(common.tile_id, version));
    }
    parameters.dem_path = folder.in_program(aux_files / dem_file(common.tile_id));
    parameters.output_folder = folder.in_program(folder.data());
    write_gfsc_parameters(writer, parameters);
}

ProgramOutcome GfscJob::interpret_program_result(util::ChildResult const& result) const {
    return gfsc_program_outcome(result);
}

void GfscJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    gfsc_path.reset();
    gfsc_infos.reset();
    if (outcome.kind != ProgramOutcome::Kind::products) {
        completion_date = util::now();
        return;
    }
    auto const output = read_gfsc_program_output(context.folder.data());
    // Its job's id template filled (or that id already, after an earlier attempt).
    if (output.product_id != gfsc_id && !gfsc_id_fills_template(output.product_id, gfsc_id)) {
        program_broke_contract(fmt::format("product {} is not the job's {} filled", output.product_id, gfsc_id));
    }
    gfsc_id = output.product_id;
    missions = output.id_parts.missions;
    completion_date = output.completion_date.value_or(util::now());
    sensing_start_date = output.sensing_start;
    sensing_end_date = output.sensing_end;
    if (!output.has_product) {
        context.log.info("the program made no GFSC product (an empty dias_catalog_submit.json)");
        return;
    }
    if (!accept_output_product(context, info_, "gfsc", output.product_id)) return;
    // upload_product takes the quicklook aside as <id>_QLK.png; gf.py names it thumbnail.png.
    if (output.quicklook) {
        std::filesystem::rename(*output.quicklook, output.product_folder / (output.product_id + "_QLK.png"));
    }
    auto const object_path = hrsi_product_object_path("Snow", "GFSC", product_date, output.product_id);
    auto const uploaded = upload_product(context, output.product_folder, object_path);
    gfsc_path = uploaded.public_path;
    gfsc_infos = complete_product_metadata(uploaded.infos, uploaded.public_path, object_path, context.parameters);
    common.output_path = uploaded.url;
    context.log.info("GFSC product {} uploaded", output.product_id);
}

}  // namespace hrsi::jobs
