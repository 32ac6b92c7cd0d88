// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace hrsi::db {

// A numbered schema migration from sql/NNN_name.sql, compiled into the programs.
struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// All migrations, by increasing version (generated from sql/ at build time).
[[nodiscard]] std::span<Migration const> embedded_migrations() noexcept;
[[nodiscard]] int latest_schema_version() noexcept;

// The schema version of the database: 0 when it has no hrsi schema yet.
[[nodiscard]] int schema_version(Connection& conn);

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
    std::vector<Migration> applied;  // in the order applied (or to apply, on a dry run)
};

// Applies the missing migrations, each in its own transaction, under an advisory lock so
// concurrent runs apply each one once. Throws InputError when the database is newer than
// these programs.
MigrationReport migrate(Connection& conn, bool dry_run = false);

// Creates the schema on a database without one; throws InputError if it already has one.
MigrationReport init_schema(Connection& conn, bool dry_run = false);

// Throws ServiceUnavailable with what to run when the database is not at this version.
void require_current_schema(Connection& conn);

}  // namespace hrsi::db
