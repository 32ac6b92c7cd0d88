// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <functional>
#include <span>
#include <string_view>

namespace hrsi::db {

// Runs one query through a server-side cursor, in a read-only transaction of its own, and
// hands its rows to `each` in batches of at most `batch_rows` (> 0), in order: memory holds
// one batch, whatever the number of rows, and the first rows arrive before the last are
// read. `each` gets the first batch even when it is empty (its column names). Throws what
// Connection throws; `conn` must not be in a transaction.
void for_each_batch(Connection& conn, std::string_view sql, std::span<Param const> params, int batch_rows,
                    std::function<void(Result const&)> const& each);

}  // namespace hrsi::db
