// SPDX-License-Identifier: Apache-2.0
#include <hrsi/db/migrations.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <optional>

namespace hrsi::db {
namespace {

// Any fixed number: the advisory lock that serialises concurrent migrations.
constexpr std::int64_t migration_lock_key = 0x68727369'6d696772;  // "hrsimigr"

}  // namespace

int latest_schema_version() noexcept {
    auto all = embedded_migrations();
    return all.empty() ? 0 : all.back().version;
}

int schema_version(Connection& conn) {
    auto exists = conn.query("select to_regclass('hrsi.schema_version') is not null");
    if (exists.get(0, 0) != "t") {
        return 0;
    }
    auto result = conn.query("select coalesce(max(version), 0) from hrsi.schema_version");
    return static_cast<int>(result.get_int(0, 0));
}

// Holds a session-level advisory lock: concurrent migrates take turns. Taken outside any
// transaction, so the next transaction starts by reading the catalog others committed.
class MigrationLock {
public:
    explicit MigrationLock(Connection& conn) : m_conn(conn) {
        m_conn.query("select pg_advisory_lock($1)", migration_lock_key);
    }
    MigrationLock(MigrationLock const&) = delete;
    MigrationLock& operator=(MigrationLock const&) = delete;
    ~MigrationLock() {
        try {
            m_conn.query("select pg_advisory_unlock($1)", migration_lock_key);
        } catch (...) {
            // The session is gone, and its lock with it.
        }
    }

private:
    Connection& m_conn;
};

namespace {

MigrationReport apply_migrations(Connection& conn, bool dry_run, bool require_empty) {
    std::optional<MigrationLock> lock;
    if (!dry_run) {
        lock.emplace(conn);
    }
    if (require_empty) {
        // Checked under the lock: of two concurrent inits, the second finds the schema.
        auto exists = conn.query("select exists (select 1 from pg_namespace where nspname = 'hrsi')");
        if (exists.get(0, 0) == "t") {
            throw InputError(fmt::format(
                "{} already has an hrsi schema (version {}); use 'hrsi-db migrate' to update it",
                conn.describe_target(), schema_version(conn)));
        }
    }
    MigrationReport report;
    report.from_version = schema_version(conn);
    if (report.from_version > latest_schema_version()) {
        throw InputError(fmt::format(
            "the database schema is at version {}, newer than these programs (they know up to "
            "{}); install the newer hrsi",
            report.from_version, latest_schema_version()));
    }
    report.to_version = report.from_version;
    for (auto const& migration : embedded_migrations()) {
        if (migration.version <= report.to_version) {
            continue;
        }
        if (!dry_run) {
            Transaction tx(conn);
            conn.exec(migration.sql);
            conn.query("insert into hrsi.schema_version (version, name) values ($1, $2)",
                       migration.version, migration.name);
            tx.commit();
        }
        report.applied.push_back(migration);
        report.to_version = migration.version;
    }
    return report;
}

}  // namespace

MigrationReport migrate(Connection& conn, bool dry_run) {
    return apply_migrations(conn, dry_run, false);
}

MigrationReport init_schema(Connection& conn, bool dry_run) {
    return apply_migrations(conn, dry_run, true);
}

void require_current_schema(Connection& conn) {
    int version = schema_version(conn);
    if (version == latest_schema_version()) {
        return;
    }
    if (version == 0) {
        throw ServiceUnavailable(fmt::format("{} has no hrsi schema; run 'hrsi-db init'",
                                             conn.describe_target()));
    }
    if (version < latest_schema_version()) {
        throw ServiceUnavailable(fmt::format(
            "{} is at schema version {}, these programs need {}; run 'hrsi-db migrate'",
            conn.describe_target(), version, latest_schema_version()));
    }
    throw ServiceUnavailable(fmt::format(
        "{} is at schema version {}, newer than these programs (version {}); install the newer "
        "hrsi",
        conn.describe_target(), version, latest_schema_version()));
}

}  // namespace hrsi::db
