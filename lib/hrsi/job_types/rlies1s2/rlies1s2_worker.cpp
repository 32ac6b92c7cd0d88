// SPDX-License-Identifier: Apache-2.0
// The worker steps of RLIE-S1+S2 (reference §5.6, run_rlies1s2_worker.py).
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

constexpr std::string_view static_aux_object = "rlie_s1_static_aux.tar.gz";

std::filesystem::path static_folder(WorkFolder const& folder) { return folder.inputs() / "static"; }
std::filesystem::path s1_folder(WorkFolder const& folder) { return folder.inputs() / "dynamic" / "RLIE_S1"; }
std::filesystem::path s2_folder(WorkFolder const& folder) { return folder.inputs() / "dynamic" / "RLIE_S2"; }

std::vector<std::string> paths_of(std::string const& json, std::string_view column) {
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    if (document.HasParseError() || !document.IsArray()) {
        throw InternalError(fmt::format("{} is not a JSON array: {}", column, json));
    }
    std::vector<std::string> paths;
    for (auto const& value : document.GetArray()) {
        if (!value.IsString()) throw InternalError(fmt::format("{} holds a non-text path: {}", column, json));
        paths.emplace_back(value.GetString(), value.GetStringLength());
    }
    return paths;
}

// Each product of the list from the products storage into `folder`, a folder per product.
void stage_products(WorkerContext& context, std::string const& json, std::string_view column,
                    std::filesystem::path const& folder) {
    std::filesystem::create_directories(folder);
    for (auto const& path : paths_of(json, column)) {
        auto const source = hrsi_product_location(context.roots, path);
        auto const destination = folder / products::product_name_of(path);
        auto const report = context.storage.copy_in(source, destination);
        context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
        context.inputs.push_back(destination);
    }
}

// product_dict.json: {"<key>": "<product id>"}, one product, an RLIE of the process date,
// in the folder of its name under outputs/data.
products::HrsiProduct read_product(WorkerContext const& context, util::TimePoint process_date) {
    auto const file = context.folder.data() / "product_dict.json";
    auto const dictionary = read_program_json_object(file);
    if (dictionary.MemberCount() != 1) {
        program_broke_contract(fmt::format("{}: {} products instead of 1", file.string(), dictionary.MemberCount()));
    }
    auto const& value = dictionary.MemberBegin()->value;
    if (!value.IsString()) program_broke_contract(fmt::format("{}: the product is not named by a text", file.string()));
    products::HrsiProduct product;
    try {
        product = products::parse_hrsi_product(value.GetString(), "rlies1s2_job");
    } catch (InputError const& error) {
        program_broke_contract(fmt::format("{}: {}", file.string(), error.what()));
    }
    if (product.product_type != "RLIE" || product.product_id != value.GetString()) {
        program_broke_contract(fmt::format("{}: {} is not an RLIE product name", file.string(), value.GetString()));
    }
    if (floor<days>(product.measurement) != floor<days>(process_date)) {
        // The chain would date it the same way again: not worth retrying.
        throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                            fmt::format("product {} is dated {:%Y-%m-%d}, the job merges {:%Y-%m-%d}",
                                        product.product_id, floor<days>(product.measurement),
                                        floor<days>(process_date)),
                            false);
    }
    return product;
}

}  // namespace

void RlieS1S2Job::job_pre_processing(WorkerContext& context) {
    stage_products(context, rlies1_product_paths_json, "rlies1_product_paths_json", s1_folder(context.folder));
    stage_products(context, rlies2_product_paths_json, "rlies2_product_paths_json", s2_folder(context.folder));
    auto const archive = context.auxiliary.stage(static_aux_object);
    context.auxiliary.extract(archive, static_folder(context.folder));
}

void RlieS1S2Job::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    auto const& folder = context.folder;
    auto path = [&](char const* key, std::filesystem::path const& where) {
        writer.Key(key);
        writer.String(folder.in_program(where).c_str());
    };
    writer.Key("rlies1s2");
    writer.StartObject();
    path("rlie_s1_dir", s1_folder(folder));
    path("rlie_s2_dir", s2_folder(folder));
    writer.Key("date_to_process");
    writer.String(fmt::format("{:%Y-%m-%d}", floor<days>(process_date)).c_str());
    writer.Key("tile_id");
    writer.String(common.tile_id.c_str());
    path("s2tiles_eea39_gdal_info",
         static_folder(folder) / "rlie_s1_static_aux" / "sentinel2tiles" / "s2tiles_eea39_gdal_info.json");
    writer.Key("nprocs");
    writer.Int(2);
    writer.EndObject();
}

void RlieS1S2Job::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    rlies1s2_completion_date = util::now();
    rlies1s2_path.reset();
    rlies1s2_json_submitted_json.reset();
    measurement_date_rlies1s2.reset();
    if (outcome.kind != ProgramOutcome::Kind::products) return;
    auto const product = read_product(context, process_date);
    auto const object_path = hrsi_product_object_path("Ice", "RLIE_S1S2", product.measurement, product.product_id);
    auto const uploaded = upload_product(context, context.folder.data() / product.product_id, object_path);
    measurement_date_rlies1s2 = product.measurement;
    rlies1s2_path = uploaded.public_path;
    rlies1s2_json_submitted_json =
        complete_product_metadata(uploaded.infos, uploaded.public_path, object_path, context.parameters);
    common.output_path = uploaded.url;
    context.log.info("RLIE-S1+S2 product {} uploaded", product.product_id);
}

}  // namespace hrsi::jobs
