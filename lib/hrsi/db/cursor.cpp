// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/cursor.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <string>

namespace hrsi::db {

void for_each_batch(Connection& conn, std::string_view sql, std::span<Param const> params, int batch_rows,
                    std::function<void(Result const&)> const& each) {
    if (batch_rows < 1) throw InternalError("for_each_batch: batch_rows must be positive");
    Transaction transaction(conn, "begin read only");
    conn.query_params(std::string("declare hrsi_batches no scroll cursor for ") + std::string(sql), params);
    auto const fetch = fmt::format("fetch forward {} from hrsi_batches", batch_rows);
    for (bool first = true;; first = false) {
        auto batch = conn.exec(fetch);
        if (first || batch.rows() > 0) each(batch);
        if (batch.rows() < batch_rows) break;
    }
    conn.exec("close hrsi_batches");
    transaction.commit();
}

}  // namespace hrsi::db
