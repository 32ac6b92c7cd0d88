// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/input_products.hpp>

#include <hrsi/error.hpp>

namespace hrsi::jobs {
namespace {

std::optional<products::ProductId> parse_as(InputProductType kind, std::string_view name, std::string_view type) {
    switch (kind) {
    case InputProductType::none: return std::nullopt;
    case InputProductType::s1: return products::parse_sentinel1(name, type);
    case InputProductType::s2: return products::parse_sentinel2_l1c(name, type);
    case InputProductType::hrsi: return products::parse_hrsi_product(name, type);
    }
    throw InternalError("unknown input product type");
}

}  // namespace

AcceptedInputs accept_input_products(JobTypeInfo const& info, std::vector<catalogue::CatalogueProduct>&& products) {
    AcceptedInputs result;
    result.accepted.reserve(products.size());
    for (auto& product : products) {
        auto const& name = product.name.empty() ? product.path : product.name;
        try {
            auto parsed = parse_as(info.input_product_type, name, info.type_name);
            result.accepted.push_back({std::move(product), std::move(parsed)});
        } catch (InputError const& error) {
            result.refused.push_back({name, error.what()});
        }
    }
    return result;
}

JobsToCreate refuse_catalogue_answer(std::span<InputProduct const> products, std::string_view reason) {
    JobsToCreate result;
    for (auto const& input : products) {
        auto const& product = input.catalogue;
        result.refused.push_back({product.name.empty() ? product.path : product.name, std::string(reason)});
    }
    return result;
}

}  // namespace hrsi::jobs
