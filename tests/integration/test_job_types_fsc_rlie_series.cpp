// SPDX-License-Identifier: Apache-2.0
// The batch lookups of FSC/RLIE configuration (lib/hrsi/job_types/fsc_rlie/fsc_rlie_series.cpp) against the
// reference SQL functions they replace (sql/003): find_previous_jobs against
// hrsi.get_last_job_with_usable_l2a, find_following_jobs against
// hrsi.fsc_rlie_jobs_following_measurement_with_tile_id, on random time series built directly
// in the database, with batches of jobs loaded from it, jobs in memory only (inserted
// afterwards) and loaded jobs changed in memory (written afterwards). Each seed is fixed, so a
// failure reproduces; the seed is in the failure's message.
#include "temp_database.hpp"

#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_series.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <random>
#include <set>

using namespace hrsi;
using namespace std::chrono;
using jobs::FscRlieJob;

namespace {

// Random draws that are the same with every standard library (the distributions of <random>
// are not specified bit for bit; the engine is).
class Draw {
public:
    explicit Draw(std::uint32_t seed) : m_engine(seed) {}
    int between(int low, int high) {
        return low + static_cast<int>(m_engine() % static_cast<std::uint32_t>(high - low + 1));
    }
    bool chance(int percent) { return between(0, 99) < percent; }
    template <typename T>
    T const& pick(std::vector<T> const& items) {
        return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
    }

private:
    std::mt19937 m_engine;
};

util::TimePoint const series_start = util::parse_time("2024-03-01T10:40:31Z");

// The last statuses a job of a series may have, each with a legal way there (empty: no status).
std::vector<std::vector<JobStatus>> const status_paths = {
    {},
    {JobStatus::initialized},
    {JobStatus::initialized, JobStatus::configured},
    {JobStatus::initialized, JobStatus::configured, JobStatus::ready},
    {JobStatus::initialized, JobStatus::configured, JobStatus::ready, JobStatus::queued, JobStatus::started,
     JobStatus::pre_processing, JobStatus::processing, JobStatus::post_processing, JobStatus::processed},
    {JobStatus::initialized, JobStatus::configured, JobStatus::ready, JobStatus::internal_error},
    {JobStatus::initialized, JobStatus::configured, JobStatus::ready, JobStatus::queued, JobStatus::started,
     JobStatus::external_error},
    {JobStatus::initialized, JobStatus::cancelled},
    {JobStatus::cancelled},
};

std::vector<std::optional<jobs::L2aStatus>> const l2a_statuses = {
    jobs::L2aStatus::pending, jobs::L2aStatus::generated, jobs::L2aStatus::generation_aborted, std::nullopt};

// An optional enum column as text, "NULL" for nothing.
template <typename E>
std::string text_or_null(std::optional<E> const& value) {
    return value ? std::string(jobs::enum_text(*value)) : "NULL";
}

// Makes the jobs of random time series on a few tiles: measurement dates on a few days (so
// that jobs of one tile share them, some with a fraction of a second), ESA creation dates up to
// six days after sensing (after later jobs' measurements), backward re-runs of earlier jobs'
// L1Cs (same L1C, tile and dates, reprocessing context 'backward'), random reference flags and
// L2A states. As in production, one L1C id always has the same dates.
class SeriesMaker {
public:
    SeriesMaker(std::uint32_t seed, std::vector<std::string> tiles) : draw(seed), m_tiles(std::move(tiles)) {}

    Draw draw;

    std::unique_ptr<FscRlieJob> make(std::vector<FscRlieJob const*> const& earlier) {
        auto job = std::make_unique<FscRlieJob>();
        ++m_made;
        FscRlieJob const* source = earlier.empty() || !draw.chance(12) ? nullptr : draw.pick(earlier);
        if (source && source->reprocessing_context == jobs::ReprocessingContext::none &&
            !m_taken.contains(key(source->l1c_id, false, jobs::ReprocessingContext::backward))) {
            job->common.tile_id = source->common.tile_id;
            job->l1c_id = source->l1c_id;
            job->measurement_date = source->measurement_date;
            job->l1c_esa_creation_date = source->l1c_esa_creation_date;
            job->nrt = false;
            job->reprocessing_context = jobs::ReprocessingContext::backward;
        } else {
            job->common.tile_id = draw.pick(m_tiles);
            auto const day = draw.between(0, 20);
            job->measurement_date = series_start + days(day) + microseconds(day % 4 == 1 ? 250'001 : 0);
            job->l1c_esa_creation_date = job->measurement_date + hours(draw.between(0, 6 * 24)) +
                                         microseconds(draw.chance(10) ? draw.between(1, 999'999) : 0);
            job->l1c_id = fmt::format("S2B_MSIL1C_{}_T{}_{}_{}", util::format_rfc3339(job->measurement_date),
                                      job->common.tile_id, util::format_rfc3339(job->l1c_esa_creation_date), m_made);
            job->nrt = true;
            job->reprocessing_context =
                draw.chance(15) ? jobs::ReprocessingContext::backward : jobs::ReprocessingContext::none;
        }
        m_taken.insert(key(job->l1c_id, job->nrt, job->reprocessing_context));
        job->common.name = fmt::format("{}-{}", job->common.tile_id, m_made);
        job->common.product_id = job->l1c_id;
        job->l1c_path = "/eodata/" + job->l1c_id + ".SAFE";
        job->l1c_reference_job = draw.chance(80);
        job->l2a_status = draw.pick(l2a_statuses);
        if (job->l2a_status) {
            job->l2a_path_out = fmt::format("/hrsi-sip-data/{}/L2A/reference/{}", job->common.tile_id, m_made);
        }
        if (draw.chance(70)) {
            job->n_jobs_run_since_last_init = draw.between(0, 9);
            job->n_l2a_produced_since_last_init = draw.between(0, 9);
        }
        if (draw.chance(70)) {
            job->fsc_path = fmt::format("/eodata/HRSI/FSC_{}_{}", m_made, draw.chance(60) ? "0" : "1");
        }
        job->backward_reprocessing_run = draw.chance(15);
        return job;
    }

private:
    static std::string key(std::string const& l1c_id, bool nrt, jobs::ReprocessingContext context) {
        return fmt::format("{}|{}|{}", l1c_id, nrt, jobs::enum_text(context));
    }
    std::vector<std::string> m_tiles;
    std::set<std::string> m_taken;
    int m_made = 0;
};

// Writes a job of a series straight into the tables (not through the code under test), then
// its statuses one by one through hrsi.set_job_status.
void store(db::Connection& conn, FscRlieJob& job, std::vector<JobStatus> const& statuses) {
    auto stored = conn.query(
        "with j as (insert into hrsi.jobs (job_type, name, tile_id, product_id) "
        "           values ('fsc_rlie_job', $1, $2, $3) returning id) "
        "insert into hrsi.fsc_rlie_jobs (job_id, tile_id, nrt, l1c_id, l1c_path, l1c_reference_job, l2a_status, "
        "       l2a_path_out, n_jobs_run_since_last_init, n_l2a_produced_since_last_init, fsc_path, "
        "       backward_reprocessing_run, measurement_date, l1c_esa_creation_date, reprocessing_context) "
        "select id, $2, $4, $3, $5, $6, $7, $8, $9, $10, $11, $12, $13::timestamptz, $14::timestamptz, $15 from j "
        "returning job_id",
        job.common.name, job.common.tile_id, job.l1c_id, job.nrt, job.l1c_path, job.l1c_reference_job, job.l2a_status,
        job.l2a_path_out, job.n_jobs_run_since_last_init, job.n_l2a_produced_since_last_init, job.fsc_path,
        job.backward_reprocessing_run, util::format_rfc3339(job.measurement_date),
        util::format_rfc3339(job.l1c_esa_creation_date), job.reprocessing_context);
    job.common.id = stored.get_int(0, 0);
    for (auto status : statuses) {
        jobs::set_job_status(conn, job.common.id, status);
    }
    job.common.last_status = statuses.empty() ? std::nullopt : std::optional<JobStatus>(statuses.back());
}

// A random series of `count` jobs in the database; returns them as they were written.
std::vector<std::unique_ptr<FscRlieJob>> store_series(db::Connection& conn, SeriesMaker& maker, int count) {
    std::vector<std::unique_ptr<FscRlieJob>> stored;
    std::vector<FscRlieJob const*> earlier;
    for (int i = 0; i < count; ++i) {
        auto job = maker.make(earlier);
        store(conn, *job, maker.draw.pick(status_paths));
        earlier.push_back(job.get());
        stored.push_back(std::move(job));
    }
    return stored;
}

jobs::JobList load(db::Connection& conn, std::vector<std::int64_t> const& ids) {
    auto loaded = jobs::load_jobs(conn, jobs::find_job_type("fsc_rlie_job"), ids);
    REQUIRE(loaded.size() == ids.size());
    return loaded;
}

FscRlieJob& as_fsc(std::unique_ptr<jobs::JobTemplate> const& job) {
    return dynamic_cast<FscRlieJob&>(*job);
}

std::string describe_job(FscRlieJob const& job) {
    return fmt::format("job {} on {} measured {} created {} l1c {} context {} status {}", job.common.id,
                       job.common.tile_id, util::format_rfc3339(job.measurement_date),
                       util::format_rfc3339(job.l1c_esa_creation_date), job.l1c_id, jobs::enum_text(job.reprocessing_context),
                       job.common.last_status ? status_name(*job.common.last_status) : "(none)");
}

// A previous job as both sides give it (a job without status counts as initialized).
std::string describe(std::optional<FscRlieJob::PreviousJob> const& previous) {
    if (!previous) {
        return "none";
    }
    return fmt::format("id {} status {} l2a {} out {} measured {} runs {} produced {}", previous->id,
                       status_name(previous->last_status.value_or(JobStatus::initialized)),
                       text_or_null(previous->l2a_status), previous->l2a_path_out.value_or("NULL"),
                       util::format_rfc3339(previous->measurement_date),
                       previous->n_jobs_run_since_last_init ? std::to_string(*previous->n_jobs_run_since_last_init) : "NULL",
                       previous->n_l2a_produced_since_last_init ? std::to_string(*previous->n_l2a_produced_since_last_init)
                                                                : "NULL");
}

// What hrsi.get_last_job_with_usable_l2a (allow_codated false) returns for `job`.
std::optional<FscRlieJob::PreviousJob> reference_previous(db::Connection& conn, FscRlieJob const& job) {
    auto row = conn.query(
        "select * from hrsi.get_last_job_with_usable_l2a($1, $2::timestamptz, $3::timestamptz, $4, false, $5)",
        job.common.tile_id, util::format_rfc3339(job.measurement_date),
        util::format_rfc3339(job.l1c_esa_creation_date), job.l1c_id, job.reprocessing_context == jobs::ReprocessingContext::backward);
    REQUIRE(row.rows() <= 1);
    if (row.rows() == 0) {
        return std::nullopt;
    }
    return FscRlieJob::PreviousJob{*jobs::read_integer(row, 0, "id"),
                                   jobs::read_value<std::optional<JobStatus>>(row, 0, "last_status"),
                                   jobs::read_value<std::optional<jobs::L2aStatus>>(row, 0, "l2a_status"),
                                   jobs::read_text(row, 0, "l2a_path_out"),
                                   *jobs::read_time(row, 0, "measurement_date"),
                                   jobs::read_integer(row, 0, "n_jobs_run_since_last_init"),
                                   jobs::read_integer(row, 0, "n_l2a_produced_since_last_init")};
}

std::string describe(FscRlieJob::FollowingJob const& job) {
    return fmt::format("id {} l1c {} path {} l2a {} fsc {} backward_run {} measured {} created {}", job.id, job.l1c_id,
                       job.l1c_path, text_or_null(job.l2a_status), job.fsc_path.value_or("NULL"),
                       job.backward_reprocessing_run, util::format_rfc3339(job.measurement_date),
                       util::format_rfc3339(job.esa_creation));
}

std::vector<std::string> describe(std::vector<FscRlieJob::FollowingJob> const& jobs) {
    std::vector<std::string> out;
    for (auto const& job : jobs) out.push_back(describe(job));
    return out;
}

// What hrsi.fsc_rlie_jobs_following_measurement_with_tile_id returns for a point.
std::vector<FscRlieJob::FollowingJob> reference_following(db::Connection& conn, jobs::SeriesPoint const& point,
                                                          int count) {
    auto rows = conn.query(
        "select * from hrsi.fsc_rlie_jobs_following_measurement_with_tile_id($1, $2::timestamptz, "
        "$3::timestamptz, $4::smallint)",
        std::string(point.tile), util::format_rfc3339(point.measurement), util::format_rfc3339(point.esa_creation),
        count);
    std::vector<FscRlieJob::FollowingJob> following;
    for (int r = 0; r < rows.rows(); ++r) {
        following.push_back({*jobs::read_integer(rows, r, "id"), *jobs::read_text(rows, r, "l1c_id"),
                             *jobs::read_text(rows, r, "l1c_path"),
                             jobs::read_value<std::optional<jobs::L2aStatus>>(rows, r, "l2a_status"),
                             jobs::read_text(rows, r, "fsc_path"), *jobs::read_boolean(rows, r, "backward_reprocessing_run"),
                             *jobs::read_time(rows, r, "measurement_date"),
                             *jobs::read_time(rows, r, "l1c_esa_creation_date")});
    }
    return following;
}

// Inserts jobs made in memory (ids assigned) as the creation would, initialized.
void insert_initialized(db::Connection& conn, std::vector<std::unique_ptr<FscRlieJob>> const& made) {
    std::vector<jobs::NewJob> writes;
    for (auto const& job : made) {
        writes.push_back({job.get(), {JobStatus::initialized}, std::nullopt, std::nullopt});
    }
    jobs::insert_new_jobs(conn, writes);
}

// Jobs made in memory and given their ids.
std::vector<std::unique_ptr<FscRlieJob>> make_new_jobs(db::Connection& conn, SeriesMaker& maker, int count,
                                                       std::vector<FscRlieJob const*> earlier) {
    jobs::JobList made;
    std::vector<std::unique_ptr<FscRlieJob>> typed;
    for (int i = 0; i < count; ++i) {
        auto job = maker.make(earlier);
        earlier.push_back(job.get());
        made.push_back(std::move(job));
    }
    jobs::assign_new_job_ids(conn, made);
    for (auto& job : made) {
        REQUIRE(job->common.id > 0);
        REQUIRE_FALSE(job->common.last_status);
        typed.emplace_back(&dynamic_cast<FscRlieJob&>(*job.release()));
    }
    return typed;
}

// Changes a loaded job in memory as configuration might; `apply` writes the same to its row.
struct Change {
    std::int64_t id;
    std::optional<jobs::L2aStatus> l2a_status;
    bool reference;
    bool to_internal_error;
    std::optional<util::TimePoint> measurement;  // with the ESA creation moved as much
    util::TimePoint esa_creation;
    std::optional<std::string> fsc_path;
    bool backward_run;
};

Change change_in_memory(Draw& draw, FscRlieJob& job, bool move_dates) {
    if (draw.chance(50)) job.l2a_status = draw.pick(l2a_statuses);
    if (draw.chance(30)) job.l1c_reference_job = !job.l1c_reference_job;
    bool const to_error = draw.chance(25);
    if (to_error) job.common.last_status = JobStatus::internal_error;
    std::optional<util::TimePoint> measurement;
    if (move_dates) {
        auto const shift = hours(24 * draw.between(-3, 3));
        job.measurement_date += shift;
        job.l1c_esa_creation_date += shift;
        measurement = job.measurement_date;
    }
    if (draw.chance(30)) job.fsc_path = fmt::format("/eodata/HRSI/FSC_changed_{}_0", job.common.id);
    if (draw.chance(20)) job.backward_reprocessing_run = !job.backward_reprocessing_run;
    return {job.common.id,      job.l2a_status,           job.l1c_reference_job, to_error, measurement,
            job.l1c_esa_creation_date, job.fsc_path, job.backward_reprocessing_run};
}

void apply(db::Connection& conn, Change const& change) {
    conn.query(
        "update hrsi.fsc_rlie_jobs set l2a_status = $2, l1c_reference_job = $3, fsc_path = $4, "
        "backward_reprocessing_run = $5, measurement_date = coalesce($6::timestamptz, measurement_date), "
        "l1c_esa_creation_date = $7::timestamptz where job_id = $1",
        change.id, change.l2a_status, change.reference, change.fsc_path, change.backward_run,
        change.measurement ? db::Param(util::format_rfc3339(*change.measurement)) : db::Param(),
        util::format_rfc3339(change.esa_creation));
    if (change.to_internal_error) {
        jobs::set_job_status(conn, change.id, JobStatus::internal_error);
    }
}

std::vector<FscRlieJob const*> pointers(std::vector<std::unique_ptr<FscRlieJob>> const& jobs) {
    std::vector<FscRlieJob const*> out;
    for (auto const& job : jobs) out.push_back(job.get());
    return out;
}

// A configuration round as creation sees it: new jobs in memory only, and some stored jobs
// loaded and changed in memory; `apply_to_database` later writes both as they are in memory.
struct RoundInMemory {
    std::vector<std::unique_ptr<FscRlieJob>> made;
    jobs::JobList loaded;
    std::vector<Change> changes;
    std::vector<FscRlieJob const*> jobs;  // made, then loaded

    RoundInMemory(db::Connection& conn, SeriesMaker& maker, int new_jobs,
                  std::vector<std::unique_ptr<FscRlieJob>> const& stored, int load_percent,
                  int move_dates_percent) {
        auto& draw = maker.draw;
        made = make_new_jobs(conn, maker, new_jobs, pointers(stored));
        std::vector<std::int64_t> ids;
        for (auto const& job : stored) {
            if (draw.chance(load_percent)) ids.push_back(job->common.id);
        }
        loaded = load(conn, ids);
        for (auto const& job : loaded) {
            if (draw.chance(70)) changes.push_back(change_in_memory(draw, as_fsc(job), draw.chance(move_dates_percent)));
        }
        jobs = pointers(made);
        for (auto const& job : loaded) jobs.push_back(&as_fsc(job));
    }

    void apply_to_database(db::Connection& conn) const {
        insert_initialized(conn, made);
        for (auto const& change : changes) apply(conn, change);
    }
};

}  // namespace

TEST_CASE("series: find_previous_jobs gives what get_last_job_with_usable_l2a gives, on random series",
          "[series][jobs][fsc]") {
    auto const seed = GENERATE(as<std::uint32_t>{}, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89);
    INFO("seed " << seed);
    testing::TempDatabase database;
    auto conn = database.connect();
    SeriesMaker maker(seed, {"31TGL", "32TLR", "33UVP"});
    auto const stored = store_series(conn, maker, maker.draw.between(40, 60));
    auto& draw = maker.draw;
    int comparisons = 0, found = 0, from_memory = 0;

    // (i) Jobs of the database, loaded as configuration loads them.
    {
        std::vector<std::int64_t> ids;
        for (auto const& job : stored) {
            if (draw.chance(60)) ids.push_back(job->common.id);
        }
        auto loaded = load(conn, ids);
        std::vector<FscRlieJob const*> batch;
        for (auto const& job : loaded) batch.push_back(&as_fsc(job));
        // What was loaded is what was written (dates to the microsecond).
        for (auto const* job : batch) {
            auto const& written = **std::find_if(stored.begin(), stored.end(),
                                                 [&](auto const& s) { return s->common.id == job->common.id; });
            REQUIRE(job->measurement_date == written.measurement_date);
            REQUIRE(job->l1c_esa_creation_date == written.l1c_esa_creation_date);
            REQUIRE(job->common.last_status == written.common.last_status);
        }
        auto const previous = jobs::find_previous_jobs(conn, batch);
        REQUIRE(previous.size() == batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            INFO(describe_job(*batch[i]));
            auto const expected = reference_previous(conn, *batch[i]);
            CHECK(describe(previous[i]) == describe(expected));
            ++comparisons;
            if (expected) ++found;
        }
    }

    // (ii) New jobs in memory only, with some loaded jobs changed in memory: compared once the
    // new jobs are inserted (initialized, as a job without status counts) and the changes written.
    {
        RoundInMemory const round(conn, maker, draw.between(12, 25), stored, 15, 0);
        auto const& batch = round.jobs;
        std::set<std::int64_t> new_ids;
        for (auto const& job : round.made) new_ids.insert(job->common.id);

        auto const previous = jobs::find_previous_jobs(conn, batch);
        REQUIRE(previous.size() == batch.size());
        round.apply_to_database(conn);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            INFO(describe_job(*batch[i]) << (new_ids.contains(batch[i]->common.id) ? " (new)" : " (loaded)"));
            auto const expected = reference_previous(conn, *batch[i]);
            CHECK(describe(previous[i]) == describe(expected));
            ++comparisons;
            if (expected) ++found;
            if (expected && new_ids.contains(expected->id)) ++from_memory;
        }
    }
    // The series are not trivial: most jobs have a previous one, some of them only in memory.
    CHECK(comparisons >= 30);
    CHECK(found * 2 >= comparisons);
    CHECK(found < comparisons);
    CHECK(from_memory > 0);
    auto stale = conn.query("select count(*) from hrsi.jobs_with_stale_status_cache()");
    CHECK(stale.get_int(0, 0) == 0);
}

TEST_CASE("series: find_following_jobs gives what fsc_rlie_jobs_following_measurement_with_tile_id gives, "
          "on random series",
          "[series][jobs][fsc]") {
    auto const seed = GENERATE(as<std::uint32_t>{}, 4, 7, 11, 19, 42, 77, 101, 1234);
    INFO("seed " << seed);
    testing::TempDatabase database;
    auto conn = database.connect();
    SeriesMaker maker(seed, {"31TGL", "32TLR"});
    auto const stored = store_series(conn, maker, maker.draw.between(40, 60));
    auto& draw = maker.draw;

    // The round: new jobs in memory only, and loaded jobs changed in memory (dates too).
    RoundInMemory const in_memory(conn, maker, draw.between(8, 20), stored, 20, 40);
    auto const& round = in_memory.jobs;

    // The points: every job of the round, some jobs of the database, and a few anywhere (one on
    // a tile without jobs).
    std::vector<std::string> point_tiles;  // the points' tiles live here
    std::vector<std::tuple<std::size_t, util::TimePoint, util::TimePoint>> where;
    auto add_point = [&](std::string tile, util::TimePoint measurement, util::TimePoint esa_creation) {
        point_tiles.push_back(std::move(tile));
        where.emplace_back(point_tiles.size() - 1, measurement, esa_creation);
    };
    for (auto const* job : round) add_point(job->common.tile_id, job->measurement_date, job->l1c_esa_creation_date);
    for (auto const& job : stored) {
        if (draw.chance(30)) add_point(job->common.tile_id, job->measurement_date, job->l1c_esa_creation_date);
    }
    for (int i = 0; i < 6; ++i) {
        auto const measurement = series_start + hours(draw.between(-48, 22 * 24));
        add_point(i == 0 ? "34WXY" : draw.pick(std::vector<std::string>{"31TGL", "32TLR"}), measurement,
                  measurement + hours(draw.between(0, 72)));
    }
    std::vector<jobs::SeriesPoint> points;
    for (auto const& [tile, measurement, esa_creation] : where) {
        points.push_back({point_tiles[tile], measurement, esa_creation});
    }

    std::map<int, std::vector<std::vector<FscRlieJob::FollowingJob>>> found;
    for (int count : {7, 2}) {
        found[count] = jobs::find_following_jobs(conn, round, points, static_cast<std::size_t>(count));
        REQUIRE(found[count].size() == points.size());
    }
    in_memory.apply_to_database(conn);

    int comparisons = 0, full = 0, empty = 0;
    for (int count : {7, 2}) {
        for (std::size_t p = 0; p < points.size(); ++p) {
            INFO("count " << count << ", point " << points[p].tile << " measured "
                          << util::format_rfc3339(points[p].measurement) << " created "
                          << util::format_rfc3339(points[p].esa_creation));
            auto const expected = reference_following(conn, points[p], count);
            CHECK(describe(found[count][p]) == describe(expected));
            ++comparisons;
            if (expected.size() == static_cast<std::size_t>(count)) ++full;
            if (expected.empty()) ++empty;
        }
    }
    CHECK(comparisons >= 40);
    CHECK(full > 0);
    CHECK(empty > 0);
}

TEST_CASE("series: a batch's own jobs count as they are in memory, not as their rows", "[series][jobs][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    SeriesMaker maker(7, {"31TGL"});
    auto first = maker.make({});
    first->measurement_date = series_start;
    first->l1c_esa_creation_date = series_start + hours(2);
    first->l1c_id = "first";
    first->l1c_reference_job = true;
    first->reprocessing_context = jobs::ReprocessingContext::none;
    first->l2a_status = jobs::L2aStatus::generated;
    store(conn, *first, status_paths[4]);  // processed
    auto second = maker.make({});
    second->measurement_date = series_start + days(5);
    second->l1c_esa_creation_date = series_start + days(5) + hours(2);
    second->l1c_id = "second";
    second->l1c_reference_job = true;
    second->reprocessing_context = jobs::ReprocessingContext::none;
    store(conn, *second, {});

    auto loaded = load(conn, {first->common.id, second->common.id});
    auto& first_in_memory = as_fsc(loaded[0]);
    auto& second_in_memory = as_fsc(loaded[1]);
    std::vector<FscRlieJob const*> batch{&first_in_memory, &second_in_memory};
    auto previous = jobs::find_previous_jobs(conn, batch);
    REQUIRE(previous[1]);
    CHECK(previous[1]->id == first->common.id);
    CHECK(previous[1]->l2a_status == jobs::L2aStatus::generated);
    CHECK(previous[1]->last_status == JobStatus::processed);

    // In memory, the first job's L2A was aborted: the second one has no previous job, although
    // the row still says generated.
    first_in_memory.l2a_status = jobs::L2aStatus::generation_aborted;
    previous = jobs::find_previous_jobs(conn, batch);
    CHECK_FALSE(previous[1]);
    // Without the first job in the batch, its row counts again.
    std::vector<FscRlieJob const*> alone{&second_in_memory};
    previous = jobs::find_previous_jobs(conn, alone);
    REQUIRE(previous[0]);
    CHECK(previous[0]->id == first->common.id);

    // Followers: the second job demoted in memory is no follower of the first one any more.
    jobs::SeriesPoint const point = jobs::series_point(*first);
    std::vector<FscRlieJob const*> round{&second_in_memory};
    auto following = jobs::find_following_jobs(conn, {}, std::span(&point, 1), 7);
    REQUIRE(following[0].size() == 1);
    CHECK(following[0][0].id == second->common.id);
    second_in_memory.l1c_reference_job = false;
    following = jobs::find_following_jobs(conn, round, std::span(&point, 1), 7);
    CHECK(following[0].empty());
    // And no lookup at all for no point, or a count of 0.
    CHECK(jobs::find_following_jobs(conn, round, {}, 7).empty());
    following = jobs::find_following_jobs(conn, round, std::span(&point, 1), 0);
    REQUIRE(following.size() == 1);
    CHECK(following[0].empty());
    CHECK(jobs::find_previous_jobs(conn, {}).empty());
}
