// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_master_store.hpp>

#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_election.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/jobs/job_creation.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace hrsi::jobs {
namespace {

AssemblyJob read_assembly_job(db::Result const& result, int row) {
    AssemblyJob job;
    job.id = result.get_int(row, 0);
    job.assembly_id = std::string(result.get(row, 1));
    job.master = result.get_int(row, 2);
    if (auto status = result.get_optional(row, 3)) job.status = parse_assembly_status(*status);
    return job;
}

// The jobs of the table measured within assembly_neighbourhood of [first, last], but `batch`'s.
std::vector<AssemblyJob> neighbours(db::Connection& conn, std::vector<std::int64_t> const& batch,
                                    util::TimePoint first, util::TimePoint last) {
    auto const rows = conn.query(
        "select w.job_id, w.assembly_id, w.assembly_master_job_id, w.assembly_status "
        "  from hrsi.sws_wds_jobs w "
        " where w.measurement_date between $2::timestamptz - make_interval(secs => $4) "
        "                              and $3::timestamptz + make_interval(secs => $4) "
        "   and not (w.job_id = any ($1::bigint[])) order by w.job_id",
        batch, util::format_rfc3339(first), util::format_rfc3339(last),
        static_cast<std::int64_t>(assembly_neighbourhood.count()));
    std::vector<AssemblyJob> known;
    for (int row = 0; row < rows.rows(); ++row) known.push_back(read_assembly_job(rows, row));
    return known;
}

std::vector<std::int64_t> elect_and_store(db::Connection& conn, std::vector<std::int64_t> const& batch) {
    lock_type_creation(conn, "sws_wds_job");
    auto const new_rows = conn.query(
        "select w.job_id, w.assembly_id, w.assembly_master_job_id, w.assembly_status, w.measurement_date "
        "  from unnest($1::bigint[]) with ordinality b(id, n) "
        "  join hrsi.sws_wds_jobs w on w.job_id = b.id order by b.n",
        batch);
    if (new_rows.rows() != static_cast<int>(batch.size())) {
        throw InternalError(fmt::format("master election: {} of the {} jobs are not SWS/WDS jobs",
                                        batch.size() - static_cast<std::size_t>(new_rows.rows()),
                                        batch.size()));
    }
    std::vector<AssemblyJob> fresh;
    util::TimePoint first = util::TimePoint::max();
    util::TimePoint last = util::TimePoint::min();
    for (int row = 0; row < new_rows.rows(); ++row) {
        fresh.push_back(read_assembly_job(new_rows, row));
        auto const measured = *read_time(new_rows, row, "measurement_date");
        first = std::min(first, measured);
        last = std::max(last, measured);
    }
    auto masters = elect_masters(neighbours(conn, batch, first, last), fresh);
    conn.query(
        "update hrsi.sws_wds_jobs w set assembly_master_job_id = m.master "
        "  from unnest($1::bigint[], $2::bigint[]) m(id, master) where w.job_id = m.id",
        batch, masters);
    return masters;
}

}  // namespace

std::vector<std::int64_t> store_assembly_masters(db::Connection& conn,
                                                 std::vector<std::int64_t> const& batch) {
    if (batch.empty()) return {};
    if (conn.in_transaction()) return elect_and_store(conn, batch);
    db::Transaction tx(conn);
    auto masters = elect_and_store(conn, batch);
    tx.commit();
    return masters;
}

std::optional<MasterAssembly> read_master_assembly(db::Connection& conn, std::int64_t master) {
    auto const row = conn.query(
        "select j.last_status, w.assembly_status, w.assembly_path from hrsi.jobs j "
        "  join hrsi.sws_wds_jobs w on w.job_id = j.id where j.id = $1",
        master);
    if (row.rows() == 0) return std::nullopt;
    MasterAssembly found;
    if (!row.is_null(0, 0)) {
        found.status = status_from_id(static_cast<int>(row.get_int(0, 0)));
        if (!found.status) {
            throw InternalError(fmt::format("job {} has the unknown status id {}", master, row.get(0, 0)));
        }
    }
    // A master created cancelled has no assembly: none will come.
    auto const assembly = row.get_optional(0, 1);
    found.assembly = assembly ? parse_assembly_status(*assembly) : AssemblyStatus::deleted;
    found.path = row.get_optional(0, 2);
    return found;
}

std::vector<std::int64_t> elect_assembly_masters(db::Connection& conn, std::span<AssemblyJob const> batch,
                                                 util::TimePoint first, util::TimePoint last) {
    if (batch.empty()) return {};
    if (!conn.in_transaction()) {
        throw InternalError("the SWS/WDS master election runs in the transaction that writes the masters");
    }
    lock_type_creation(conn, "sws_wds_job");
    std::vector<std::int64_t> ids;
    ids.reserve(batch.size());
    for (auto const& job : batch) ids.push_back(job.id);
    return elect_masters(neighbours(conn, ids, first, last), batch);
}

FollowerStep follower_step(std::optional<MasterAssembly> const& master) {
    if (!master) return FollowerStep::cancel;
    return follow_master(master->status, master->assembly);
}

}  // namespace hrsi::jobs
