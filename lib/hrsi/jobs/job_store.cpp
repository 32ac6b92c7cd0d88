// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_store.hpp>

#include <hrsi/error.hpp>
#include <hrsi/db/copy_stream.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/util/uuid.hpp>

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <memory>
#include <unordered_map>

namespace hrsi::jobs {
namespace {

using Column = std::vector<std::optional<std::string>>;

// The SQL types of a child table's columns, by name (from the catalog).
std::unordered_map<std::string, std::string> column_types(db::Connection& conn,
                                                          std::string_view table) {
    auto result = conn.query(
        "select attname, format_type(atttypid, atttypmod) from pg_attribute "
        "where attrelid = $1::regclass and attnum > 0 and not attisdropped",
        fmt::format("hrsi.{}", conn.quote_identifier(table)));
    std::unordered_map<std::string, std::string> types;
    for (int r = 0; r < result.rows(); ++r) {
        types.emplace(result.get(r, 0), result.get(r, 1));
    }
    return types;
}

// The child-table columns of a batch of jobs of one type, one array per column.
struct ChildColumns {
    std::vector<std::string_view> names;
    std::vector<Column> values;
};

template <typename JobPointer>
ChildColumns child_columns(std::span<JobPointer const> jobs) {
    ChildColumns columns;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto values = jobs[j]->to_database_value();
        if (j == 0) {
            for (auto const& value : values) columns.names.push_back(value.column);
            columns.values.resize(values.size());
        }
        if (values.size() != columns.names.size()) {
            throw InternalError("to_database_value() returned different columns for jobs of one type");
        }
        for (std::size_t c = 0; c < values.size(); ++c) {
            columns.values[c].push_back(std::move(values[c].value));
        }
    }
    return columns;
}

db::Param array_param(Column const& values) {
    return db::to_param(values);
}

std::string type_of(std::unordered_map<std::string, std::string> const& types,
                    std::string_view table, std::string_view column) {
    auto found = types.find(std::string(column));
    if (found == types.end()) {
        throw InternalError(fmt::format("table hrsi.{} has no column {}", table, column));
    }
    return found->second;
}

// The elements of an array of ids in PostgreSQL's text form ("{1,2,3}"), which must count
// `expected`.
std::vector<std::int64_t> parse_id_array(std::string_view text, std::size_t expected) {
    std::vector<std::int64_t> ids;
    ids.reserve(expected);
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        throw InternalError(fmt::format("expected an array of ids, got '{}'", text.substr(0, 40)));
    }
    auto const* position = text.data() + 1;
    auto const* end = text.data() + text.size() - 1;
    while (position < end) {
        std::int64_t id = 0;
        auto [next, error] = std::from_chars(position, end, id);
        if (error != std::errc()) {
            throw InternalError(fmt::format("expected an array of ids, got '{}'", text.substr(0, 40)));
        }
        ids.push_back(id);
        position = next < end && *next == ',' ? next + 1 : next;
    }
    if (ids.size() != expected) {
        throw InternalError(fmt::format("expected {} ids from the sequence, got {}", expected, ids.size()));
    }
    return ids;
}

JobList read_jobs(JobTypeEntry const& type, db::Result const& result) {
    JobList jobs;
    jobs.reserve(static_cast<std::size_t>(result.rows()));
    for (int r = 0; r < result.rows(); ++r) {
        auto job = type.make();
        read_common(result, r, job->common);
        job->from_database_value(result, r);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

}  // namespace

void assign_new_job_ids(db::Connection& conn, std::span<std::unique_ptr<JobTemplate> const> jobs) {
    if (jobs.empty()) {
        return;
    }
    auto ids = conn.query("select nextval('hrsi.jobs_id_seq') from generate_series(1, $1::integer)",
                          static_cast<std::int64_t>(jobs.size()));
    util::UuidV7Generator uuids;
    auto const now = util::now();
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        jobs[j]->common.id = ids.get_int(static_cast<int>(j), 0);
        jobs[j]->common.unique_id = uuids.next(now);
    }
}

void insert_new_jobs(db::Connection& conn, std::span<NewJob const> jobs) {
    if (jobs.empty()) {
        return;
    }
    auto const& info = jobs.front().job->info();
    std::size_t history_rows = 0;
    for (auto const& entry : jobs) {
        auto const& job = *entry.job;
        if (&job.info() != &info) {
            throw InternalError("insert_new_jobs() takes jobs of one type");
        }
        if (job.common.id == 0 || job.common.unique_id.empty()) {
            throw InternalError(fmt::format("insert_new_jobs(): job '{}' has no ids; assign_new_job_ids() first",
                                            job.common.name));
        }
        if (entry.statuses.empty()) {
            throw InternalError(fmt::format("insert_new_jobs(): job {} has no status", job.common.id));
        }
        std::optional<JobStatus> previous;
        for (auto status : entry.statuses) {
            if (!is_allowed_transition(previous, status)) {
                throw InternalError(fmt::format(
                    "insert_new_jobs(): invalid job status transition for new job {}: {} -> {}", job.common.id,
                    previous ? status_name(*previous) : std::string_view("(no status)"), status_name(status)));
            }
            previous = status;
        }
        history_rows += entry.statuses.size();
    }
    // History ids from their sequence, and one time for all the rows: they are written together.
    auto history_ids = conn.query(
        "select array(select nextval('hrsi.job_status_changes_id_seq') from generate_series(1, $1::integer))::text, "
        "clock_timestamp() as changed_at",
        static_cast<std::int64_t>(history_rows));
    auto const change_ids = parse_id_array(history_ids.get(0, 0), history_rows);
    auto const changed_at = read_time(history_ids, 0, "changed_at").value();

    // The three statements stand or fall together: in the caller's transaction, or in one of
    // their own.
    std::optional<db::Transaction> own_transaction;
    if (!conn.in_transaction()) {
        own_transaction.emplace(conn);
    }
    // The statuses were checked above; the cache is the last history row of each job.
    conn.exec("select set_config('hrsi.bulk_status_write', 'on', true), "
              "set_config('hrsi.writing_status_cache', 'on', true)");
    // The common and history rows in COPY's binary format (nothing for the server to parse);
    // the child rows, whose columns each type chooses, in text.
    {
        db::CopyStream rows(conn,
                            "copy hrsi.jobs (id, unique_id, job_type, name, product_id, tile_id, input_path, "
                            "input_published_at, priority, last_status, last_status_change_id, last_status_at, "
                            "last_error_subtype, error_raised) from stdin",
                            db::CopyStream::Format::binary);
        std::size_t change = 0;
        for (auto const& entry : jobs) {
            auto const& common = entry.job->common;
            bool error_raised = false;
            for (auto status : entry.statuses) {
                error_raised = error_raised || is_error_status(status) || status == JobStatus::error_checked;
            }
            change += entry.statuses.size();
            rows.begin_row(14);
            rows.int64(common.id).uuid(common.unique_id).text(info.type_name).text(common.name);
            rows.optional_text(common.product_id).text(common.tile_id).optional_text(common.input_path);
            rows.optional_timestamp(common.input_published_at);
            if (common.priority) {
                rows.text(priority_name(*common.priority));
            } else {
                rows.null();
            }
            rows.int16(static_cast<std::int16_t>(status_id(entry.statuses.back())));
            rows.int64(change_ids[change - 1]).timestamp(changed_at);
            rows.optional_text(entry.error_subtype).boolean(error_raised);
            rows.end_row();
        }
        rows.finish();
    }
    {
        auto first = jobs.front().job->to_database_value();
        std::string names = "job_id";
        for (auto const& value : first) {
            names += ", " + conn.quote_identifier(value.column);
        }
        db::CopyStream rows(conn, fmt::format("copy hrsi.{} ({}) from stdin",
                                              conn.quote_identifier(info.table_name), names));
        for (auto const& entry : jobs) {
            auto values = entry.job->to_database_value();
            if (values.size() != first.size()) {
                throw InternalError("to_database_value() returned different columns for jobs of one type");
            }
            rows.begin_row(static_cast<int>(values.size() + 1));
            rows.int64(entry.job->common.id);
            for (auto const& value : values) {
                rows.optional_text(value.value);
            }
            rows.end_row();
        }
        rows.finish();
    }
    {
        db::CopyStream rows(conn,
                            "copy hrsi.job_status_changes (id, job_id, status, changed_at, error_subtype, "
                            "error_message) from stdin",
                            db::CopyStream::Format::binary);
        std::size_t change = 0;
        for (auto const& entry : jobs) {
            for (std::size_t s = 0; s < entry.statuses.size(); ++s) {
                bool const last = s + 1 == entry.statuses.size();
                rows.begin_row(6);
                rows.int64(change_ids[change++]).int64(entry.job->common.id);
                rows.int16(static_cast<std::int16_t>(status_id(entry.statuses[s]))).timestamp(changed_at);
                if (last) {
                    rows.optional_text(entry.error_subtype).optional_text(entry.error_message);
                } else {
                    rows.null().null();
                }
                rows.end_row();
            }
        }
        rows.finish();
    }
    conn.exec("select set_config('hrsi.bulk_status_write', 'off', true), "
              "set_config('hrsi.writing_status_cache', 'off', true)");
    if (own_transaction) {
        own_transaction->commit();
    }
}

JobSnapshot snapshot_of(JobTemplate const& job) {
    return {job.common.name, job.common.priority, job.to_database_value()};
}

bool differs(JobTemplate const& job, JobSnapshot const& before) {
    if (job.common.name != before.name || job.common.priority != before.priority) {
        return true;
    }
    auto after = job.to_database_value();
    if (after.size() != before.columns.size()) {
        return true;
    }
    for (std::size_t c = 0; c < after.size(); ++c) {
        if (after[c].value != before.columns[c].value) {
            return true;
        }
    }
    return false;
}

void update_jobs(db::Connection& conn, std::span<JobTemplate const* const> jobs,
                 std::span<JobSnapshot const* const> before) {
    if (jobs.empty()) {
        return;
    }
    if (before.size() != jobs.size()) {
        throw InternalError("update_jobs() needs one snapshot per job");
    }
    auto const& info = jobs.front()->info();
    auto flag = [](bool changed) { return db::Param{changed ? "t" : "f"}; };
    Column id, name, name_set, priority, priority_set;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto const& common = jobs[j]->common;
        id.push_back(std::to_string(common.id));
        name.push_back(common.name);
        name_set.push_back(flag(common.name != before[j]->name));
        priority.push_back(common.priority ? db::Param{std::string(priority_name(*common.priority))}
                                           : db::Param{});
        priority_set.push_back(flag(common.priority != before[j]->priority));
    }
    conn.query(
        "update hrsi.jobs j set "
        "name = case when u.name_set then u.name else j.name end, "
        "priority = case when u.priority_set then u.priority else j.priority end "
        "from unnest($1::bigint[], $2::text[], $3::boolean[], $4::text[], $5::boolean[]) "
        "as u(id, name, name_set, priority, priority_set) "
        "where j.id = u.id and (u.name_set or u.priority_set)",
        array_param(id), array_param(name), array_param(name_set), array_param(priority),
        array_param(priority_set));

    // Per child column: the values and whether each job changed it.
    auto columns = child_columns(jobs);
    if (columns.names.empty()) {
        return;
    }
    std::vector<Column> changed(columns.names.size());
    std::vector<bool> any_changed(columns.names.size(), false);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto const& old_columns = before[j]->columns;
        for (std::size_t c = 0; c < columns.names.size(); ++c) {
            bool set = c >= old_columns.size() || old_columns[c].value != columns.values[c][j];
            changed[c].push_back(flag(set));
            any_changed[c] = any_changed[c] || set;
        }
    }
    auto types = column_types(conn, info.table_name);
    std::string sets;
    std::string arrays = "$1::bigint[]";
    std::string aliases = "job_id";
    std::vector<db::Param> params{array_param(id)};
    for (std::size_t c = 0; c < columns.names.size(); ++c) {
        if (!any_changed[c]) {
            continue;
        }
        auto column = conn.quote_identifier(columns.names[c]);
        auto flag_alias = conn.quote_identifier(std::string(columns.names[c]) + "__set");
        sets += fmt::format("{}{} = case when u.{} then u.{} else t.{} end", sets.empty() ? "" : ", ",
                            column, flag_alias, column, column);
        arrays += fmt::format(", ${}::{}[], ${}::boolean[]", params.size() + 1,
                              type_of(types, info.table_name, columns.names[c]), params.size() + 2);
        aliases += fmt::format(", {}, {}", column, flag_alias);
        params.push_back(array_param(columns.values[c]));
        params.push_back(array_param(changed[c]));
    }
    if (sets.empty()) {
        return;
    }
    conn.query_params(fmt::format("update hrsi.{} t set {} from unnest({}) as u({}) "
                                  "where t.job_id = u.job_id",
                                  conn.quote_identifier(info.table_name), sets, arrays, aliases),
                      params);
}

JobList jobs_with_last_status(db::Connection& conn, JobTypeEntry const& type,
                              std::vector<JobStatus> const& statuses) {
    auto result = conn.query(fmt::format("select * from hrsi.{}($1::smallint[]) order by id",
                                         conn.quote_identifier(type.info->jobs_with_status_procedure)),
                             statuses);
    return read_jobs(type, result);
}

JobList load_jobs(db::Connection& conn, JobTypeEntry const& type,
                  std::vector<std::int64_t> const& ids) {
    // The view of a type is named in hrsi.job_types by its migration.
    auto view = conn.query("select jobs_view from hrsi.job_types where name = $1",
                           std::string(type.info->type_name));
    if (view.rows() == 0) {
        throw InternalError(fmt::format("job type {} is not in hrsi.job_types; run hrsi-db migrate",
                                        type.info->type_name));
    }
    auto result = conn.query(fmt::format("select v.* from unnest($1::bigint[]) with ordinality as wanted(id, position) "
                                         "join hrsi.{} v on v.id = wanted.id order by wanted.position",
                                         conn.quote_identifier(view.get(0, 0))),
                             ids);
    return read_jobs(type, result);
}

void append_status_changes(db::Connection& conn, std::span<StatusWrite const> changes) {
    if (changes.empty()) {
        return;
    }
    Column ids, statuses, subtypes, messages;
    for (auto const& change : changes) {
        ids.push_back(std::to_string(change.job_id));
        statuses.push_back(std::to_string(status_id(change.status)));
        subtypes.push_back(change.error_subtype);
        messages.push_back(change.error_message);
    }
    conn.query("select hrsi.append_status_changes($1::bigint[], $2::smallint[], $3::text[], $4::text[])",
               array_param(ids), array_param(statuses), array_param(subtypes), array_param(messages));
}

}  // namespace hrsi::jobs
