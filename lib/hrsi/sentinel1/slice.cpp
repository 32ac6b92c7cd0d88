// SPDX-License-Identifier: Apache-2.0
#include <hrsi/sentinel1/slice.hpp>

#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/sentinel1/relative_orbit.hpp>

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

namespace hrsi::sentinel1 {
namespace {

[[noreturn]] void missing(Slice const& slice, std::string_view field) {
    throw InputError(fmt::format("{}: no {} in the catalogue answer nor in its manifest.safe",
                                 slice.product_id, field));
}

Pass pass_of(std::string_view product_id, std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (text == "ASCENDING") return Pass::ascending;
    if (text == "DESCENDING") return Pass::descending;
    throw InputError(fmt::format("{}: orbit direction '{}' is neither ASCENDING nor DESCENDING",
                                 product_id, text));
}

int slice_count(std::string_view product_id, std::string_view field, long long value) {
    if (value < 0 || value > 1000) {
        throw InputError(fmt::format("{}: {} {} is out of range", product_id, field, value));
    }
    return static_cast<int>(value);
}

}  // namespace

bool needs_manifest(catalogue::CatalogueProduct const& product) {
    return !product.slice_number || !product.total_slices || product.orbit_direction.empty() ||
           product.footprint.empty();
}

Slice make_slice(catalogue::CatalogueProduct const& product, Manifest const* manifest) {
    auto const name = products::parse_sentinel1(product.path.empty() ? product.name : product.path,
                                                "the slice assembly");
    Slice slice;
    slice.product_id = name.product_id;
    slice.path = product.path.empty() ? product.name : product.path;
    slice.platform = name.mission;
    slice.mission_take_id = name.mission_take_id;
    for (auto& c : slice.mission_take_id) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    slice.start = name.start;
    slice.stop = name.stop;
    if (!product.published) missing(slice, "publication date");
    slice.published = *product.published;

    Manifest const none;
    Manifest const& other = manifest != nullptr ? *manifest : none;
    if ((!other.mission_take_id.empty() && other.mission_take_id != slice.mission_take_id) ||
        (!other.platform.empty() && other.platform != slice.platform)) {
        throw InputError(fmt::format("{}: its manifest.safe is of another product ({} {})",
                                     slice.product_id, other.platform, other.mission_take_id));
    }
    auto const number = product.slice_number ? product.slice_number
                                             : std::optional<std::int64_t>(other.slice_number);
    auto const total = product.total_slices ? product.total_slices
                                            : std::optional<std::int64_t>(other.total_slices);
    if (!number) missing(slice, "slice number");
    if (!total) missing(slice, "total slices");
    slice.slice_number = slice_count(slice.product_id, "slice number", *number);
    slice.total_slices = slice_count(slice.product_id, "total slices", *total);

    auto const& pass = product.orbit_direction.empty() ? other.pass : product.orbit_direction;
    if (pass.empty()) missing(slice, "orbit direction");
    slice.pass = pass_of(slice.product_id, pass);

    slice.footprint = product.footprint.empty() ? footprint_wkt(other) : product.footprint;
    if (slice.footprint.empty()) missing(slice, "footprint");

    if (product.relative_orbit) {
        slice.relative_orbit = static_cast<int>(*product.relative_orbit);
    } else if (other.relative_orbit) {
        slice.relative_orbit = *other.relative_orbit;
    } else {
        slice.relative_orbit = relative_orbit(slice.platform, name.absolute_orbit);
    }
    if (slice.relative_orbit < 1 || slice.relative_orbit > 175) {
        throw InputError(fmt::format("{}: relative orbit {} is not within 1..175",
                                     slice.product_id, slice.relative_orbit));
    }
    return slice;
}

}  // namespace hrsi::sentinel1
