// SPDX-License-Identifier: Apache-2.0
// The worker steps of GFSC (reference §5.6, run_gfsc_worker.py): the inputs staged from the
// products storage, the one GFSC product the program made uploaded under Snow/GFSC/.
#include <hrsi/job_types/gfsc/gfsc_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/product_upload.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

std::filesystem::path input_folder(WorkFolder const& folder, std::string_view kind) {
    return folder.inputs() / kind;
}

// Each product of the list (but the obsolete ones) from the products storage, where its
// producer uploaded it (Snow/<TYPE>/<name's date>/<name>), into inputs/<kind>/<name>.
void stage(WorkerContext& context, std::vector<std::string> const& ids, std::vector<std::string> const& obsolete,
           std::string_view kind) {
    auto const folder = input_folder(context.folder, kind);
    std::filesystem::create_directories(folder);
    for (auto const& id : ids) {
        if (std::find(obsolete.begin(), obsolete.end(), id) != obsolete.end()) {
            context.log.info("{} is obsolete (its days are in the input GFSC): not staged", id);
            continue;
        }
        products::HrsiProduct name;
        try {
            name = products::parse_hrsi_product(id, "gfsc_job");
        } catch (InputError const& error) {
            throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype),
                                fmt::format("input {} is not an HR-S&I product name: {}", id, error.what()), false);
        }
        auto const object_path = hrsi_product_object_path("Snow", name.product_type, name.measurement, id);
        auto const source = context.roots.product(object_path);
        auto const destination = folder / id;
        auto const report = context.storage.copy_in(source, destination);
        context.log.info("staged {} ({} file(s), {} bytes)", source.url(), report.files, report.bytes);
        context.inputs.push_back(destination);
    }
}

// The one GFSC product folder the program wrote under outputs/data (the intermediate GFSC1_
// products are not products).
products::HrsiProduct made_product(WorkerContext const& context, std::string_view tile) {
    std::vector<products::HrsiProduct> made;
    for (auto const& entry : std::filesystem::directory_iterator(context.folder.data())) {
        auto const name = entry.path().filename().string();
        if (!entry.is_directory() || !name.starts_with("GFSC_")) continue;
        try {
            made.push_back(products::parse_hrsi_product(name, "gfsc_job"));
        } catch (InputError const& error) {
            program_broke_contract(fmt::format("{}: {}", name, error.what()));
        }
    }
    if (made.size() != 1) {
        program_broke_contract(fmt::format("{} GFSC products in {} instead of 1", made.size(),
                                           context.folder.data().string()));
    }
    if (made.front().tile != fmt::format("T{}", tile)) {
        program_broke_contract(fmt::format("product {} is not of tile T{}", made.front().product_id, tile));
    }
    return made.front();
}

std::optional<util::TimePoint> metadata_time(std::string const& infos, char const* key) {
    rapidjson::Document document;
    document.Parse(infos.c_str(), infos.size());
    if (!document.IsObject() || !document.HasMember("resto") || !document["resto"].IsObject()) return std::nullopt;
    auto const& resto = document["resto"];
    if (!resto.HasMember("properties") || !resto["properties"].IsObject()) return std::nullopt;
    auto const& properties = resto["properties"];
    if (!properties.HasMember(key) || !properties[key].IsString()) return std::nullopt;
    try {
        return util::parse_time(properties[key].GetString());
    } catch (std::exception const&) {
        return std::nullopt;
    }
}

}  // namespace

void GfscJob::job_pre_processing(WorkerContext& context) {
    stage(context, gfsc_id_list, obsolete_product_id_list, "gfsc");
    stage(context, fsc_id_list, obsolete_product_id_list, "fsc");
    stage(context, wds_id_list, obsolete_product_id_list, "wds");
    stage(context, sws_id_list, obsolete_product_id_list, "sws");
}

void GfscJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    completion_date = util::now();
    gfsc_path.reset();
    gfsc_infos.reset();
    if (outcome.kind != ProgramOutcome::Kind::products) return;
    auto const product = made_product(context, common.tile_id);
    auto const object_path = hrsi_product_object_path("Snow", "GFSC", product_date, product.product_id);
    auto const uploaded = upload_product(context, context.folder.data() / product.product_id, object_path);
    gfsc_id = product.product_id;
    missions = product.mission;
    gfsc_path = uploaded.public_path;
    gfsc_infos = complete_product_metadata(uploaded.infos, uploaded.public_path, object_path, context.parameters);
    sensing_start_date = metadata_time(uploaded.infos, "startDate");
    sensing_end_date = metadata_time(uploaded.infos, "completionDate");
    common.output_path = uploaded.url;
    context.log.info("GFSC product {} uploaded", product.product_id);
}

}  // namespace hrsi::jobs
