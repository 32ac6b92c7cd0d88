// SPDX-License-Identifier: Apache-2.0
#pragma once

// Loops that outlive their database (hrsi-dispatch --loop, hrsi-monitor --loop, hrsi-status
// watch): when the connection is lost, they get a new one with a bounded back-off instead of
// exiting.

#include <hrsi/db/connection.hpp>
#include <hrsi/util/log.hpp>

#include <chrono>
#include <exception>
#include <stop_token>
#include <string>

namespace hrsi::db {

struct ReconnectPolicy {
    std::string conninfo;          // as given to Connection::open
    std::string application_name;  // likewise
    // The wait before the first attempt, doubled after each failed one up to max_delay.
    std::chrono::milliseconds first_delay{1000};
    std::chrono::milliseconds max_delay{30'000};
};

// Whether `error`, thrown by a statement on `conn`, means that the connection is gone (the
// server stopped, restarted or ended the session): then reconnect() is the way on. A
// ServiceUnavailable on a connection that still answers (another service) is not.
[[nodiscard]] bool connection_lost(Connection& conn, std::exception const& error) noexcept;

// Replaces `conn` by a new connection (its schema checked), trying until one succeeds or
// `stop` is requested: one log line per attempt, waits growing as ReconnectPolicy says.
// Returns false when stopped first. A database back without its current schema (being
// restored, being migrated) is tried again the same way.
bool reconnect(Connection& conn, ReconnectPolicy const& policy, util::Log const& log, std::stop_token const& stop);

}  // namespace hrsi::db
