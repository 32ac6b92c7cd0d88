// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_queries.hpp>

#include <hrsi/db/cursor.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/registry.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

namespace hrsi::jobs {
namespace {

// One WHERE clause for every filter: values are parameters; a NULL parameter disables its
// test. Unnamed statements get custom plans, so disabled tests cost nothing.
constexpr char const* filter_clause = R"(
     where ($1::text[] is null or j.job_type = any ($1::text[]))
       and ($2::smallint[] is null or j.last_status = any ($2::smallint[]))
       and ($3::text is null or j.tile_id = $3::text)
       and ($4::timestamptz is null or j.last_status_at >= $4::timestamptz)
       and ($5::timestamptz is null or j.last_status_at < $5::timestamptz)
     order by j.id
     limit $6::bigint)";

std::vector<db::Param> filter_params(JobFilter const& filter) {
    std::vector<db::Param> params;
    params.push_back(filter.types.empty() ? db::Param{} : db::to_param(filter.types));
    params.push_back(filter.statuses.empty() ? db::Param{} : db::to_param(filter.statuses));
    params.push_back(db::to_param(filter.tile));
    params.push_back(filter.since ? db::Param{util::format_rfc3339(*filter.since)} : db::Param{});
    params.push_back(filter.until ? db::Param{util::format_rfc3339(*filter.until)} : db::Param{});
    params.push_back(db::to_param(filter.limit));
    return params;
}

constexpr char const* list_ids_select = "select j.id from hrsi.jobs j";
constexpr char const* list_jobs_select =
    "select j.id, j.job_type as type, j.name, j.tile_id as tile, s.name as status, "
    "j.last_status_at as status_at, j.priority, j.attempt, "
    "j.last_error_subtype as error_subtype "
    "from hrsi.jobs j left join hrsi.job_status s on s.id = j.last_status";

}  // namespace

std::vector<std::int64_t> list_job_ids(db::Connection& conn, JobFilter const& filter) {
    auto result = conn.query_params(std::string("select j.id from hrsi.jobs j") + filter_clause,
                                    filter_params(filter));
    std::vector<std::int64_t> ids;
    ids.reserve(static_cast<std::size_t>(result.rows()));
    for (int r = 0; r < result.rows(); ++r) {
        ids.push_back(result.get_int(r, 0));
    }
    return ids;
}

db::Result list_jobs(db::Connection& conn, JobFilter const& filter) {
    return conn.query_params(std::string(list_jobs_select) + filter_clause, filter_params(filter));
}

void stream_jobs(db::Connection& conn, JobFilter const& filter, bool ids_only, int batch_rows,
                 std::function<void(db::Result const&)> const& each) {
    db::for_each_batch(conn, std::string(ids_only ? list_ids_select : list_jobs_select) + filter_clause,
                       filter_params(filter), batch_rows, each);
}

std::optional<db::Result> show_job(db::Connection& conn, Registry const& job_types, std::int64_t job_id) {
    auto type = conn.query(
        "select t.jobs_view, j.job_type from hrsi.jobs j join hrsi.job_types t on t.name = j.job_type "
        "where j.id = $1",
        job_id);
    if (type.rows() == 0) {
        return std::nullopt;
    }
    // The view name comes from hrsi.job_types (written by migrations), quoted all the same;
    // the type's JOB_NAME is added last.
    return conn.query(fmt::format("select v.*, $2::text as job_type_name from hrsi.{} v where v.id = $1",
                                  conn.quote_identifier(type.get(0, 0))),
                      job_id, std::string(job_types.job_name_of(type.get(0, 1))));
}

db::Result job_history(db::Connection& conn, std::vector<std::int64_t> const& ids) {
    return conn.query(
        "select job_id, change_id, changed_at, status_name as status, error_subtype, "
        "error_message, attempt from hrsi.job_status_history($1::bigint[])",
        ids);
}

std::vector<std::int64_t> missing_job_ids(db::Connection& conn,
                                          std::vector<std::int64_t> const& ids) {
    auto result = conn.query("select id from hrsi.jobs where id = any ($1::bigint[])", ids);
    std::unordered_set<std::int64_t> found;
    for (int r = 0; r < result.rows(); ++r) {
        found.insert(result.get_int(r, 0));
    }
    std::vector<std::int64_t> missing;
    std::copy_if(ids.begin(), ids.end(), std::back_inserter(missing),
                 [&](std::int64_t id) { return !found.contains(id); });
    return missing;
}

db::Result job_summary(db::Connection& conn, Registry const& job_types) {
    // JOB_NAME is the programs' (the class parameter), handed to the query.
    std::vector<std::string> types;
    std::vector<std::string> names;
    for (auto const& entry : job_types.types()) {
        types.emplace_back(entry.info->type_name);
        names.emplace_back(entry.info->job_name);
    }
    return conn.query(
        "select j.job_type, coalesce(s.name, '(none)') as status, count(*) as jobs, "
        "coalesce(n.name, j.job_type) as job_type_name "
        "from hrsi.jobs j left join hrsi.job_status s on s.id = j.last_status "
        "left join unnest($1::text[], $2::text[]) n(type, name) on n.type = j.job_type "
        "group by j.job_type, j.last_status, s.name, n.name order by j.job_type, j.last_status",
        types, names);
}

bool has_selection(JobFilter const& filter) noexcept {
    return !filter.types.empty() || !filter.statuses.empty() || filter.tile || filter.since ||
           filter.until;
}

db::Result job_timeliness(db::Connection& conn, TimelinessFilter const& filter) {
    // Durations in seconds as double precision (percentile_cont interpolates linearly).
    return conn.query_params(R"sql(
with published as (
    select j.job_type,
           extract(epoch from j.output_published_at - j.input_published_at)::float8 as seconds
      from hrsi.jobs j
     where j.input_published_at is not null and j.output_published_at is not null
       and ($1::text[] is null or j.job_type = any ($1::text[]))
       and ($2::timestamptz is null or j.output_published_at >= $2::timestamptz)
       and ($3::timestamptz is null or j.output_published_at < $3::timestamptz)
)
select p.job_type, count(*) as jobs,
       round(percentile_cont(0.5) within group (order by p.seconds)::numeric, 3)::float8 as median_seconds,
       round(percentile_cont(0.95) within group (order by p.seconds)::numeric, 3)::float8 as p95_seconds,
       count(*) filter (where p.seconds > s.timeliness_target_minutes * 60) as missed,
       s.timeliness_target_minutes as target_minutes
  from published p cross join hrsi.system_parameters s
 group by p.job_type, s.timeliness_target_minutes
 order by p.job_type)sql",
                             std::vector<db::Param>{
                                 filter.types.empty() ? db::Param{} : db::to_param(filter.types),
                                 filter.since ? db::Param{util::format_rfc3339(*filter.since)} : db::Param{},
                                 filter.until ? db::Param{util::format_rfc3339(*filter.until)} : db::Param{},
                             });
}

db::Result jobs_with_error_raised(db::Connection& conn) {
    return conn.query(
        "select t.name as job_type, count(j.id) as jobs from hrsi.job_types t "
        "left join hrsi.jobs j on j.job_type = t.name and j.error_raised "
        "group by t.name order by t.name");
}

std::int64_t worker_heartbeat_count(db::Connection& conn) {
    return conn.query("select count(*) from hrsi.worker_heartbeats").get_int(0, 0);
}

std::vector<std::string> known_job_types(db::Connection& conn) {
    auto result = conn.query("select name from hrsi.job_types order by name");
    std::vector<std::string> types;
    for (int r = 0; r < result.rows(); ++r) {
        types.emplace_back(result.get(r, 0));
    }
    return types;
}

void check_job_types(db::Connection& conn, std::vector<std::string> const& types) {
    auto known = known_job_types(conn);
    for (auto const& type : types) {
        if (std::find(known.begin(), known.end(), type) == known.end()) {
            throw UsageError(fmt::format("unknown job type '{}'; known types: {}", type,
                                         fmt::join(known, ", ")));
        }
    }
}

}  // namespace hrsi::jobs
