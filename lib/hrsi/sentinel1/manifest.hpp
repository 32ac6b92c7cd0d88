// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/geometry.hpp>
#include <hrsi/util/time.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::sentinel1 {

// What a Sentinel-1 product's manifest.safe tells the slice assembly when the catalogue does
// not (its SAFE metadata sections: platform, measurementOrbitReference,
// generalProductInformation, acquisitionPeriod, measurementFrameSet). Fields the manifest
// does not hold stay empty.
struct Manifest {
    std::string platform;                   // S1A, S1B, S1C (safe:familyName + safe:number)
    std::string mission_take_id;            // 6 upper-case hex digits, as in the product name
    std::optional<int> slice_number;        // s1sarl1:sliceNumber (0 for a product not sliced)
    std::optional<int> total_slices;        // s1sarl1:totalSlices
    std::optional<long long> absolute_orbit;  // safe:orbitNumber type="start"
    std::optional<int> relative_orbit;      // safe:relativeOrbitNumber type="start"
    std::string pass;                       // ASCENDING or DESCENDING (s1:pass)
    std::optional<util::TimePoint> start;   // safe:startTime (UTC)
    std::optional<util::TimePoint> stop;    // safe:stopTime
    std::string timeliness;                 // s1sarl1:productTimelinessCategory: NRT-3h, Fast-24h
    std::vector<std::string> polarisations;  // s1sarl1:transmitterReceiverPolarisation: VV, VH
    // The footprint (gml:coordinates, "lat,lon" pairs), as lon/lat points; empty if none.
    std::vector<geometry::Point> footprint;
};

// Reads the text of a manifest.safe; `source` names it in messages. Throws InputError for
// text that is not XML or not a Sentinel-1 SAFE manifest (no XFDU root), and for a present
// field that does not read (a slice number that is not a number, an unknown platform).
[[nodiscard]] Manifest parse_manifest(std::string_view xml, std::string_view source);

// Reads <product>.SAFE/manifest.safe, or the file itself when `path` is a file.
// Throws InputError "no manifest.safe ..." when it is missing.
[[nodiscard]] Manifest read_manifest(std::filesystem::path const& path);

// The footprint as WKT ("POLYGON ((lon lat, ...))"), "" when the manifest has none.
[[nodiscard]] std::string footprint_wkt(Manifest const& manifest);

}  // namespace hrsi::sentinel1
