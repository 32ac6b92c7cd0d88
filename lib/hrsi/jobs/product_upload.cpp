// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/product_upload.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <system_error>

namespace hrsi::jobs {

std::string hrsi_product_object_path(std::string_view theme, std::string_view product_type,
                                     util::TimePoint date, std::string_view product_name) {
    auto const day = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(date));
    return fmt::format("CLMS/Pan-European/High_Resolution_Layers/{}/{}/{:04}/{:02}/{:02}/{}", theme,
                       product_type, static_cast<int>(day.year()),
                       static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()),
                       product_name);
}

std::string quicklook_object_path(std::string_view object_path) {
    return fmt::format("Preview/{}/thumbnail.png", object_path);
}

UploadedProduct upload_product(WorkerContext& context, std::filesystem::path const& folder,
                               std::string const& object_path) {
    UploadedProduct product;
    product.name = folder.filename().string();
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
        throw WorkerFailure(FailureKind::internal, "SIP unrecoverable error",
                            fmt::format("the program named product {} but wrote no folder {}",
                                        product.name, folder.string()),
                            true);
    }

    // The publication metadata goes to the database, not to the storage.
    auto const infos_file = folder / "dias_catalog_submit.json";
    product.infos = read_program_file(infos_file, "Missing infos file");
    rapidjson::Document infos;
    infos.Parse(product.infos.data(), product.infos.size());
    if (infos.HasParseError() || !infos.IsObject()) {
        throw WorkerFailure(FailureKind::internal, "Missing infos file",
                            fmt::format("{} is not a JSON object", infos_file.string()), true);
    }
    std::filesystem::remove(infos_file);

    // The quicklook is published beside the product, as Preview/<object path>/thumbnail.png.
    auto const quicklook = folder / (product.name + "_QLK.png");
    auto const quicklook_aside = context.folder.temp() / ("quicklook-" + product.name + ".png");
    bool const has_quicklook = std::filesystem::exists(quicklook, error);
    if (has_quicklook) {
        std::filesystem::create_directories(quicklook_aside.parent_path());
        std::filesystem::rename(quicklook, quicklook_aside);
    } else {
        context.log.warn("product {} has no quicklook {}", product.name, quicklook.filename().string());
    }

    auto const destination = context.roots.product(object_path);
    auto const report = context.storage.copy_out(folder, destination);
    context.log.info("uploaded {} to {} ({} file(s), {} bytes)", product.name, destination.url(),
                     report.files, report.bytes);
    if (has_quicklook) {
        auto const preview = context.roots.product(quicklook_object_path(object_path));
        context.storage.copy_out(quicklook_aside, preview);
        context.log.info("uploaded its quicklook to {}", preview.url());
    }
    product.public_path = context.roots.product_public_path(object_path);
    product.url = destination.url();
    return product;
}

}  // namespace hrsi::jobs
