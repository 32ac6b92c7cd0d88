// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/sentinel1/manifest.hpp>
#include <hrsi/sentinel1/slice.hpp>
#include <hrsi/storage/storage.hpp>

#include <filesystem>
#include <functional>
#include <span>
#include <vector>

namespace hrsi::sentinel1 {

// Reads a product's manifest.safe from its storage (`product` is the .SAFE folder): copied into
// `scratch` (an existing folder), read, and removed. Throws InputError "no manifest.safe at
// <url>" when the product has none, and the storage's errors when it cannot be reached.
[[nodiscard]] Manifest fetch_manifest(storage::Storage const& storage,
                                      storage::Location const& product,
                                      std::filesystem::path const& scratch);

// Where a catalogue product's manifest comes from (e.g. fetch_manifest at its input location).
using ManifestSource = std::function<Manifest(catalogue::CatalogueProduct const&)>;

// The slices of catalogue products (make_slice), asking `manifest_of` only for the products
// whose catalogue fields do not suffice (needs_manifest).
[[nodiscard]] std::vector<Slice> make_slices(std::span<catalogue::CatalogueProduct const> products,
                                             ManifestSource const& manifest_of);

}  // namespace hrsi::sentinel1
