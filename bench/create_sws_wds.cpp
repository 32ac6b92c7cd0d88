// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-create-sws-wds: the whole SWS/WDS creation of one day of Europe against a database
// (bench/create_sws_wds.sh): one CDSE OData answer of 300 Sentinel-1 IW slices in 12 datatakes
// of 25 (as bench/sws_wds_assembly.cpp lays them out, the day before today so that the FSC
// window takes the day's FSC), and FSC products published by fsc_rlie_job on FSC_COUNT tiles
// (FSC/RLIE jobs created from L1C products, their FSC recorded as made and published). Then
// create_jobs for sws_wds_job (the catalogue answer read, the slices assembled over the 1,054
// tiles, the FSC read from the database, jobs inserted, masters elected, configured), with the
// tiles of each slice found by the STRtree (tree) and, in the same run, one tile at a time
// (brute_plain: no index). Each creation is rolled back (a dry run), so each measures the same.
// Usage: hrsi-bench-create-sws-wds DB TILE_DATA_DIR FSC_COUNT RUNS
// Prints, after one unmeasured creation of each: "<search> <ms> ..." per run, then
// "jobs <created> <cancelled> <masters> slices <n> fsc <n>"; fails (exit 1) when the two ways
// do not create the same number of jobs.
#include <hrsi/geometry/parse.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_grid.hpp>
#include <hrsi/tiles/tile_index.hpp>
#include <hrsi/tiles/tile_source.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <vector>

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int datatakes = 12;
constexpr int slices_per_datatake = 25;
auto const day = std::chrono::floor<std::chrono::days>(hrsi::util::now()) - std::chrono::days(1);

std::string compact(hrsi::util::TimePoint time) {
    auto text = hrsi::util::format_rfc3339(time).substr(0, 19);
    std::erase(text, '-');
    std::erase(text, ':');
    return text;
}

struct Slice {
    std::string name;
    hrsi::util::TimePoint start;
    int number = 0;
    bool ascending = true;
    std::string ring;  // lon lat, closed
    int track = 1;
};

// Slice k of datatake `take` (bench/sws_wds_assembly.cpp's layout): 25 s, ~172 km along track,
// 250 km across to the right of the track.
Slice slice_of(int take, int k, bool ascending, double lon, double lat, hrsi::util::TimePoint start) {
    double const sign = ascending ? 1 : -1;
    double const x = lon - 0.4 * k;
    double const y = lat + sign * 1.55 * k;
    double const across = 250 / (111.32 * std::cos((y + sign * 0.8) * M_PI / 180));
    double const cx = sign * across;
    double const cy = 0.4;
    double const ax = -0.4;
    double const ay = sign * 1.55;
    Slice slice;
    slice.start = start + seconds(25 * k);
    slice.number = k + 1;
    slice.ascending = ascending;
    slice.name = fmt::format("S1A_IW_GRDH_1SDV_{}_{}_051887_{:06X}_{:04X}", compact(slice.start),
                             compact(slice.start + seconds(25)), 0x064700 + take, take * 100 + k);
    slice.ring = fmt::format("{} {}, {} {}, {} {}, {} {}, {} {}", x, y, x + cx, y + cy, x + cx + ax, y + cy + ay,
                             x + ax, y + ay, x, y);
    return slice;
}

std::vector<Slice> one_day() {
    std::vector<Slice> slices;
    for (int take = 0; take < datatakes; ++take) {
        bool const ascending = take % 2 == 0;
        double const lon = -22 + 5 * take;
        auto const start = day + hours(ascending ? 17 : 5) + minutes(8 * take);
        for (int k = 0; k < slices_per_datatake; ++k) {
            slices.push_back(ascending ? slice_of(take, k, true, lon, 33.0, start)
                                       : slice_of(take, k, false, lon + 8, 73.0, start));
        }
    }
    return slices;
}

// Each datatake's track: the one most listed among the tiles its slices cover (so that the
// track filter keeps jobs as it does in operations).
void give_tracks(std::vector<Slice>& slices, hrsi::tiles::TileIndex& index) {
    for (int take = 0; take < datatakes; ++take) {
        std::map<int, int> votes;
        for (int k = 0; k < slices_per_datatake; ++k) {
            auto const& slice = slices[static_cast<std::size_t>(take * slices_per_datatake + k)];
            auto const footprint = hrsi::geometry::read_wkt(index.context(), "POLYGON ((" + slice.ring + "))");
            for (auto const* tile : index.intersecting(footprint)) {
                for (int track : tile->tracks) ++votes[track];
            }
        }
        int best = 1;
        for (auto const& [track, count] : votes) {
            if (count > votes[best]) best = track;
        }
        for (int k = 0; k < slices_per_datatake; ++k) {
            slices[static_cast<std::size_t>(take * slices_per_datatake + k)].track = best;
        }
    }
}

std::string odata_answer(std::vector<Slice> const& slices) {
    std::vector<std::string> products;
    for (auto const& slice : slices) {
        auto attribute = [](char const* name, std::string const& value) {
            return fmt::format(R"({{"Name":"{}","Value":{}}})", name, value);
        };
        std::array const attributes{
            attribute("productType", R"("IW_GRDH_1S")"),
            attribute("operationalMode", R"("IW")"),
            attribute("platformShortName", R"("SENTINEL-1")"),
            attribute("platformSerialIdentifier", R"("A")"),
            attribute("orbitDirection", slice.ascending ? R"("ASCENDING")" : R"("DESCENDING")"),
            attribute("orbitNumber", "51887"),
            attribute("relativeOrbitNumber", std::to_string(slice.track)),
            attribute("sliceNumber", std::to_string(slice.number)),
            attribute("totalSlices", std::to_string(slices_per_datatake)),
            attribute("polarisationChannels", R"("VV&VH")"),
        };
        products.push_back(fmt::format(
            R"({{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-1/SAR/IW_GRDH_1S/x/{0}.SAFE","PublicationDate":"{1}",)"
            R"("ContentDate":{{"Start":"{2}","End":"{3}"}},"Footprint":"geography'SRID=4326;POLYGON (({4}))'",)"
            R"("Attributes":[{5}]}})",
            slice.name, hrsi::util::format_rfc3339(slice.start + minutes(90 + slice.number)),
            hrsi::util::format_rfc3339(slice.start), hrsi::util::format_rfc3339(slice.start + seconds(25)), slice.ring,
            fmt::join(attributes, ",")));
    }
    return fmt::format(R"({{"value":[{}]}})", fmt::join(products, ","));
}

// FSC/RLIE jobs from L1C products of `count` tiles sensed that day, their FSC made and
// published an hour ago with the tile's footprint as geometry.
void publish_fsc(hrsi::db::Connection& conn, hrsi::jobs::Registry const& types, hrsi::tiles::TileGrid const& grid,
                 int count, hrsi::util::Log const& log) {
    std::mt19937 random(1717);
    auto const& tiles = grid.tiles();
    std::uniform_int_distribution<std::size_t> pick(0, tiles.size() - 1);
    std::set<std::string> chosen;
    while (static_cast<int>(chosen.size()) < std::min<int>(count, static_cast<int>(tiles.size()))) {
        chosen.insert(tiles[pick(random)].id);
    }
    std::vector<std::string> products;
    std::vector<std::string> ids;
    std::vector<std::string> wkts;
    auto const sensed = day + hours(10) + minutes(40);
    for (auto const& id : chosen) {
        auto const name = fmt::format("S2A_MSIL1C_{}_N0510_R108_T{}_{}", compact(sensed), id, compact(sensed + hours(1)));
        products.push_back(fmt::format(
            R"({{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{0}.SAFE","PublicationDate":"{1}"}})", name,
            hrsi::util::format_rfc3339(sensed + hours(2))));
        std::string ring;
        for (auto const& point : grid.at(id).footprint) {
            ring += fmt::format("{}{} {}", ring.empty() ? "" : ", ", point.x, point.y);
        }
        ids.push_back(id);
        wkts.push_back("POLYGON ((" + ring + "))");
    }
    std::istringstream answer(fmt::format(R"({{"value":[{}]}})", fmt::join(products, ",")));
    hrsi::jobs::create_jobs(conn, types.find("fsc_rlie_job"), answer, {}, log);
    conn.query(
        "update hrsi.fsc_rlie_jobs f set "
        "  fsc_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/x/FSC_' "
        "             || to_char(f.measurement_date at time zone 'UTC', 'YYYYMMDD\"T\"HH24MISS') || '_S2A_T' "
        "             || f.tile_id || '_V102_1', "
        "  fsc_completion_date = now() - interval '65 minutes', "
        "  fsc_json_publication_date = now() - interval '60 minutes', "
        "  fsc_infos = jsonb_build_object('resto', jsonb_build_object('geometry', jsonb_build_object('wkt', t.wkt))) "
        "from unnest($1::text[], $2::text[]) t(tile, wkt) where f.tile_id = t.tile",
        ids, wkts);
}

hrsi::jobs::CreationSummary create(hrsi::db::Connection& conn, hrsi::jobs::JobTypeEntry const& type,
                                   std::string const& answer, char const* tile_data, hrsi::tiles::Search search,
                                   hrsi::util::Log const& log) {
    hrsi::tiles::TileSource tiles(tile_data, {}, search);
    hrsi::jobs::CreationOptions options;
    options.tiles = &tiles;
    options.dry_run = true;
    std::istringstream in(answer);
    return hrsi::jobs::create_jobs(conn, type, in, options, log);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        fmt::print(stderr, "usage: hrsi-bench-create-sws-wds DB TILE_DATA_DIR FSC_COUNT RUNS\n");
        return 64;
    }
    try {
        auto const& types = hrsi::jobs::builtin_job_types();  // sws_wds_job is a built-in type
        auto const& type = types.find("sws_wds_job");
        auto conn = hrsi::db::Connection::open(argv[1], "hrsi-bench-create-sws-wds");
        hrsi::util::Log const log("hrsi-bench-create-sws-wds", -1);
        auto const grid = hrsi::tiles::TileGrid::load(argv[2]);
        hrsi::tiles::TileIndex index(grid);
        auto slices = one_day();
        give_tracks(slices, index);
        auto const answer = odata_answer(slices);
        publish_fsc(conn, types, grid, std::atoi(argv[3]), log);
        int const runs = std::atoi(argv[4]);
        std::int64_t created = -1;
        hrsi::jobs::CreationSummary last;
        for (int run = 0; run <= runs; ++run) {
            for (auto [search, name] : {std::pair{hrsi::tiles::Search::tree, "tree"},
                                        {hrsi::tiles::Search::brute_plain, "brute_plain"}}) {
                auto const start = std::chrono::steady_clock::now();
                last = create(conn, type, answer, argv[2], search, log);
                std::chrono::duration<double, std::milli> const took = std::chrono::steady_clock::now() - start;
                if (created < 0) created = last.created;
                if (last.created != created) {
                    fmt::print(stderr, "hrsi-bench-create-sws-wds: {} created {} jobs, tree {}\n", name, last.created,
                               created);
                    return 1;
                }
                if (run > 0) fmt::print("{} {:.1f}\n", name, took.count());
            }
        }
        if (created <= 0) {
            fmt::print(stderr, "hrsi-bench-create-sws-wds: no job created\n");
            return 1;
        }
        auto const fsc = conn.query("select count(*) from hrsi.fsc_rlie_jobs where fsc_path is not null").get_int(0, 0);
        fmt::print("jobs {} {} ready {} configured {} slices {} fsc {} refused {}\n", last.created, last.cancelled,
                   last.configuration.ready, last.configuration.configured, slices.size(), fsc, last.refused.size());
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-create-sws-wds: {}\n", error.what());
        return 1;
    }
    return 0;
}
