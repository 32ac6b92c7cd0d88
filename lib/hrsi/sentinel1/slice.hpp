// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/sentinel1/manifest.hpp>
#include <hrsi/util/time.hpp>

#include <string>

namespace hrsi::sentinel1 {

enum class Pass { ascending, descending };

// One Sentinel-1 GRD slice as the assembly takes it (reference §3.8: the product name's
// fields, the catalogue's metadata, the manifest's slice numbers).
struct Slice {
    std::string product_id;       // the name without .SAFE
    std::string path;             // on the input storage (/eodata/...)
    std::string platform;         // S1A, S1B, S1C
    std::string mission_take_id;  // the name's 6 hex digits (DDDDDD)
    int slice_number = 0;         // 1..total_slices; 0 when the product is not a slice
    int total_slices = 0;
    util::TimePoint start;        // sensing start and stop, as the name gives them (seconds)
    util::TimePoint stop;
    util::TimePoint published;    // on the storage (DIAS publication)
    int relative_orbit = 0;       // 1..175
    Pass pass = Pass::ascending;
    std::string footprint;        // lon/lat, any form geometry::read_footprint reads
};

// Whether the catalogue leaves out something a slice needs that the manifest gives: slice
// number, total slices, pass, footprint.
[[nodiscard]] bool needs_manifest(catalogue::CatalogueProduct const& product);

// The slice of a catalogue product: the name (platform, mission take id, start, stop, absolute
// orbit), then each field from the catalogue when it gives it, else from `manifest` when given.
// The relative orbit, when neither gives it, comes from the absolute orbit (relative_orbit()).
// Throws InputError naming the product and the field for a name that is not a Sentinel-1
// product, a product without publication date, and a field neither source gives.
[[nodiscard]] Slice make_slice(catalogue::CatalogueProduct const& product,
                               Manifest const* manifest = nullptr);

}  // namespace hrsi::sentinel1
