// SPDX-License-Identifier: Apache-2.0
// The worker steps of FSC/RLIE (reference §5.5).
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <array>
#include <set>

namespace hrsi::jobs {
namespace {

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    while (!text.empty()) {
        auto const end = text.find(separator);
        auto part = text.substr(0, end);
        if (!part.empty()) parts.emplace_back(part);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return parts;
}

// What the S&I software's codes 200-207 mean (si_common/exitcodes.py).
std::string_view no_product_reason(int code) {
    switch (code) {
    case 200: return "too cloudy";
    case 201: return "no minilut, or incomplete or corrupted L1C";
    case 202: return "L1C full of NaN";
    case 203: return "no L1C detected";
    case 204: return "zenithal angle error";
    case 205: return "missing band";
    case 206: return "L1C parsing error";
    case 207: return "too many NaN in the L2A";
    default: return "no product (unlisted code)";
    }
}

// The markers of a tile without RLIE in its auxiliary tar (reference §5.5): no river shapefile,
// or no HRL quality flags.
constexpr std::array<char const*, 2> no_rlie_markers{"eu_hydro/shapefile/nodata", "hrl_qc_flags/nodata"};

void write_optional(JsonWriter& writer, char const* key, std::optional<std::string> const& value) {
    writer.Key(key);
    if (value) {
        writer.String(value->c_str());
    } else {
        writer.Null();
    }
}

}  // namespace

void FscRlieJob::job_pre_processing(WorkerContext& context) {
    if (!maja_mode) {
        throw WorkerFailure(FailureKind::internal, "Configuration error",
                            fmt::format("job {} has no MAJA mode: it was never configured", common.id),
                            false);
    }
    // Backward mode runs over the 8 L1C of its list, this job's first.
    std::vector<std::string> paths{l1c_path};
    if (*maja_mode == MajaMode::backward) {
        paths = split(l1c_path_list.value_or(""), ';');
        auto const ids = split(l1c_id_list.value_or(""), ';');
        if (paths.empty() || paths.size() != ids.size()) {
            throw WorkerFailure(FailureKind::internal, "Configuration error",
                                fmt::format("backward job {} lists {} L1C paths and {} L1C ids",
                                            common.id, paths.size(), ids.size()),
                                false);
        }
    }
    for (auto const& path : paths) {
        auto const source = context.roots.input(path);
        auto const destination = context.folder.inputs() / "l1c" / std::string(util::last_component(path));
        auto const report = context.storage.copy_in(source, destination);
        context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
        context.inputs.push_back(destination);
    }

    // Nominal mode continues the time series from the previous job's L2A: one folder under
    // l2a_path_in.
    if (*maja_mode == MajaMode::nominal) {
        if (!l2a_path_in) {
            throw WorkerFailure(FailureKind::internal, "Configuration error",
                                fmt::format("nominal job {} has no l2a_path_in", common.id), false);
        }
        auto const source = context.roots.internal_path(*l2a_path_in);
        std::set<std::string> folders;
        for (auto const& entry : context.storage.list(source)) {
            auto const slash = entry.path.find('/');
            if (slash != std::string::npos) folders.insert(entry.path.substr(0, slash));
        }
        if (folders.size() != 1) {
            throw WorkerFailure(FailureKind::external, "L2A input error",
                                fmt::format("{} holds {} L2A folders, expected exactly one",
                                            source.url(), folders.size()),
                                true);
        }
        auto const destination = context.folder.inputs() / "l2a" / *folders.begin();
        auto const report = context.storage.copy_in(source.child(*folders.begin()), destination);
        context.log.info("staged the previous L2A {} ({} bytes)", *folders.begin(), report.bytes);
        m_staged_l2a = destination;
    }
    stage_auxiliary_data(context);
}

// The tile's auxiliary tar, csi_aux/csi_aux_<tile>.tar, through the host's cache, extracted into
// inputs/aux/ (the reference's tars hold one folder named after the tile).
void FscRlieJob::stage_auxiliary_data(WorkerContext& context) {
    auto const archive = context.auxiliary.stage(fmt::format("csi_aux/csi_aux_{}.tar", common.tile_id));
    auto const destination = context.folder.inputs() / "aux";
    context.auxiliary.extract(archive, destination);
    m_aux_folder = std::filesystem::is_directory(destination / common.tile_id) ? destination / common.tile_id
                                                                               : destination;
    for (auto const* marker : no_rlie_markers) {
        if (std::filesystem::exists(m_aux_folder / marker)) {
            m_generate_ice_product = false;
            context.log.info("no RLIE for tile {}: its auxiliary data has {}", common.tile_id, marker);
        }
    }
}

void FscRlieJob::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    auto const required = context.parameters.integer("maja_backward_required_job_number");
    writer.Key("fsc_rlie");
    writer.StartObject();
    writer.Key("tile_id");
    writer.String(common.tile_id.c_str());
    write_optional(writer, "maja_mode", maja_mode ? std::optional<std::string>(enum_text(*maja_mode)) : std::nullopt);
    writer.Key("l1c_files");
    writer.StartArray();
    for (auto const& input : context.inputs) {
        writer.String(context.folder.in_program(input).c_str());
    }
    writer.EndArray();
    write_optional(writer, "l2a_file", m_staged_l2a ? std::optional(context.folder.in_program(*m_staged_l2a))
                                                    : std::nullopt);
    writer.Key("product_quality_flag");
    writer.Int(product_quality_flag(required));
    writer.Key("generate_ice_product");
    writer.Bool(m_generate_ice_product);
    // The tile's auxiliary data (reference fsc_rlie_processing_parameters_template.yaml); the
    // river shapefile and HRL flags only when the tile has them.
    auto aux_path = [&](std::string const& relative) { return context.folder.in_program(m_aux_folder / relative); };
    auto const& tile = common.tile_id;
    writer.Key("dem_dir");
    writer.String(aux_path(fmt::format("eu_dem/S2__TEST_AUX_REFDE2_T{}_0001", tile)).c_str());
    writer.Key("tree_cover_density");
    writer.String(aux_path(fmt::format("tree_cover_density/TCD_{}.tif", tile)).c_str());
    writer.Key("water_mask");
    writer.String(aux_path(fmt::format("eu_hydro/raster/20m/eu_hydro_20m_{}.tif", tile)).c_str());
    bool const shapefile = !std::filesystem::exists(m_aux_folder / no_rlie_markers[0]);
    bool const flags = !std::filesystem::exists(m_aux_folder / no_rlie_markers[1]);
    write_optional(writer, "river_shapefile",
                   shapefile ? std::optional(aux_path(fmt::format("eu_hydro/shapefile/eu_hydro_{}.shp", tile)))
                             : std::nullopt);
    write_optional(writer, "hrl_flags_file",
                   flags ? std::optional(aux_path(fmt::format("hrl_qc_flags/hrl_qc_flags_{}.tif", tile)))
                         : std::nullopt);
    // The reference's processing constants (fsc_rlie_processing_parameters_template.yaml).
    writer.Key("max_cloud_cover_rate");
    writer.Int(90);
    writer.Key("nprocs");
    writer.Int(2);
    writer.Key("max_ram");
    writer.Int(4096);
    writer.Key("maja_timeout");
    writer.Int(14400);
    writer.Key("cloud_cover");
    if (l1c_cloud_cover) {
        writer.Double(*l1c_cloud_cover);
    } else {
        writer.Null();
    }
    writer.Key("measurement_date");
    writer.String(util::format_rfc3339(measurement_date).c_str());
    writer.EndObject();
}

ProgramOutcome FscRlieJob::interpret_program_result(util::ChildResult const& result) const {
    auto outcome = standard_program_outcome(result);
    if (outcome.kind == ProgramOutcome::Kind::no_product) {
        outcome.description += fmt::format(" ({})", no_product_reason(outcome.return_code));
    }
    return outcome;
}

void FscRlieJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    if (outcome.return_code >= 0) maja_return_code = outcome.return_code;
    if (outcome.kind != ProgramOutcome::Kind::products) {
        l2a_status = L2aStatus::generation_aborted;
        return;
    }
    auto const dictionary_file = context.folder.data() / "product_dict.json";
    auto const text = read_program_file(dictionary_file, std::string(unrecoverable_subtype));
    rapidjson::Document dictionary;
    dictionary.Parse(text.data(), text.size());
    if (dictionary.HasParseError() || !dictionary.IsObject()) {
        throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                            fmt::format("{} is not a JSON object", dictionary_file.string()), true);
    }
    auto product_of = [&](char const* key) -> std::optional<std::string> {
        auto const member = dictionary.FindMember(key);
        if (member == dictionary.MemberEnd() || member->value.IsNull()) return std::nullopt;
        std::string_view const name = member->value.IsString() ? member->value.GetString() : "";
        // A folder name under outputs/data, nothing that could lead elsewhere.
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
            throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                                fmt::format("{}: \"{}\" is not a folder name", dictionary_file.string(), key),
                                true);
        }
        return std::string(name);
    };
    auto const l2a = product_of("l2a");
    auto const fsc = product_of("fsc");
    auto rlie = product_of("rlie");
    if (rlie && !m_generate_ice_product) {
        // As the reference: a tile without RLIE publishes none, whatever the program wrote.
        context.log.warn("the program wrote the RLIE {} for tile {}, which has none: not uploaded", *rlie,
                         common.tile_id);
        rlie.reset();
    }

    // The L2A continues the time series: the next job on the tile starts from it.
    if (l2a) {
        if (!l2a_path_out) {
            throw WorkerFailure(FailureKind::internal, "Configuration error",
                                fmt::format("job {} produced an L2A but has no l2a_path_out", common.id),
                                false);
        }
        auto const destination = context.roots.internal_path(*l2a_path_out).child(*l2a);
        auto const report = context.storage.copy_out(context.folder.data() / *l2a, destination);
        context.log.info("uploaded the L2A {} to {} ({} bytes)", *l2a, destination.url(), report.bytes);
        l2a_status = L2aStatus::generated;
        n_l2a_produced_since_last_init = n_l2a_produced_since_last_init.value_or(0) + 1;
    } else {
        l2a_status = L2aStatus::generation_aborted;
    }

    if (fsc && accept_output_product(context, info_, "FSC", *fsc)) {
        auto const object_path = hrsi_product_object_path("Snow", "FSC", measurement_date, *fsc);
        auto product = upload_product(context, context.folder.data() / *fsc, object_path);
        fsc_path = product.public_path;
        fsc_infos = std::move(product.infos);
        fsc_completion_date = util::now();
        common.output_path = product.url;
    }
    if (rlie && accept_output_product(context, info_, "RLIE", *rlie)) {
        auto const object_path = hrsi_product_object_path("Ice", "RLIE", measurement_date, *rlie);
        auto product = upload_product(context, context.folder.data() / *rlie, object_path);
        rlie_path = product.public_path;
        rlie_infos = std::move(product.infos);
        rlie_completion_date = util::now();
        if (!common.output_path) common.output_path = product.url;
    }
}

}  // namespace hrsi::jobs
