// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/reconnect.hpp>

#include <hrsi/db/migrations.hpp>
#include <hrsi/error.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace hrsi::db {
namespace {

// Sleeps `delay` unless `stop` comes first; returns false then.
bool wait_for(std::chrono::milliseconds delay, std::stop_token const& stop) {
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    never_notified.wait_for(lock, stop, delay, [] { return false; });
    return !stop.stop_requested();
}

}  // namespace

bool connection_lost(Connection& conn, std::exception const& error) noexcept {
    if (dynamic_cast<ServiceUnavailable const*>(&error) == nullptr) return false;
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) return true;
    try {
        conn.exec("select 1");
        return false;
    } catch (std::exception const&) {
        return true;
    }
}

bool reconnect(Connection& conn, ReconnectPolicy const& policy, util::Log const& log, std::stop_token const& stop) {
    auto const target = describe_conninfo(policy.conninfo);
    auto delay = policy.first_delay;
    for (int attempt = 1;; ++attempt) {
        log.warn("database connection lost: reconnecting to {} in {:.1f} s (attempt {})", target,
                 std::chrono::duration<double>(delay).count(), attempt);
        if (!wait_for(delay, stop)) return false;
        try {
            auto fresh = Connection::open(policy.conninfo, policy.application_name);
            require_current_schema(fresh);
            conn = std::move(fresh);
            log.info("database connection back after {} attempt(s)", attempt);
            return true;
        } catch (ServiceUnavailable const& error) {
            log.warn("reconnection attempt {} failed: {}", attempt, error.what());
        }
        delay = std::min(policy.max_delay, delay * 2);
    }
}

}  // namespace hrsi::db
