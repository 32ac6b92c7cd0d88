// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/status_cache.hpp>

namespace hrsi::db {

Result stale_status_cache(Connection& conn) {
    return conn.query("select * from hrsi.jobs_with_stale_status_cache()");
}

std::vector<std::int64_t> resync_status_cache(Connection& conn, bool dry_run) {
    Transaction tx(conn);
    auto result = conn.query("select * from hrsi.resync_status_cache()");
    std::vector<std::int64_t> ids;
    for (int r = 0; r < result.rows(); ++r) {
        ids.push_back(result.get_int(r, 0));
    }
    if (dry_run) {
        tx.rollback();
    } else {
        tx.commit();
    }
    return ids;
}

}  // namespace hrsi::db
