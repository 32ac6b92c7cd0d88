// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/program_metadata.hpp>

#include <hrsi/jobs/product_upload.hpp>

#include <fmt/format.h>

namespace hrsi::jobs {

ProgramMetadata::ProgramMetadata(std::string_view text) {
    m_document.Parse(text.data(), text.size());
    // MemberEnd() only on an object (RapidJSON asserts it; found by fuzz_program_metadata).
    bool const is_object = !m_document.HasParseError() && m_document.IsObject();
    auto const resto = is_object ? m_document.FindMember("resto") : rapidjson::Value::MemberIterator();
    if (!is_object || resto == m_document.MemberEnd() || !resto->value.IsObject()) {
        m_refusal = "its metadata is not a resto JSON object";
        return;
    }
    m_resto = &resto->value;
    auto const properties = m_resto->FindMember("properties");
    if (properties == m_resto->MemberEnd() || !properties->value.IsObject()) {
        m_refusal = "its metadata has no resto.properties";
        return;
    }
    m_properties = &properties->value;
}

std::optional<std::string> ProgramMetadata::wkt() const {
    auto const geometry = m_resto->FindMember("geometry");
    if (geometry == m_resto->MemberEnd() || !geometry->value.IsObject()) return std::nullopt;
    auto const wkt = geometry->value.FindMember("wkt");
    if (wkt == geometry->value.MemberEnd() || !wkt->value.IsString()) return std::nullopt;
    return std::string(wkt->value.GetString(), wkt->value.GetStringLength());
}

std::variant<std::int64_t, std::string> resource_bytes_from_kilobytes(rapidjson::Value const& properties) {
    auto const kilobytes = resource_kilobytes(properties);
    if (!kilobytes) return "its metadata has no resourceSize in KB (a number or a string of digits)";
    if (!(*kilobytes >= 0) || *kilobytes > 9.0e15 / 1024) {
        return fmt::format("its resourceSize {} is not a size in KB", *kilobytes);
    }
    return 1024 * static_cast<std::int64_t>(*kilobytes);
}

void set_product_location(RestoProduct& product, std::string const& path,
                          db::SystemParameterValues const& parameters) {
    auto const prefix = parameters.text("products_path_prefix").value_or("/eodata/HRSI");
    std::string_view object_path = path;
    if (object_path.starts_with(prefix)) object_path.remove_prefix(prefix.size());
    while (object_path.starts_with('/')) object_path.remove_prefix(1);
    product.product_identifier = path;
    product.title = path.substr(path.rfind('/') + 1);
    product.host_base = parameters.text("products_host_base").value_or("s3.waw2-1.cloudferro.com");
    product.s3_bucket = parameters.text("products_s3_bucket").value_or("HRSI");
    product.thumbnail = quicklook_object_path(object_path);
}

}  // namespace hrsi::jobs
