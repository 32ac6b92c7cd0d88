// SPDX-License-Identifier: Apache-2.0
// hrsi-bench-create-gfsc: the whole GFSC creation of one day of Europe against a database
// (bench/create_gfsc.sh). The database holds, for 2024-01-05 on the 1,054 EEA39 tiles: FSC_COUNT
// FSC products published by fsc_rlie_job (FSC/RLIE jobs made by the real creation from L1C
// products, their FSC recorded as made and published), SWS_WDS_COUNT SWS and WDS products of
// sws_wds_job jobs, and the GFSC of 2024-01-04 of every tile. Then create_scheduled_jobs for
// gfsc_job at 2024-01-06T00:30:00Z (a night hour: the daily jobs of 01-05 for the tiles without
// input, and a job per tile triggered by the day's products), with the products read in one
// query for all the tiles (set) and, in the same run, one query per tile (per_tile, the
// reference's way: the same creation otherwise). Each creation is rolled back (a dry run), so
// each measures the same.
// Usage: hrsi-bench-create-gfsc DB FSC_COUNT SWS_WDS_COUNT RUNS
// Prints, after one unmeasured creation of each: "<reads> <ms>" per run, then
// "jobs <created> <ready> <configured> <cancelled> fsc <n> sws_wds <n> tiles <n>"; fails
// (exit 1) when the two ways do not create the same number of jobs.
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_lists.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <random>
#include <sstream>
#include <vector>

namespace {

using namespace std::chrono;
using hrsi::util::TimePoint;

TimePoint const day = hrsi::util::parse_time("2024-01-05T00:00:00Z");
TimePoint const now = hrsi::util::parse_time("2024-01-06T00:30:00Z");

std::string compact(TimePoint time) {
    auto text = hrsi::util::format_rfc3339(time).substr(0, 19);
    std::erase(text, '-');
    std::erase(text, ':');
    return text;
}

std::vector<std::string> tiles_of_europe() {
    auto const tiles = hrsi::tiles::eea39_tiles();
    return {tiles.begin(), tiles.end()};
}

std::vector<std::string> pick(std::vector<std::string> const& tiles, int count, unsigned seed) {
    auto chosen = tiles;
    std::mt19937 random(seed);
    std::shuffle(chosen.begin(), chosen.end(), random);
    chosen.resize(static_cast<std::size_t>(std::min<int>(count, static_cast<int>(chosen.size()))));
    return chosen;
}

void insert(hrsi::db::Connection& conn, std::vector<std::unique_ptr<hrsi::jobs::JobTemplate>>& made) {
    hrsi::jobs::assign_new_job_ids(conn, made);
    std::vector<hrsi::jobs::NewJob> rows;
    for (auto const& job : made) rows.push_back({job.get(), {hrsi::JobStatus::initialized}, {}, {}});
    hrsi::jobs::insert_new_jobs(conn, rows);
}

// FSC/RLIE jobs from the L1C products of the tiles sensed that day, their FSC published in
// the afternoon and evening.
void publish_fsc(hrsi::db::Connection& conn, hrsi::jobs::Registry const& types, std::vector<std::string> const& tiles,
                 hrsi::util::Log const& log) {
    std::vector<std::string> products;
    auto const sensed = day + hours(10) + minutes(40);
    for (auto const& tile : tiles) {
        auto const name =
            fmt::format("S2A_MSIL1C_{}_N0510_R108_T{}_{}", compact(sensed), tile, compact(sensed + hours(1)));
        products.push_back(fmt::format(
            R"({{"Name":"{0}.SAFE","S3Path":"/eodata/Sentinel-2/MSI/L1C/x/{0}.SAFE","PublicationDate":"{1}"}})", name,
            hrsi::util::format_rfc3339(sensed + hours(2))));
    }
    std::istringstream answer(fmt::format(R"({{"value":[{}]}})", fmt::join(products, ",")));
    hrsi::jobs::create_jobs(conn, types.find("fsc_rlie_job"), answer, {}, log);
    conn.query(
        "update hrsi.fsc_rlie_jobs f set "
        "  fsc_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2024/01/05/FSC_' "
        "             || to_char(f.measurement_date at time zone 'UTC', 'YYYYMMDD\"T\"HH24MISS') || '_S2A_T' "
        "             || f.tile_id || '_V102_1', "
        "  fsc_json_publication_date = f.measurement_date + interval '2 hours' + (f.job_id % 480) * interval '1 minute'");
}

// SWS/WDS jobs of the tiles, each with one product sensed that morning or evening, published
// three hours later.
void publish_sws_wds(hrsi::db::Connection& conn, std::vector<std::string> const& tiles) {
    std::vector<std::unique_ptr<hrsi::jobs::JobTemplate>> made;
    int n = 0;
    for (auto const& tile : tiles) {
        auto const sensed = day + (n % 2 == 0 ? hours(5) : hours(17)) + seconds(n);
        auto const kind = n % 2 == 0 ? "SWS" : "WDS";
        auto const id = fmt::format("{}_{}_S1A_T{}_V101_1", kind, compact(sensed), tile);
        auto job = std::make_unique<hrsi::jobs::SwsWdsJob>();
        job->common.name = "sws-wds-" + id;
        job->common.tile_id = tile;
        job->measurement_date = sensed;
        job->s1_id_list = "S1A_IW_GRDH_1SDV_" + id;
        job->s1_path_list = "/eodata/x/S1A_IW_GRDH_1SDV_" + id;
        job->assembly_id = "assembly-" + id;
        auto const path = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/" + std::string(kind) +
                          "/2024/01/05/" + id;
        (n % 2 == 0 ? job->sws_path : job->wds_path) = path;
        (n % 2 == 0 ? job->sws_json_publication_date : job->wds_json_publication_date) = sensed + hours(3);
        made.push_back(std::move(job));
        ++n;
    }
    insert(conn, made);
}

// The GFSC of the day before of every tile, published that night.
void publish_gfsc(hrsi::db::Connection& conn, std::vector<std::string> const& tiles) {
    std::vector<std::unique_ptr<hrsi::jobs::JobTemplate>> made;
    auto const before = day - days(1);
    auto const curation = before + hours(22);
    for (auto const& tile : tiles) {
        auto job = std::make_unique<hrsi::jobs::GfscJob>();
        auto const id = fmt::format("GFSC_20240104-007_S1-S2_T{}_V101_{}", tile,
                                    duration_cast<seconds>(curation.time_since_epoch()).count());
        job->common.name = "gfsc-" + id;
        job->common.tile_id = tile;
        job->common.input_published_at = day;
        job->triggering_product_id = "FSC_of_the_day_before_T" + tile;
        job->triggering_product_publication_date = day;
        job->product_date = before;
        job->curation_timestamp = curation;
        job->gfsc_id = id;
        job->gfsc_path = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/GFSC/2024/01/04/" + id;
        job->gfsc_json_publication_date = curation + minutes(30);
        made.push_back(std::move(job));
    }
    insert(conn, made);
}

// The reference's way: each read one tile at a time (every EEA39 tile when all are asked for).
hrsi::jobs::GfscReads per_tile_reads() {
    auto each = [](std::vector<std::string> const& tiles) {
        if (!tiles.empty()) return tiles;
        return tiles_of_europe();
    };
    hrsi::jobs::GfscReads reads;
    reads.triggers = hrsi::jobs::read_gfsc_triggers;
    reads.products = [each](hrsi::db::Connection& conn, std::vector<std::string> const& tiles, TimePoint from,
                            TimePoint to, TimePoint until) {
        std::vector<hrsi::jobs::GfscInputProduct> all;
        for (auto const& tile : each(tiles)) {
            auto one = hrsi::jobs::read_gfsc_products(conn, {tile}, from, to, until);
            all.insert(all.end(), one.begin(), one.end());
        }
        return all;
    };
    reads.outputs = [each](hrsi::db::Connection& conn, std::vector<std::string> const& tiles, TimePoint from,
                           TimePoint to, TimePoint until) {
        std::vector<hrsi::jobs::GfscOutput> all;
        for (auto const& tile : each(tiles)) {
            auto one = hrsi::jobs::read_gfsc_outputs(conn, {tile}, from, to, until);
            all.insert(all.end(), one.begin(), one.end());
        }
        return all;
    };
    reads.used_triggers = [each](hrsi::db::Connection& conn, std::vector<std::string> const& tiles, TimePoint from,
                                 TimePoint to, hrsi::jobs::GfscInputs& inputs) {
        for (auto const& tile : each(tiles)) hrsi::jobs::read_gfsc_used_triggers(conn, {tile}, from, to, inputs);
    };
    return reads;
}

hrsi::jobs::JobsToCreate per_tile_scheduled_jobs(hrsi::jobs::JobContext& context) {
    static auto const reads = per_tile_reads();
    return hrsi::jobs::GfscJob::scheduled_jobs_reading(context, reads);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        fmt::print(stderr, "usage: hrsi-bench-create-gfsc DB FSC_COUNT SWS_WDS_COUNT RUNS\n");
        return 64;
    }
    try {
        auto const& types = hrsi::jobs::builtin_job_types();  // gfsc_job is a built-in type
        auto const& set_type = types.find("gfsc_job");
        auto per_tile_type = set_type;
        per_tile_type.get_scheduled_jobs = &per_tile_scheduled_jobs;
        auto conn = hrsi::db::Connection::open(argv[1], "hrsi-bench-create-gfsc");
        hrsi::util::Log const log("hrsi-bench-create-gfsc", -1);
        auto const tiles = tiles_of_europe();
        publish_fsc(conn, types, pick(tiles, std::atoi(argv[2]), 1717), log);
        publish_sws_wds(conn, pick(tiles, std::atoi(argv[3]), 2929));
        publish_gfsc(conn, tiles);
        conn.query("analyze");
        int const runs = std::atoi(argv[4]);
        std::int64_t created = -1;
        hrsi::jobs::CreationOptions options;
        options.dry_run = true;
        hrsi::jobs::CreationSummary last;
        for (int run = 0; run <= runs; ++run) {
            for (auto [type, name] : {std::pair{&set_type, "set"}, {&per_tile_type, "per_tile"}}) {
                auto const start = steady_clock::now();
                last = hrsi::jobs::create_scheduled_jobs(conn, *type, now, options, log);
                duration<double, std::milli> const took = steady_clock::now() - start;
                if (created < 0) created = last.created;
                if (last.created != created) {
                    fmt::print(stderr, "hrsi-bench-create-gfsc: {} created {} jobs, set {}\n", name, last.created,
                               created);
                    return 1;
                }
                if (run > 0) fmt::print("{} {:.1f}\n", name, took.count());
            }
        }
        if (created <= 0) {
            fmt::print(stderr, "hrsi-bench-create-gfsc: no job created\n");
            return 1;
        }
        auto const fsc = conn.query("select count(*) from hrsi.fsc_rlie_jobs where fsc_path is not null").get_int(0, 0);
        auto const sws_wds = conn.query("select count(*) from hrsi.sws_wds_jobs").get_int(0, 0);
        fmt::print("jobs {} {} {} {} fsc {} sws_wds {} tiles {}\n", last.created, last.configuration.ready,
                   last.configuration.configured, last.cancelled, fsc, sws_wds, tiles.size());
    } catch (std::exception const& error) {
        fmt::print(stderr, "hrsi-bench-create-gfsc: {}\n", error.what());
        return 1;
    }
    return 0;
}
