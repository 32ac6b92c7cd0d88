// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/manifest_storage.hpp>

#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>

#include <system_error>

namespace hrsi::sentinel1 {

Manifest fetch_manifest(storage::Storage const& storage, storage::Location const& product,
                        std::filesystem::path const& scratch) {
    auto const source = product.child("manifest.safe");
    if (!storage.exists(source)) {
        throw InputError(fmt::format("no manifest.safe at {}: the slice numbers of a Sentinel-1 "
                                     "product the catalogue does not give are read there",
                                     source.url()));
    }
    auto const local = scratch / (products::product_name_of(product.url()) + ".manifest.safe");
    storage.copy_in(source, local);
    struct Removal {
        std::filesystem::path path;
        ~Removal() {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    } const removal{local};
    return read_manifest(local);
}

std::vector<Slice> make_slices(std::span<catalogue::CatalogueProduct const> products,
                               ManifestSource const& manifest_of) {
    std::vector<Slice> slices;
    slices.reserve(products.size());
    for (auto const& product : products) {
        if (needs_manifest(product)) {
            auto const manifest = manifest_of(product);
            slices.push_back(make_slice(product, &manifest));
        } else {
            slices.push_back(make_slice(product));
        }
    }
    return slices;
}

}  // namespace hrsi::sentinel1
