// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/product_upload.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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

storage::Location hrsi_product_location(StorageRoots const& roots, std::string_view path) {
    std::string_view const prefix = roots.products_path_prefix;
    if (!prefix.empty() && path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/') {
        return roots.product(path.substr(prefix.size() + 1));
    }
    return roots.input(path);
}

std::string complete_product_metadata(std::string const& infos, std::string const& public_path, std::string const& object_path,
                               db::SystemParameterValues const& parameters) {
    rapidjson::Document document;
    document.Parse(infos.data(), infos.size());
    auto resto = document.IsObject() ? document.FindMember("resto") : document.MemberEnd();
    if (resto == document.MemberEnd() || !resto->value.IsObject() || !resto->value.HasMember("properties") ||
        !resto->value["properties"].IsObject()) {
        return infos;  // publication says why it cannot use it
    }
    auto& properties = resto->value["properties"];
    auto& allocator = document.GetAllocator();
    auto set = [&](char const* key, std::string const& value) {
        rapidjson::Value text(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), allocator);
        if (properties.HasMember(key)) {
            properties[key] = std::move(text);
        } else {
            properties.AddMember(rapidjson::Value(key, allocator), std::move(text), allocator);
        }
    };
    set("host_base", parameters.text("products_host_base").value_or("s3.waw2-1.cloudferro.com"));
    set("productIdentifier", public_path);
    set("thumbnail", quicklook_object_path(object_path));
    set("s3_bucket", parameters.text("products_s3_bucket").value_or("HRSI"));
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace hrsi::jobs
