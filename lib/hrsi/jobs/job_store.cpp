// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_store.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>

#include <fmt/format.h>

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

void insert_jobs(db::Connection& conn, std::span<std::unique_ptr<JobTemplate> const> jobs) {
    if (jobs.empty()) {
        return;
    }
    auto const& info = jobs.front()->info();
    auto ids = conn.query("select nextval('hrsi.jobs_id_seq') from generate_series(1, $1::integer)",
                          static_cast<std::int64_t>(jobs.size()));
    // COPY: the fastest way in, both rows of a job in two statements whatever their number.
    std::string common_rows;
    std::string child_rows;
    std::vector<std::string_view> child_names;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto& job = *jobs[j];
        if (&job.info() != &info) {
            throw InternalError("insert_jobs() takes jobs of one type");
        }
        auto& common = job.common;
        common.id = ids.get_int(static_cast<int>(j), 0);
        db::Param const common_fields[] = {
            std::to_string(common.id), std::string(info.type_name), common.name, common.product_id,
            common.tile_id, common.input_path, time_param(common.input_published_at),
            common.priority ? db::Param{std::string(priority_name(*common.priority))} : db::Param{}};
        db::append_copy_row(common_rows, common_fields);

        auto values = job.to_database_value();
        std::vector<db::Param> child_fields{std::to_string(common.id)};
        for (auto& value : values) {
            if (j == 0) child_names.push_back(value.column);
            child_fields.push_back(std::move(value.value));
        }
        if (child_fields.size() != child_names.size() + 1) {
            throw InternalError("to_database_value() returned different columns for jobs of one type");
        }
        db::append_copy_row(child_rows, child_fields);
    }
    conn.copy_in("copy hrsi.jobs (id, job_type, name, product_id, tile_id, input_path, "
                 "input_published_at, priority) from stdin",
                 common_rows);
    std::string names = "job_id";
    for (auto name : child_names) {
        names += ", " + conn.quote_identifier(name);
    }
    conn.copy_in(fmt::format("copy hrsi.{} ({}) from stdin", conn.quote_identifier(info.table_name), names),
                 child_rows);
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
    auto result = conn.query(fmt::format("select * from hrsi.{} where id = any ($1::bigint[]) order by id",
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
