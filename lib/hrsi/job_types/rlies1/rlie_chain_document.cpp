// SPDX-License-Identifier: Apache-2.0
// The publication JSON of the products of the "part 2" chains (RLIE-S1, RLIE-S1+S2): from the
// chain's metadata completed by the worker, in the resto template (§4.4).
#include <hrsi/job_types/rlies1/rlie_chain_document.hpp>

#include <hrsi/jobs/program_metadata.hpp>
#include <hrsi/jobs/publication_json.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace hrsi::jobs {
namespace {

std::optional<std::string> text_of(rapidjson::Value const& object, char const* key) {
    auto const member = object.FindMember(key);
    if (member == object.MemberEnd() || !member->value.IsString()) return std::nullopt;
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

// resourceSize in bytes (the RLIE-S1 and RLIE-S1+S2 chains write 1024 × KB themselves): a whole number, or a
// string of digits.
std::optional<std::int64_t> bytes_of(rapidjson::Value const& properties) {
    auto const size = properties.FindMember("resourceSize");
    if (size == properties.MemberEnd()) return std::nullopt;
    if (size->value.IsInt64()) {
        return size->value.GetInt64() >= 0 ? std::optional(size->value.GetInt64()) : std::nullopt;
    }
    if (!size->value.IsString()) return std::nullopt;
    std::string_view text(size->value.GetString(), size->value.GetStringLength());
    if (text.empty() || text.size() > 15) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::variant<std::string, std::string> rlie_chain_document(RlieChainProduct const& given,
                                                           db::SystemParameterValues const& parameters) {
    // Members by name, not a structured binding: clang 14 (the sanitizer build) cannot capture
    // one in a lambda.
    auto const& name = given.name;
    auto const& path = given.path;
    auto const& completion = given.completion;
    using Result = std::variant<std::string, std::string>;
    auto skip = [&given](std::string const& why) {
        return Result(std::in_place_index<1>, fmt::format("{} {}: {}", given.label, given.path, why));
    };
    ProgramMetadata const json(given.metadata);
    if (json.refusal()) return skip(*json.refusal());
    auto const& props = json.properties();
    RestoProduct product;
    product.wkt = json.wkt();
    product.resource_size = bytes_of(props);
    if (!product.resource_size) return skip("its metadata has no resourceSize in bytes");
    for (auto [key, field] : {std::pair{"startDate", &product.start_date}, std::pair{"completionDate", &product.completion_date}}) {
        if (auto const text = text_of(props, key)) {
            try {
                *field = format_resto_time(util::parse_time(*text));
            } catch (std::exception const&) {
                return skip(fmt::format("its {} '{}' is not a date", key, *text));
            }
        }
    }
    // The chain writes the sensing time as completion; without one, the job's completion.
    if (!product.completion_date && completion) product.completion_date = format_resto_time(*completion);
    set_product_location(product, path, parameters);
    product.title = name;
    product.product_type = "RLIE";
    product.resolution = scalar_json(props, "resolution");
    product.mission = given.mission;
    product.cloud_cover = scalar_json(props, "cloudCover");
    product.processing_baseline = processing_baseline(path);
    return Result(std::in_place_index<0>, resto_document(product));
}

}  // namespace hrsi::jobs
