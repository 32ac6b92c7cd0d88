// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_candidates.hpp>
#include <hrsi/sentinel1/assembly.hpp>
#include <hrsi/tiles/tile_index.hpp>

#include "sentinel1_test_slices.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <map>

using namespace hrsi;
using namespace hrsi::jobs;
using hrsi::test::alpine_slice;
using hrsi::test::datatake_start;
using hrsi::test::grid;

namespace {

util::TimePoint const long_ago = util::parse_time("2021-06-24T00:00:00Z");

// An FSC of a tile, measured `hours` after the datatake, with `footprint` (lon/lat).
FscInput fsc_on(std::string const& tile_id, int hours, std::string const& footprint = {}) {
    FscInput fsc;
    fsc.tile = tile_id;
    fsc.measurement = datatake_start + std::chrono::hours(hours);
    fsc.product_id = fmt::format("FSC_{}_S2A_T{}_V102_1", test::compact(fsc.measurement), tile_id);
    fsc.path = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2024/01/05/" +
               fsc.product_id;
    fsc.created = fsc.measurement + std::chrono::hours(1);
    fsc.published = fsc.created + std::chrono::minutes(5);
    fsc.footprint = footprint;
    return fsc;
}

struct Scene {
    tiles::TileIndex index{grid()};
    std::vector<sentinel1::Slice> slices{alpine_slice(1, 3), alpine_slice(2, 3),
                                         alpine_slice(3, 3)};

    SwsWdsCandidates candidates(std::vector<FscInput> const& fsc, ExistingSwsWds existing = {},
                                util::TimePoint start = long_ago) {
        auto const assembled = sentinel1::assemble(slices, index, sws_wds_tiles(fsc));
        return sws_wds_candidates(assembled.assemblies, fsc, std::move(existing), start,
                                  index.context());
    }
};

SwsWdsCandidate const* find(SwsWdsCandidates const& found, std::string const& name) {
    auto const it = std::find_if(found.jobs.begin(), found.jobs.end(),
                                 [&](auto const& job) { return job.name == name; });
    return it == found.jobs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("SWS/WDS candidates: SWS on mountain tiles whose track has auxiliary data",
          "[sws_wds]") {
    Scene scene;
    auto const found = scene.candidates({});
    REQUIRE_FALSE(found.jobs.empty());
    for (auto const& job : found.jobs) {
        INFO(job.name);
        CHECK(job.sws);
        CHECK_FALSE(job.wds);
        CHECK(grid().at(job.tile_id).mountain);
        CHECK(job.name == job.tile_id + "_06476F_S1A");
        CHECK(job.sws_geometry);
        CHECK_FALSE(job.wds_geometry);
        CHECK_FALSE(job.reprocessed);
    }
    auto const* tlr = find(found, "32TLR_06476F_S1A");
    REQUIRE(tlr != nullptr);
    CHECK(tlr->assembly_id == "S1A_06476F_32632_20240105171530_20240105171620");
    CHECK(tlr->s1_ids == std::vector<std::string>{scene.slices[0].product_id,
                                                  scene.slices[1].product_id});
    CHECK(tlr->measurement_date == scene.slices[0].start);
    // 32TLP is a mountain tile, but track 15 has no auxiliary data there.
    CHECK(find(found, "32TLP_06476F_S1A") == nullptr);
    auto const skipped = std::find_if(found.skipped.begin(), found.skipped.end(),
                                      [](auto const& skip) { return skip.name == "32TLP_06476F_S1A"; });
    REQUIRE(skipped != found.skipped.end());
    CHECK(skipped->reason == "no auxiliary data for track 15 on tile 32TLP");
    // 32ULU is covered but is no mountain tile and has no FSC: no job.
    CHECK(find(found, "32ULU_06476F_S1A") == nullptr);
    // Sorted by the slices' publication.
    CHECK(std::is_sorted(found.jobs.begin(), found.jobs.end(), [](auto const& a, auto const& b) {
        return a.s1_published < b.s1_published;
    }));
}

TEST_CASE("SWS/WDS candidates: WDS only with an FSC of the same tile and day", "[sws_wds]") {
    Scene scene;
    auto const& tlr = grid().at("32TLR");
    // A box in the tile's south-east quarter, which the slices cover in part.
    auto const& utm = scene.index.projections().to(32632);
    auto const low = utm.inverse({tlr.lrx - 50000, tlr.lry + 5000});
    auto const high = utm.inverse({tlr.lrx - 5000, tlr.lry + 50000});
    auto const box = fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", low.x,
                                 low.y, high.x, high.y);
    std::vector<FscInput> const fsc{
        fsc_on("32TLR", -7, box),     // same day, the first: paired
        fsc_on("32TLR", -6),          // same day, second: not used
        fsc_on("32TMR", -24),         // the day before: no WDS
        fsc_on("32ULU", -6),          // not a mountain tile: a WDS-only job
    };
    auto const found = scene.candidates(fsc);

    auto const* both = find(found, "32TLR_06476F_S1A");
    REQUIRE(both != nullptr);
    CHECK(both->sws);
    CHECK(both->wds);
    REQUIRE(both->fsc);
    CHECK(both->fsc->product_id == fsc[0].product_id);
    REQUIRE(both->wds_geometry);
    // The S1 hull within the FSC's footprint: inside the box, smaller than the hull.
    auto const wds = geometry::read_wkt(scene.index.context(), *both->wds_geometry);
    auto const hull = geometry::read_wkt(scene.index.context(), *both->sws_geometry);
    auto const fsc_box = geometry::read_wkt(scene.index.context(), box);
    CHECK(wds.area() > 0);
    CHECK(wds.area() < hull.area());
    CHECK(fsc_box.buffer(1e-6).covers(wds));  // WKT keeps 6 decimals

    auto const* sws_only = find(found, "32TMR_06476F_S1A");
    REQUIRE(sws_only != nullptr);
    CHECK(sws_only->sws);
    CHECK_FALSE(sws_only->wds);
    CHECK_FALSE(sws_only->fsc);

    auto const* wds_only = find(found, "32ULU_06476F_S1A");
    REQUIRE(wds_only != nullptr);
    CHECK_FALSE(wds_only->sws);
    CHECK(wds_only->wds);
    CHECK_FALSE(wds_only->sws_geometry);
    // Without an FSC footprint, the WDS geometry is the slices' hull over the tile.
    rapidjson::Document params;
    params.Parse(wds_only->assembly_params.c_str());
    CHECK(*wds_only->wds_geometry == params["sourceGeometry"].GetString());
    CHECK(wds_only->fsc->product_id == fsc[3].product_id);
}

TEST_CASE("SWS/WDS candidates: a product already wanted by a job is not wanted again",
          "[sws_wds]") {
    Scene scene;
    std::vector<FscInput> const fsc{fsc_on("32TLR", -7)};
    ExistingSwsWds existing;
    existing.sws_names.insert("32TLR_06476F_S1A");
    existing.sws_names.insert("32TMR_06476F_S1A");
    existing.wds_names.insert("32TMR_06476F_S1A");
    auto const found = scene.candidates(fsc, existing);
    auto const* tlr = find(found, "32TLR_06476F_S1A");
    REQUIRE(tlr != nullptr);  // WDS is still wanted
    CHECK_FALSE(tlr->sws);
    CHECK(tlr->wds);
    CHECK(find(found, "32TMR_06476F_S1A") == nullptr);
    // Everything exists: nothing to create (a rerun creates nothing).
    ExistingSwsWds all;
    for (auto const& job : scene.candidates(fsc).jobs) {
        all.sws_names.insert(job.name);
        all.wds_names.insert(job.name);
    }
    CHECK(scene.candidates(fsc, all).jobs.empty());
}

TEST_CASE("SWS/WDS candidates: inputs measured before s1_processing_start_date",
          "[sws_wds]") {
    Scene scene;
    auto const later = datatake_start + std::chrono::hours(24);
    auto const found = scene.candidates({}, {}, later);
    REQUIRE_FALSE(found.jobs.empty());
    for (auto const& job : found.jobs) CHECK(job.reprocessed);
    CHECK_FALSE(scene.candidates({}, {}, datatake_start).jobs.front().reprocessed);
}

TEST_CASE("SWS/WDS candidates: the assembly parameters", "[sws_wds]") {
    Scene scene;
    auto const found = scene.candidates({fsc_on("32TLR", -7)});
    auto const* tlr = find(found, "32TLR_06476F_S1A");
    REQUIRE(tlr != nullptr);
    rapidjson::Document params;
    params.Parse(tlr->assembly_params.c_str());
    REQUIRE_FALSE(params.HasParseError());
    CHECK(params["epsg"].GetInt() == 32632);
    REQUIRE(params["s1_product_id"].Size() == 2);
    CHECK(params["s1_product_id"][0].GetString() == scene.slices[0].product_id);
    CHECK(params["s1_productIdentifier"][1].GetString() == scene.slices[1].path);
    CHECK(params["relativeOrbitNumber"].GetInt() == 15);
    CHECK(std::string(params["missionTakeId"].GetString()) == "06476f");
    CHECK(std::string(params["platform"].GetString()) == "s1a");
    CHECK(params["areaUTM"].GetDouble() > 10e6);
    CHECK(std::string(params["sourceGeometry"].GetString()) == *tlr->sws_geometry);
    CHECK(std::string(params["sourceProduct_startTime"].GetString()) == "2024-01-05T17:15:30Z");
    CHECK(std::string(params["sourceProduct_stopTime"].GetString()) == "2024-01-05T17:16:20Z");
    CHECK(params["generate_sws_product"].GetBool());
    CHECK(params["generate_wds_product"].GetBool());
    // The envelope: min lon; min lat; max lon; max lat of the tile.
    std::string const envelope = params["envelope"].GetString();
    auto const bounds = scene.index.footprint(grid().at("32TLR")).bounds();
    CHECK(envelope == fmt::format("{};{};{};{}", bounds.min_x, bounds.min_y, bounds.max_x,
                                  bounds.max_y));
    CHECK(bounds.min_x < bounds.max_x);
    CHECK(bounds.min_y > 44.0);  // a latitude, not a longitude (the reference's swap)
}

TEST_CASE("SWS/WDS candidates: an FSC footprint that does not read", "[sws_wds]") {
    Scene scene;
    CHECK_THROWS_WITH(scene.candidates({fsc_on("32TLR", -7, "POLYGON ((7 45")}),
                      Catch::Contains("FSC FSC_20240105T101530_S2A_T32TLR_V102_1"));
}
