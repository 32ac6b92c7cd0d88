// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <cstdint>
#include <vector>

namespace hrsi::db {

// Jobs whose cached last status disagrees with their history: columns job_id, cached_status,
// cached_change_id, history_status, history_change_id.
[[nodiscard]] Result stale_status_cache(Connection& conn);

// Rewrites the cache of those jobs from their history, in one transaction. Returns their ids.
std::vector<std::int64_t> resync_status_cache(Connection& conn, bool dry_run = false);

}  // namespace hrsi::db
