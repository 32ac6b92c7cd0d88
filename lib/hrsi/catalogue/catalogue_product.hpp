// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/time.hpp>

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::catalogue {

// The formats hrsi-create-jobs reads.
enum class Format {
    automatic,  // detect from the content
    odata,      // Copernicus Data Space OData JSON: {"value": [{"Name", "S3Path", ...}, ...]}
    resto,      // resto/Finder GeoJSON: {"features": [{"properties": {"productIdentifier", ...}}]}
    stac,       // STAC ItemCollection: {"type": "FeatureCollection", "features": [STAC items]}
    list,       // plain text: one product name or path per line, '#' starts a comment
};

// "odata", "resto", "stac", "list", "auto"; throws UsageError naming the valid ones.
[[nodiscard]] Format parse_format(std::string_view text);
[[nodiscard]] std::string_view format_name(Format format) noexcept;

// One product of a catalogue answer, whatever the format.
struct CatalogueProduct {
    std::string name;                           // product name (with .SAFE if the catalogue has it)
    std::string path;                           // path on the storage (/eodata/...), or the name
    std::optional<util::TimePoint> published;   // publication on the storage (DIAS publication)
    std::optional<util::TimePoint> sensing_start;
    std::optional<util::TimePoint> sensing_end;
    std::optional<double> cloud_cover;          // percent
    std::optional<double> snow_cover;           // percent
    // The footprint as the catalogue gives it, lon/lat: GeoJSON text (OData GeoFootprint,
    // resto and STAC geometry) or the OData Footprint ("geography'SRID=4326;POLYGON ((…))'");
    // geometry::read_footprint reads both. Empty when the catalogue gives none.
    std::string footprint;
    // What Sentinel-1 types need (any product may have them; empty when not given):
    std::string product_type;     // IW_GRDH_1S (OData), GRD (resto, STAC), S2MSI1C, ...
    std::string sensor_mode;      // IW, EW, SM, WV
    std::string platform;         // S1A, S1B, S2A, ... (from "SENTINEL-1"+"A", "sentinel-1a")
    std::string orbit_direction;  // ASCENDING or DESCENDING
    std::optional<std::int64_t> absolute_orbit;
    std::optional<std::int64_t> relative_orbit;
    std::optional<std::int64_t> slice_number;
    std::optional<std::int64_t> total_slices;
    std::vector<std::string> polarisations;  // VV, VH, HH, HV, in the catalogue's order
    std::string timeliness;       // as given: NRT-3h, Fast-24h, ...
    std::string source;                         // where it came from, for messages: "line 12", "value[3]"
};

struct ReadSummary {
    Format format = Format::automatic;  // the format read (detected or given)
    std::int64_t products = 0;
};

// Reads a catalogue answer as a stream, calling `on_product` for each product in order;
// memory stays bounded whatever the input size. Throws InputError (naming the position) on
// broken JSON or content that is not a catalogue answer of the format; products already
// handed to `on_product` stay handed (the caller's transaction makes it all or nothing).
// Exceptions thrown by `on_product` stop the reading and pass through unchanged.
//
// Format::automatic: input whose first non-blank character is '{' or '[' is JSON, anything
// else a list; empty (or blank) input is zero products in any format (the summary keeps the
// format given). In JSON, a top-level "value" array is OData and a top-level "features" array
// GeoJSON, each feature read as a STAC item when it has "stac_version", else as resto/Finder
// when it has properties.productIdentifier, else as STAC when it has "assets", else as resto
// when it has properties.title, else as STAC (by its id). A forced format refuses content of
// another.
//
// Where the fields come from (a present date that does not parse is an InputError):
// - odata: Name (else the last part of S3Path), S3Path (the path; else Name), PublicationDate,
//   ContentDate.Start/End, Attributes[] cloudCover/snowCover. source "value[i]".
//   Footprint: GeoFootprint (GeoJSON), else Footprint. Attributes[] productType,
//   operationalMode, platformShortName + platformSerialIdentifier, orbitDirection,
//   orbitNumber, relativeOrbitNumber, sliceNumber, totalSlices, polarisationChannels ("VV&VH"),
//   timeliness.
// - resto: properties.productIdentifier (path), title (name; else the path's last part),
//   published, startDate, completionDate, cloudCover, snowCover. source "features[i]".
//   Footprint: geometry. properties productType, sensorMode, platform, orbitDirection,
//   orbitNumber, relativeOrbitNumber, sliceNumber, totalSlices, polarisation ("VV VH",
//   "VV+VH", "VV&VH"), timeliness.
// - stac: properties.s2:product_uri, else properties.sentinel:product_id, else id (name),
//   properties.datetime or start_datetime, end_datetime, published or
//   created, eo:cloud_cover; path from the asset "product" or "Product" (its s3:// or /eodata
//   href, else such an href among its "alternate"s, else its href), else the first asset with
//   an s3:// or /eodata href (or alternate href), else the id; "s3://eodata" becomes "/eodata".
//   source "features[i]". Footprint: geometry. properties product:type or sar:product_type,
//   sar:instrument_mode, platform, sat:orbit_state or sar:pass_direction, sat:absolute_orbit
//   or sar:absolute_orbit, sat:relative_orbit or sar:relative_orbit, s1:slice_number,
//   s1:total_slices, sar:polarizations or sar:polarization (arrays), product:timeliness or
//   s1:product_timeliness (of two names of one field, the later in the item counts).
// - Sentinel-1 fields of every format: a present field of the wrong kind is an InputError
//   (an orbit that is not a whole number); missing ones stay empty.
// - list: one path per line, '#' starts a comment, blanks and CR trimmed; name = last path
//   component. source "line N".
ReadSummary read_catalogue(std::istream& in, Format format,
                           std::function<void(CatalogueProduct&&)> const& on_product);

}  // namespace hrsi::catalogue
