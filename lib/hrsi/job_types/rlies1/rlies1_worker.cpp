// SPDX-License-Identifier: Apache-2.0
// The worker steps of RLIE-S1 (reference §5.6, run_rlies1_worker.py).
#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/util/text.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/worker/program_runner.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>

namespace hrsi::jobs {
namespace {

constexpr std::string_view static_aux_object = "rlie_s1_static_aux.tar.gz";

std::filesystem::path static_folder(WorkFolder const& folder) { return folder.inputs() / "static"; }
std::filesystem::path dem_folder(WorkFolder const& folder) { return folder.inputs() / "dynamic" / "dem"; }
std::filesystem::path geometries_file(WorkFolder const& folder) {
    return folder.outputs() / "preprocessing" / "precomputed_product_geometries.json";
}

// The DEM of a tile on the auxiliary storage (the reference's eu_dem layout).
std::string dem_object(std::string const& tile) {
    return fmt::format("eu_dem/{0}/S2__TEST_AUX_REFDE2_T{0}_0001/S2__TEST_AUX_REFDE2_T{0}_0001.DBL.DIR/dem_20m.tif",
                       tile);
}

void write_path(JsonWriter& writer, char const* key, WorkFolder const& folder, std::filesystem::path const& path) {
    writer.Key(key);
    writer.String(folder.in_program(path).c_str());
}

bool is_tile_id(std::string_view text) {
    return text.size() == 5 && std::isdigit(static_cast<unsigned char>(text[0])) &&
           std::isdigit(static_cast<unsigned char>(text[1])) &&
           std::all_of(text.begin() + 2, text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The tiles the intersection program found: the keys of its JSON object (null: none).
std::vector<std::string> read_intersection(std::filesystem::path const& file) {
    auto const text = read_program_file(file, std::string(unrecoverable_subtype));
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError() || !(document.IsObject() || document.IsNull())) {
        program_broke_contract(fmt::format("{} is not a JSON object (or null)", file.string()));
    }
    std::vector<std::string> tiles;
    if (document.IsNull()) return tiles;
    for (auto const& member : document.GetObject()) {
        std::string tile(member.name.GetString(), member.name.GetStringLength());
        if (!is_tile_id(tile)) program_broke_contract(fmt::format("{}: '{}' is not a tile id", file.string(), tile));
        tiles.push_back(std::move(tile));
    }
    std::sort(tiles.begin(), tiles.end());
    return tiles;
}

// A product the chain wrote: its folder under outputs/data and its tile.
struct WrittenProduct {
    std::string name;
    std::string tile;
};

// product_dict.json: {"<product id>": "<folder>"}, each an RLIE of a Sentinel-1 mission on a
// tile the intersection found, its folder named after it.
std::vector<WrittenProduct> read_products(WorkerContext const& context, std::vector<std::string> const& tiles) {
    auto const file = context.folder.data() / "product_dict.json";
    auto const dictionary = read_program_json_object(file);
    std::vector<WrittenProduct> products;
    for (auto const& member : dictionary.GetObject()) {
        std::string const key(member.name.GetString(), member.name.GetStringLength());
        if (!member.value.IsString() || key != member.value.GetString()) {
            program_broke_contract(fmt::format("{}: product {} is not in a folder of its name", file.string(), key));
        }
        products::HrsiProduct product;
        try {
            product = products::parse_hrsi_product(key, "rlies1_job");
        } catch (InputError const& error) {
            program_broke_contract(fmt::format("{}: {}", file.string(), error.what()));
        }
        auto const tile = product.tile.substr(1);  // without the T
        if (product.product_type != "RLIE" || !product.mission.starts_with("S1") || product.product_id != key) {
            program_broke_contract(fmt::format("{}: {} is not an RLIE-S1 product name", file.string(), key));
        }
        if (!std::binary_search(tiles.begin(), tiles.end(), tile)) {
            program_broke_contract(fmt::format("{}: {} is on tile {}, which the GRD does not meet", file.string(),
                                               key, tile));
        }
        products.push_back({key, tile});
    }
    return products;
}

// The static auxiliary data (EU-Hydro, HRL flags, the tiles' grid), from the host's cache,
// extracted into the job's folder.
void stage_static_aux(WorkerContext& context) {
    auto const archive = context.auxiliary.stage(static_aux_object);
    context.auxiliary.extract(archive, static_folder(context.folder));
}

// The DEM of a tile, from the host's cache, as the chain looks for it: dem_20m_<tile>.tif.
void stage_dem(WorkerContext& context, std::string const& tile) {
    auto const dem = context.auxiliary.stage(dem_object(tile));
    context.auxiliary.copy(dem, dem_folder(context.folder) / fmt::format("dem_20m_{}.tif", tile));
}

}  // namespace

void RlieS1Job::job_pre_processing(WorkerContext& context) {
    if (s2tile_ids.empty()) {
        throw WorkerFailure(FailureKind::internal, "Configuration error",
                            fmt::format("rlies1 job {} lists no tile: it was never created by the type's rules",
                                        common.id),
                            false);
    }
    auto const source = context.roots.input(product_path);
    m_staged_grd = context.folder.inputs() / "dynamic" / std::string(util::last_component(product_path));
    auto const report = context.storage.copy_in(source, m_staged_grd);
    context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
    context.inputs.push_back(m_staged_grd);

    m_static_aux = static_folder(context.folder) / "rlie_s1_static_aux";
    stage_static_aux(context);
    std::filesystem::create_directories(dem_folder(context.folder));
}

void RlieS1Job::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    auto const& folder = context.folder;
    writer.Key("rlies1");
    writer.StartObject();
    write_path(writer, "s1grd", folder, m_staged_grd);
    writer.Key("s2tile_ids");
    writer.StartArray();
    for (auto const& tile : s2tile_ids) writer.String(tile.c_str());
    writer.EndArray();
    write_path(writer, "static_aux", folder, m_static_aux);
    write_path(writer, "s2tiles_eea39_gdal_info", folder,
               m_static_aux / "sentinel2tiles" / "s2tiles_eea39_gdal_info.json");
    write_path(writer, "euhydro_shapefile", folder, m_static_aux / "EU_HYDRO" / "eu_hydro_3035.shp");
    write_path(writer, "hrl_flags", folder, m_static_aux / "HRL_FLAGS");
    // The DEM of each tile the intersection finds: dem_20m_<tile>.tif, staged between the programs.
    write_path(writer, "dem_folder", folder, dem_folder(folder));
    write_path(writer, "precomputed_product_geometries_file", folder, geometries_file(folder));
    writer.Key("nprocs");
    writer.Int(4);
    writer.EndObject();
}

ProgramOutcome RlieS1Job::job_processing(WorkerContext& context, ProgramRunner& runner) {
    // 1. The precise intersection of the GRD with the tiles (reference: container 1).
    auto chain = runner.type_program();
    chain.name = "chain";
    JobTypeInfo intersection_info = info_;
    intersection_info.command_parameter = intersection_command_parameter;
    intersection_info.default_command = default_intersection_command;
    auto intersection = worker::type_program(intersection_info, context.parameters);
    intersection.image = chain.image;
    intersection.name = "intersection";
    std::filesystem::remove_all(geometries_file(context.folder).parent_path());
    std::filesystem::create_directories(geometries_file(context.folder).parent_path());
    auto outcome = interpret_program_result(runner.run(intersection));
    if (outcome.kind != ProgramOutcome::Kind::products) {
        outcome.description = "intersection: " + outcome.description;
        return outcome;
    }
    m_intersected = read_intersection(geometries_file(context.folder));
    context.log.info("the GRD meets {} tile(s): {} (the catalogue footprint: {})", m_intersected.size(),
                     fmt::join(m_intersected, " "), fmt::join(s2tile_ids, " "));
    if (m_intersected.empty()) {
        outcome.kind = ProgramOutcome::Kind::no_product;
        outcome.description = "the GRD meets no Sentinel-2 tile (intersection program)";
        return outcome;
    }

    // 2. A DEM per tile, then the chain (reference: container 2).
    for (auto const& tile : m_intersected) {
        stage_dem(context, tile);
    }
    outcome = interpret_program_result(runner.run(chain));
    if (outcome.kind != ProgramOutcome::Kind::products) outcome.description = "chain: " + outcome.description;
    return outcome;
}

void RlieS1Job::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    rlies1_products_completion_date = util::now();
    product_paths.clear();
    product_metadata.clear();
    if (outcome.kind != ProgramOutcome::Kind::products) return;
    auto const written = read_products(context, m_intersected);
    // Every product checked before any is uploaded: a job leaves all its products or none.
    for (auto const& product : written) {
        auto const infos = context.folder.data() / product.name / "dias_catalog_submit.json";
        auto const text = read_program_file(infos, "Missing infos file");
        rapidjson::Document document;
        document.Parse(text.data(), text.size());
        if (document.HasParseError() || !document.IsObject()) {
            throw WorkerFailure(FailureKind::internal, "Missing infos file",
                                fmt::format("{} is not a JSON object", infos.string()), true);
        }
    }
    std::vector<std::string> uploaded;  // object paths, the one being uploaded last
    try {
        for (auto const& product : written) {
            auto const object_path = hrsi_product_object_path("Ice", "RLIE_S1", measurement_date_start, product.name);
            uploaded.push_back(object_path);  // before: a failure may leave the product without its quicklook
            auto result = upload_product(context, context.folder.data() / product.name, object_path);
            product_paths[product.name] = result.public_path;
            product_metadata[product.name] =
                complete_product_metadata(result.infos, result.public_path, object_path, context.parameters);
            if (!common.output_path) common.output_path = result.url;
        }
    } catch (...) {
        // Not at all: what this attempt uploaded goes again (best effort; a retry overwrites).
        for (auto const& object_path : uploaded) {
            try {
                context.storage.remove(context.roots.product(object_path));
                context.storage.remove(context.roots.product("Preview/" + object_path));  // its quicklook's folder
            } catch (std::exception const& error) {
                context.log.warn("could not remove {} after a failed upload: {}", object_path, error.what());
            }
        }
        product_paths.clear();
        product_metadata.clear();
        common.output_path.reset();
        throw;
    }
    context.log.info("{} RLIE-S1 product(s) uploaded", written.size());
}

}  // namespace hrsi::jobs
