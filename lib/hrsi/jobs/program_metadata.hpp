// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every type's publication reads the same way (reference §3.5–3.8): the program's
// metadata in the resto form, its resourceSize in KB, and the fields of a document that the
// product's recorded path and the system parameters give.

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hrsi::jobs {

// The program's metadata (dias_catalog_submit.json, or a type's *_infos column): a JSON object
// whose "resto" is an object with an object "properties".
class ProgramMetadata {
public:
    explicit ProgramMetadata(std::string_view text);
    // Why the metadata cannot make a document ("its metadata is not a resto JSON object", "its
    // metadata has no resto.properties"); nothing when it can. The accessors below need none.
    [[nodiscard]] std::optional<std::string> const& refusal() const noexcept { return m_refusal; }
    [[nodiscard]] rapidjson::Value const& properties() const { return *m_properties; }
    // resto.geometry.wkt, when a string.
    [[nodiscard]] std::optional<std::string> wkt() const;

private:
    rapidjson::Document m_document;
    rapidjson::Value const* m_resto = nullptr;
    rapidjson::Value const* m_properties = nullptr;
    std::optional<std::string> m_refusal;
};

// resourceSize in KB (resource_kilobytes) as the bytes the message gives (1024 × whole KB, as
// the reference's 1024 × int(KB)), or why it is not one.
[[nodiscard]] std::variant<std::int64_t, std::string> resource_bytes_from_kilobytes(rapidjson::Value const& properties);

// The fields of `product` that its recorded path (/eodata/HRSI/CLMS/.../<id>) and the system
// parameters give: productIdentifier, title (the path's last component), host, bucket and the
// quicklook (thumbnail) of the object path under products_path_prefix.
void set_product_location(RestoProduct& product, std::string const& path,
                          db::SystemParameterValues const& parameters);

}  // namespace hrsi::jobs
