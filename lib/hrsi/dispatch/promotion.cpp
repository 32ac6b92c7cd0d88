// SPDX-License-Identifier: Apache-2.0
#include <hrsi/dispatch/promotion.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/enabled_types.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/registry.hpp>

#include <algorithm>

namespace hrsi::dispatch {

jobs::ConfigurationCounts promote_configured_jobs(db::Connection& conn, jobs::Registry const& job_types,
                                                  std::vector<std::string> const& types,
                                                  util::Log const& log, std::optional<util::TimePoint> now) {
    jobs::ConfigurationCounts total;
    for (auto const& name : types) {
        auto const& type = job_types.find(name);
        db::Transaction transaction(conn);
        // Locked for this transaction; those another dispatcher holds wait for its promotion.
        // Configured in the order their inputs were published, as creation configures them
        // (a time series's later job sees what an earlier one did).
        auto const rows = conn.query_prepared(
            "hrsi_promotable_jobs",
            "select id from hrsi.jobs where job_type = $1 and last_status = 2 "
            "order by input_published_at nulls last, id for update skip locked",
            name);
        if (rows.rows() == 0) continue;
        std::vector<std::int64_t> ids;
        ids.reserve(static_cast<std::size_t>(rows.rows()));
        for (int r = 0; r < rows.rows(); ++r) ids.push_back(rows.get_int(r, 0));
        auto waiting = jobs::load_jobs(conn, type, ids);
        auto const parameters = db::load_system_parameters(conn);
        jobs::JobContext context{conn, parameters, log, now.value_or(util::now()), {}, false, {}};
        auto const counts = jobs::configure_jobs(type, waiting, context);
        transaction.commit();
        if (counts.ready + counts.cancelled + counts.internal_errors > 0) {
            log.info("{}: {} configured job(s) looked at: {} ready, {} still waiting, {} cancelled, {} internal error",
                     name, ids.size(), counts.ready, counts.configured, counts.cancelled, counts.internal_errors);
        }
        total += counts;
    }
    return total;
}

std::vector<std::string> active_job_types(db::Connection& conn, jobs::Registry const& job_types,
                                          std::vector<std::string> const& requested) {
    std::vector<std::string> types;
    if (!requested.empty()) {
        for (auto const& name : requested) types.emplace_back(job_types.find(name).info->type_name);
        return types;
    }
    auto const enabled = jobs::enabled_job_types(db::load_system_parameters(conn));
    // In the programs' order, so that a dispatch round's order does not depend on the list's.
    for (auto const& entry : job_types.types()) {
        if (std::find(enabled.begin(), enabled.end(), entry.info->type_name) != enabled.end()) {
            types.emplace_back(entry.info->type_name);
        }
    }
    return types;
}

}  // namespace hrsi::dispatch
