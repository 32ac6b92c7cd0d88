// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/output_products.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace hrsi::jobs {

bool is_output_product(JobTypeInfo const& info, std::string_view product) noexcept {
    return std::ranges::any_of(info.output_products, [product](std::string_view listed) {
        return std::ranges::equal(listed, product, [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        });
    });
}

void keep_output_products(JobTypeInfo const& info, PublicationDocuments& documents) {
    std::erase_if(documents.products, [&](ProductPublication const& product) {
        if (is_output_product(info, product.product)) return false;
        documents.skipped.push_back(fmt::format("{} is a {} product, not one of {} (OUTPUT_PRODUCTS_LIST: {})",
                                                product.title, product.product, info.type_name,
                                                fmt::join(info.output_products, ", ")));
        return true;
    });
}

bool accept_output_product(WorkerContext const& context, JobTypeInfo const& info, std::string_view product,
                           std::string_view name) {
    if (is_output_product(info, product)) return true;
    context.log.warn("{}: product {} is of type {}, not in OUTPUT_PRODUCTS_LIST ({}): ignored, neither uploaded nor "
                     "recorded",
                     info.job_name, name, product, fmt::join(info.output_products, ", "));
    return false;
}

}  // namespace hrsi::jobs
