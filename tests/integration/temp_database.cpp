// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/db/migrations.hpp>
#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>

namespace hrsi::testing {
namespace {

std::string server_conninfo() {
    for (char const* name : {"HRSI_TEST_DB", "HRSI_DB"}) {
        if (char const* value = std::getenv(name); value && *value) {
            return value;
        }
    }
    throw std::runtime_error(
        "integration tests need a PostgreSQL server: set HRSI_TEST_DB (or HRSI_DB), e.g. "
        "scripts/local-services up && eval \"$(scripts/local-services env)\"");
}

std::string unique_name() {
    static std::atomic<int> counter{0};
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    return fmt::format("hrsi_test_{}_{}_{}", getpid(), micros % 100000000, counter++);
}

}  // namespace

TempDatabase::TempDatabase(bool with_schema)
    : m_server(server_conninfo()), m_name(unique_name()),
      m_conninfo(db::conninfo_with_dbname(m_server, m_name)) {
    auto admin = db::Connection::open(db::conninfo_with_dbname(m_server, "postgres"), "hrsi-tests");
    admin.exec(fmt::format("create database {}", m_name));
    if (with_schema) {
        auto conn = connect();
        db::migrate(conn);
    }
}

TempDatabase::~TempDatabase() {
    if (std::getenv("HRSI_KEEP_TEST_DB")) {
        fmt::print(stderr, "keeping test database {}\n", m_name);
        return;
    }
    try {
        auto admin =
            db::Connection::open(db::conninfo_with_dbname(m_server, "postgres"), "hrsi-tests");
        admin.exec(fmt::format("drop database if exists {} with (force)", m_name));
    } catch (std::exception const& e) {
        fmt::print(stderr, "could not drop test database {}: {}\n", m_name, e.what());
    }
}

db::Connection TempDatabase::connect() const {
    return db::Connection::open(m_conninfo, "hrsi-tests");
}

std::int64_t insert_test_job(db::Connection& conn, std::string const& name) {
    auto result = conn.query(
        "with j as (insert into hrsi.jobs (job_type, name) values ('test_job', $1) returning id) "
        "insert into hrsi.test_jobs (job_id) select id from j returning job_id",
        name);
    return result.get_int(0, 0);
}

}  // namespace hrsi::testing
