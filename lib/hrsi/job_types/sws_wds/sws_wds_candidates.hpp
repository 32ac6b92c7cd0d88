// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/geometry/context.hpp>
#include <hrsi/sentinel1/assembly.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace hrsi::jobs {

// The creation rules of SWS/WDS jobs (reference §3.8, SwsWdsJob.get_jobs_to_create after the
// assembly), without the database: which tiles of which assemblies make a job, with what.
// SwsWdsJob::get_jobs_to_create (sws_wds_job.hpp) applies them.

// One FSC product a WDS job may pair with (published by fsc_rlie_job, or from an HR-S&I
// catalogue).
struct FscInput {
    std::string product_id;       // FSC_20240105T103421_S2A_T32TLR_V102_1
    std::string path;             // on the products storage
    std::string tile;             // without the T: 32TLR
    util::TimePoint measurement;  // its sensing date
    util::TimePoint created;      // its completion date
    util::TimePoint published;    // its publication
    std::string footprint;        // lon/lat, any form geometry::read_footprint reads; may be ""
};

// One SWS/WDS job to create: one tile of one assembly.
struct SwsWdsCandidate {
    std::string name;                  // <TILE>_<MISSIONTAKEID>_<PLATFORM>, upper case
    std::string tile_id;
    util::TimePoint measurement_date;  // the earliest start of the tile's slices
    bool sws = false;                  // SWS wanted: a mountain tile
    bool wds = false;                  // WDS wanted: an FSC of the same tile and day
    std::optional<std::string> sws_geometry;  // WKT, the slices' hull over the tile
    std::optional<std::string> wds_geometry;  // WKT, the hull within the FSC's footprint
    std::vector<std::string> s1_ids;          // the assembly's slices
    std::vector<std::string> s1_paths;
    util::TimePoint s1_published;             // the latest publication of the tile's slices
    std::string assembly_id;
    std::string assembly_params;              // JSON object (keys: see sws_wds_candidates())
    std::optional<FscInput> fsc;              // the FSC of a WDS job
    bool reprocessed = false;  // measured before s1_processing_start_date: created cancelled
};

// A tile of an assembly that makes no job, with the reason.
struct SwsWdsSkip {
    std::string name;
    std::string reason;
};

struct SwsWdsCandidates {
    std::vector<SwsWdsCandidate> jobs;  // by S1 publication (stable), as the reference inserts
    std::vector<SwsWdsSkip> skipped;
};

// Names of the jobs already in the database (measured within the window) that produce SWS,
// and those that produce WDS: a product is not wanted twice.
struct ExistingSwsWds {
    std::set<std::string> sws_names;
    std::set<std::string> wds_names;
};

// The tiles the assembly is to consider: the mountain tiles and those of the FSC products.
[[nodiscard]] sentinel1::TileFilter sws_wds_tiles(std::span<FscInput const> fsc);

// For each tile of each assembly, in order: the job name; SWS wanted on a mountain tile whose
// name has no SWS job yet; WDS wanted when an FSC of the tile was measured the same UTC day
// as the tile's first slice and the name has no WDS job yet (the first such FSC only); a job
// when either is wanted, unless the assembly's track is not listed for the tile (no auxiliary
// data: skipped with the reason). sws_geometry is the tile's hull, wds_geometry the hull within
// the FSC's footprint (the hull when the FSC has none). assembly_params holds, as the
// reference's: epsg, s1_productIdentifier, s1_product_id, relativeOrbitNumber, missionTakeId
// and platform (lower case), areaUTM (m²), envelope ("minLon;minLat;maxLon;maxLat"),
// sourceGeometry, sourceProduct_startTime, sourceProduct_stopTime (RFC 3339),
// generate_sws_product, generate_wds_product. Jobs measured before `s1_processing_start` are
// marked reprocessed. Throws InputError for an FSC footprint that does not read.
[[nodiscard]] SwsWdsCandidates sws_wds_candidates(
    std::vector<sentinel1::Assembly> const& assemblies, std::span<FscInput const> fsc,
    ExistingSwsWds existing, util::TimePoint s1_processing_start,
    geometry::GeosContext const& context);

}  // namespace hrsi::jobs
