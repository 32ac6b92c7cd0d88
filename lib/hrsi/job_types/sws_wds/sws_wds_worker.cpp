// SPDX-License-Identifier: Apache-2.0
// The SWS/WDS worker steps (reference §5.6, run_sws_wds_worker.py): the slices (master) or the
// master's assembly (follower), the FSC of a WDS job, the zone's DEM and the auxiliary data
// staged; the program's bit-flag exit codes read; the assembly uploaded to the internal
// storage; the SWS and WDS products uploaded with their quicklooks, their metadata written.
// Every path is derived from the job's columns, so the const step (the parameters) finds what
// the staging step put there.
#include <hrsi/aux/ssp_aux.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_exit_codes.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_metadata.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/util/atomic_file.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

namespace hrsi::jobs {
namespace {

constexpr std::string_view configuration_error = "Configuration error";
constexpr std::string_view product_version = "V101";
// The pixel size of the products (the reference's parameter template: 60 m, as the aux data).
constexpr int pixel_size = 60;

// The job's assembly_params (written at creation, sws_wds_candidates.cpp).
struct AssemblyParams {
    int epsg = 0;
    std::string platform;         // upper case: S1A
    std::string mission_take_id;  // upper case, as in the product names
    int relative_orbit = 0;
    std::string envelope;  // "minLon;minLat;maxLon;maxLat"
    std::string stop;      // sourceProduct_stopTime
    bool sws = false;
    bool wds = false;
};

[[noreturn]] void bad_configuration(std::int64_t id, std::string const& why) {
    throw WorkerFailure(FailureKind::internal, std::string(configuration_error),
                        fmt::format("sws_wds job {}: {}", id, why), false);
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

AssemblyParams read_assembly_params(SwsWdsJob const& job) {
    rapidjson::Document document;
    document.Parse(job.assembly_params.data(), job.assembly_params.size());
    if (document.HasParseError() || !document.IsObject()) bad_configuration(job.common.id, "assembly_params is not a JSON object");
    auto text = [&](char const* key) {
        auto const member = document.FindMember(key);
        if (member == document.MemberEnd() || !member->value.IsString()) {
            bad_configuration(job.common.id, fmt::format("assembly_params has no text {}", key));
        }
        return std::string(member->value.GetString(), member->value.GetStringLength());
    };
    auto integer = [&](char const* key) {
        auto const member = document.FindMember(key);
        if (member == document.MemberEnd() || !member->value.IsInt()) {
            bad_configuration(job.common.id, fmt::format("assembly_params has no integer {}", key));
        }
        return member->value.GetInt();
    };
    auto flag = [&](char const* key) {
        auto const member = document.FindMember(key);
        if (member == document.MemberEnd() || !member->value.IsBool()) {
            bad_configuration(job.common.id, fmt::format("assembly_params has no boolean {}", key));
        }
        return member->value.GetBool();
    };
    return {integer("epsg"),         upper(text("platform")),
            upper(text("missionTakeId")), integer("relativeOrbitNumber"),
            text("envelope"),        text("sourceProduct_stopTime"),
            flag("generate_sws_product"), flag("generate_wds_product")};
}

std::vector<std::string> split_list(std::optional<std::string> const& list) {
    std::vector<std::string> items;
    if (!list) return items;
    std::string_view rest = *list;
    while (!rest.empty()) {
        auto const semicolon = rest.find(';');
        auto const item = util::trimmed(rest.substr(0, semicolon));
        if (!item.empty()) items.emplace_back(item);
        rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
    }
    return items;
}

// Where things are in the job's folder.
struct Layout {
    std::filesystem::path s1;     // inputs/s1/<slice>.SAFE
    std::filesystem::path fsc;    // inputs/fsc/<FSC id>/
    std::filesystem::path aux;    // inputs/aux: the tars extracted, the masks, the DEM
    std::filesystem::path assembly_file;
};

std::string day_of_month(util::TimePoint time) {
    return fmt::format("{:%d}", std::chrono::floor<std::chrono::seconds>(time));
}

std::string compact_time(util::TimePoint time) {
    return fmt::format("{:%Y%m%dT%H%M%S}", std::chrono::floor<std::chrono::seconds>(time));
}

// The master builds the assembly from the slices; a follower (or a master run again after it
// recorded its assembly) reads the recorded one.
bool creates_assembly(SwsWdsJob const& job) {
    return !split_list(job.s1_path_list).empty() && !job.assembly_path;
}

Layout layout(SwsWdsJob const& job, WorkFolder const& folder) {
    Layout where{folder.inputs() / "s1", folder.inputs() / "fsc", folder.inputs() / "aux", {}};
    // The master writes it among its outputs; a follower's comes in with its inputs.
    auto const base = creates_assembly(job) ? folder.outputs() : folder.inputs();
    where.assembly_file = base / "s1_assembly" / day_of_month(job.measurement_date) /
                          fmt::format("s1_assembly_{}.tif", job.assembly_id);
    return where;
}

std::string track_of(AssemblyParams const& params) { return fmt::format("{:03}", params.relative_orbit); }

std::string month_of(util::TimePoint time) {
    return fmt::format("{:%m}", std::chrono::floor<std::chrono::seconds>(time));
}

std::string dem_name(int epsg) { return fmt::format("Copernicus_DSM_60m_{}_wgs84.tif", epsg); }

std::string sws_product_id(SwsWdsJob const& job, AssemblyParams const& params) {
    return fmt::format("SWS_{}_{}_T{}_{}_1", compact_time(job.measurement_date), params.platform, job.common.tile_id,
                       product_version);
}

// The last field of a WDS name is the mode of its FSC (0 without one).
std::string wds_product_id(SwsWdsJob const& job, AssemblyParams const& params) {
    auto const fsc = split_list(job.fsc_id_list);
    std::string mode = "0";
    if (!fsc.empty()) mode = fsc.back().substr(fsc.back().rfind('_') + 1);
    return fmt::format("WDS_{}_{}_T{}_{}_{}", compact_time(job.measurement_date), params.platform, job.common.tile_id,
                       product_version, mode);
}

void stage_aux_file(WorkerContext& context, Layout const& where, std::string const& key) {
    auto const staged = context.auxiliary.stage(key);
    context.auxiliary.copy(staged, where.aux / std::string(util::last_component(key)));
}

void stage_auxiliary(SwsWdsJob const& job, WorkerContext& context, Layout const& where, AssemblyParams const& params) {
    auto const version = aux::ssp_aux_version(context.parameters);
    auto const tile = job.common.tile_id;
    auto const base = fmt::format("ssp_aux/{}/{}/T{}_60m", version, tile, tile);
    std::filesystem::create_directories(where.aux);
    context.auxiliary.extract(context.auxiliary.stage(fmt::format("ssp_aux/{}/ssp_aux_common.tar", version)), where.aux);
    context.auxiliary.extract(
        context.auxiliary.stage(fmt::format("{}_t{}_S1_AUX_{}.tar", base, track_of(params), version)), where.aux);
    stage_aux_file(context, where, aux::ssp_aux_mask_key(version, tile, "FOREST_URBAN_WATER"));
    if (params.sws) {
        stage_aux_file(context, where, aux::ssp_aux_mask_key(version, tile, "NON_MOUNTAIN_AREA"));
        stage_aux_file(context, where,
                       fmt::format("{}_MASK_SNOW_m{}_{}.tif", base, month_of(job.measurement_date), version));
    }
}

void write_text(JsonWriter& writer, char const* key, std::string const& value) {
    writer.Key(key);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_path(JsonWriter& writer, char const* key, WorkFolder const& folder, std::filesystem::path const& path) {
    write_text(writer, key, folder.in_program(path));
}

// The FSC's own INSPIRE metadata without its XML declaration (the reference's
// METADATA_OF_AGGREGATED_PRODUCT), the FSC of a WDS job concatenated.
std::string aggregated_metadata(SwsWdsJob const& job, Layout const& where) {
    std::string text;
    for (auto const& id : split_list(job.fsc_id_list)) {
        auto const xml = read_program_file(where.fsc / id / (id + "_MTD.xml"), "Missing input file");
        auto const newline = xml.find('\n');
        text += newline == std::string::npos ? std::string() : xml.substr(newline + 1);
    }
    return text;
}

// The values of the metadata templates (the reference's parameters dictionary).
std::map<std::string, std::string, std::less<>> template_values(SwsWdsJob const& job, Layout const& where,
                                                               AssemblyParams const& params,
                                                               util::TimePoint completed) {
    std::vector<std::string> box;
    std::string_view rest = params.envelope;
    for (int i = 0; i < 4; ++i) {
        auto const semicolon = rest.find(';');
        box.emplace_back(rest.substr(0, semicolon));
        rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
    }
    auto const when = util::format_rfc3339(completed);
    return {{"tile_id", job.common.tile_id},
            {"track", track_of(params)},
            {"month", month_of(job.measurement_date)},
            {"measurement_date", compact_time(job.measurement_date)},
            {"platform", params.platform},
            {"missionTakeId", params.mission_take_id},
            {"epsg", std::to_string(params.epsg)},
            {"assembly_id", job.assembly_id},
            {"sws_product_id", sws_product_id(job, params)},
            {"wds_product_id", wds_product_id(job, params)},
            {"job_unique_id", job.common.unique_id},
            {"WB_LON", box[0]},
            {"SB_LAT", box[1]},
            {"EB_LON", box[2]},
            {"NB_LAT", box[3]},
            {"ACQUISITION_START", util::format_rfc3339(job.measurement_date)},
            {"ACQUISITION_STOP", params.stop},
            {"PRODUCTION_DATE", when},
            {"EDITION_DATE", when},
            {"METADATA_OF_AGGREGATED_PRODUCT", aggregated_metadata(job, where)}};
}

// <id>_MTD.xml from the <TYPE>_Metadata.xml template of ssp_aux_common.tar.
void write_product_metadata(std::filesystem::path const& product, std::string const& id, std::string_view type,
                            Layout const& where, std::map<std::string, std::string, std::less<>> values) {
    auto const template_file = where.aux / fmt::format("{}_Metadata.xml", type);
    auto const text = read_program_file(template_file, "Auxiliary data error");
    values["PRODUCT_ID"] = id;
    try {
        util::write_file_atomically(product / (id + "_MTD.xml"), substitute_template(text, values));
    } catch (InputError const& error) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data error",
                            fmt::format("{}: {}", template_file.string(), error.what()), false);
    }
}

// sws_infos / wds_infos as the reference records them: the creation's geometry kept, the
// properties the size (KiB) and resolution of the product.
std::string product_infos(std::optional<std::string> const& infos, double kib) {
    rapidjson::Document document;
    if (infos) document.Parse(infos->data(), infos->size());
    if (!infos || document.HasParseError() || !document.IsObject()) document.SetObject();
    auto& allocator = document.GetAllocator();
    if (!document.HasMember("resto") || !document["resto"].IsObject()) {
        document.RemoveMember("resto");
        document.AddMember("resto", rapidjson::Value(rapidjson::kObjectType), allocator);
    }
    auto& resto = document["resto"];
    resto.RemoveMember("properties");
    rapidjson::Value properties(rapidjson::kObjectType);
    properties.AddMember("resourceSize", kib, allocator);
    properties.AddMember("resolution", pixel_size, allocator);
    resto.AddMember("properties", properties, allocator);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    return {buffer.GetString(), buffer.GetSize()};
}

struct Uploaded {
    std::string public_path;
    std::string url;
    std::string infos;
};

// One product folder the program wrote: its metadata written, its quicklook (thumbnail.png)
// set aside, then uploaded with it to Preview/.
Uploaded upload_sws_wds_product(WorkerContext& context, Layout const& where, std::string const& id,
                                std::string_view type, util::TimePoint measurement,
                                std::map<std::string, std::string, std::less<>> const& values,
                                std::optional<std::string> const& infos, std::vector<std::string>& uploaded) {
    auto const product = context.folder.data() / id;
    std::error_code error;
    if (!std::filesystem::is_directory(product, error)) {
        throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                            fmt::format("the program wrote no {} product {}", type, product.string()), true);
    }
    write_product_metadata(product, id, type, where, values);
    double kib = 0;
    try {
        kib = product_size_kib(product, id, type);
    } catch (InputError const& missing) {
        throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype), missing.what(), true);
    }
    auto const quicklook = product / "thumbnail.png";
    auto const aside = context.folder.temp() / fmt::format("quicklook-{}.png", id);
    bool const has_quicklook = std::filesystem::is_regular_file(std::filesystem::symlink_status(quicklook, error));
    if (has_quicklook) {
        std::filesystem::create_directories(aside.parent_path());
        std::filesystem::rename(quicklook, aside);
    } else {
        context.log.warn("product {} has no quicklook thumbnail.png", id);
    }
    auto const object_path = hrsi_product_object_path("Snow", type, measurement, id);
    uploaded.push_back(object_path);  // before: a failure may leave half of it
    auto const destination = context.roots.product(object_path);
    auto const report = context.storage.copy_out(product, destination);
    context.log.info("uploaded {} to {} ({} file(s), {} bytes)", id, destination.url(), report.files, report.bytes);
    if (has_quicklook) context.storage.copy_out(aside, context.roots.product(quicklook_object_path(object_path)));
    return {context.roots.product_public_path(object_path), destination.url(), product_infos(infos, kib)};
}

// The master's assembly on the internal storage (reference §3.4):
// /<sip_data_bucket>/s1_assembly/<platform>/YYYY/MM/DD/s1_assembly_<assembly id>.tif
std::string assembly_object(SwsWdsJob const& job, AssemblyParams const& params,
                            db::SystemParameterValues const& parameters) {
    std::string platform = params.platform;
    for (auto& c : platform) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return fmt::format("/{}/s1_assembly/{}/{:%Y/%m/%d}/s1_assembly_{}.tif",
                       parameters.text("sip_data_bucket").value_or("hrsi-sip-data"), platform,
                       std::chrono::floor<std::chrono::seconds>(job.measurement_date), job.assembly_id);
}

void remove_uploaded(WorkerContext& context, std::vector<std::string> const& uploaded) {
    for (auto const& object_path : uploaded) {
        try {
            context.storage.remove(context.roots.product(object_path));
            context.storage.remove(context.roots.product("Preview/" + object_path));
        } catch (std::exception const& error) {
            context.log.warn("could not remove {} after a failed upload: {}", object_path, error.what());
        }
    }
}

}  // namespace

void SwsWdsJob::job_pre_processing(WorkerContext& context) {
    if (common.tile_id.empty() || assembly_id.empty()) bad_configuration(common.id, "no tile or no assembly id");
    auto const params = read_assembly_params(*this);
    auto const where = layout(*this, context.folder);

    // The FSC of a WDS job, from the products storage.
    auto const fsc_ids = split_list(fsc_id_list);
    auto const fsc_paths = split_list(fsc_path_list);
    if (fsc_ids.size() != fsc_paths.size()) bad_configuration(common.id, "fsc_id_list and fsc_path_list differ in length");
    for (std::size_t i = 0; i < fsc_ids.size(); ++i) {
        auto const destination = where.fsc / fsc_ids[i];
        auto const report = context.storage.copy_in(hrsi_product_location(context.roots, fsc_paths[i]), destination);
        context.log.info("staged FSC {} ({} file(s), {} bytes)", fsc_ids[i], report.files, report.bytes);
        context.inputs.push_back(destination);
    }

    if (creates_assembly(*this)) {
        // The master: the slices and the zone's DEM (reference: GLO30 60 m per zone).
        auto const ids = split_list(s1_id_list);
        auto const paths = split_list(s1_path_list);
        if (ids.size() != paths.size()) bad_configuration(common.id, "s1_id_list and s1_path_list differ in length");
        for (std::size_t i = 0; i < paths.size(); ++i) {
            if (paths[i].find(ids[i]) == std::string::npos) {
                bad_configuration(common.id, "s1_id_list and s1_path_list are not in the same order");
            }
            auto const destination = where.s1 / std::string(util::last_component(paths[i]));
            auto const report = context.storage.copy_in(context.roots.input(paths[i]), destination);
            context.log.info("staged slice {} ({} file(s), {} bytes)", ids[i], report.files, report.bytes);
            context.inputs.push_back(destination);
        }
        std::filesystem::create_directories(where.aux);
        stage_aux_file(context, where, "GLO30/DEM_60m_zones_wgs84/" + dem_name(params.epsg));
        std::filesystem::create_directories(where.assembly_file.parent_path());
    } else {
        if (!assembly_path) bad_configuration(common.id, "neither slices nor an assembly to read");
        auto const source = context.roots.internal_path(*assembly_path);
        auto const report = context.storage.copy_in(source, where.assembly_file);
        context.log.info("staged the master's assembly {} ({} bytes)", source.url(), report.bytes);
        context.inputs.push_back(where.assembly_file);
    }
    stage_auxiliary(*this, context, where, params);
}

void SwsWdsJob::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    auto const& folder = context.folder;
    auto const params = read_assembly_params(*this);
    auto const where = layout(*this, folder);
    bool const create = creates_assembly(*this);
    writer.Key("sws_wds");
    writer.StartObject();
    write_text(writer, "tile_id", common.tile_id);
    write_text(writer, "epsg", std::to_string(params.epsg));
    write_text(writer, "platform", params.platform);
    write_text(writer, "mission_take_id", params.mission_take_id);
    write_text(writer, "track", track_of(params));
    write_text(writer, "month", month_of(measurement_date));
    write_text(writer, "measurement_date", compact_time(measurement_date));
    write_text(writer, "assembly_id", assembly_id);
    writer.Key("create_assembly");
    writer.Bool(create);
    writer.Key("s1_paths");
    writer.StartArray();
    if (create) {
        for (auto const& path : split_list(s1_path_list)) {
            writer.String(folder.in_program(where.s1 / std::string(util::last_component(path))).c_str());
        }
    }
    writer.EndArray();
    if (create) {
        write_path(writer, "dem", folder, where.aux / dem_name(params.epsg));
    } else {
        writer.Key("dem");
        writer.Null();
    }
    write_path(writer, "assembly_file", folder, where.assembly_file);
    writer.Key("fsc_paths");
    writer.StartArray();
    for (auto const& id : split_list(fsc_id_list)) {
        writer.String(folder.in_program(where.fsc / id / (id + "_FSCTOC.tif")).c_str());
    }
    writer.EndArray();
    write_path(writer, "aux_dir", folder, where.aux);
    write_text(writer, "ssp_aux_version", aux::ssp_aux_version(context.parameters));
    write_text(writer, "sws_product_id", sws_product_id(*this, params));
    write_text(writer, "wds_product_id", wds_product_id(*this, params));
    writer.Key("generate_sws_product");
    writer.Bool(params.sws);
    writer.Key("generate_wds_product");
    writer.Bool(params.wds);
    writer.Key("pixel_size");
    writer.Int(pixel_size);
    write_text(writer, "envelope", params.envelope);
    write_text(writer, "acquisition_start", util::format_rfc3339(measurement_date));
    write_text(writer, "acquisition_stop", params.stop);
    writer.EndObject();
}

ProgramOutcome SwsWdsJob::interpret_program_result(util::ChildResult const& result) const {
    return read_sws_wds_exit(result).outcome;
}

void SwsWdsJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    auto const completed = util::now();
    if (outcome.return_code >= 0) assembly_return_code = outcome.return_code;
    // The flags again, from the code (interpret_program_result read them the same way).
    util::ChildResult ended;
    ended.exit_code = outcome.return_code;
    auto const flags = read_sws_wds_exit(ended);
    auto const params = read_assembly_params(*this);
    auto const where = layout(*this, context.folder);
    bool const create = creates_assembly(*this);

    // Every check before any upload: the assembly the master wrote, the products wanted.
    bool const upload_assembly = create && !flags.assembly_empty;
    if (upload_assembly && !std::filesystem::is_regular_file(std::filesystem::symlink_status(where.assembly_file))) {
        throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                            fmt::format("the program wrote no assembly {}", where.assembly_file.string()), true);
    }
    bool const sws = params.sws && !flags.no_sws;
    bool const wds = params.wds && !flags.no_wds;
    auto const values = template_values(*this, where, params, completed);

    sws_path.reset();
    wds_path.reset();
    std::vector<std::string> uploaded;
    try {
        if (sws) {
            auto const made = upload_sws_wds_product(context, where, sws_product_id(*this, params), "SWS",
                                                     measurement_date, values, sws_infos, uploaded);
            sws_path = made.public_path;
            sws_infos = made.infos;
            sws_completion_date = completed;
            common.output_path = made.url;
        }
        if (wds) {
            auto const made = upload_sws_wds_product(context, where, wds_product_id(*this, params), "WDS",
                                                     measurement_date, values, wds_infos, uploaded);
            wds_path = made.public_path;
            wds_infos = made.infos;
            wds_completion_date = completed;
            if (!common.output_path) common.output_path = made.url;
        }
        if (upload_assembly) {
            auto const object = assembly_object(*this, params, context.parameters);
            auto const destination = context.roots.internal_path(object);
            context.storage.copy_out(where.assembly_file, destination);
            context.log.info("uploaded the assembly {} to {}", assembly_id, destination.url());
            assembly_path = object;
            assembly_status = AssemblyStatus::generated;
        }
    } catch (...) {
        remove_uploaded(context, uploaded);
        sws_path.reset();
        wds_path.reset();
        common.output_path.reset();
        throw;
    }
    if (flags.assembly_empty) assembly_status = AssemblyStatus::empty;
    context.log.info("SWS {}, WDS {}{}", sws ? "uploaded" : "none", wds ? "uploaded" : "none",
                     flags.assembly_empty ? ", the assembly is empty" : (upload_assembly ? ", the assembly uploaded" : ""));
}

}  // namespace hrsi::jobs
