// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/connection.hpp>

#include <string>

namespace hrsi::testing {

// A database of its own for one test: created on the server of HRSI_TEST_DB (else HRSI_DB),
// with the hrsi schema applied, dropped on destruction unless HRSI_KEEP_TEST_DB is set.
// When no server answers it fails with how to start the private one.
class TempDatabase {
public:
    explicit TempDatabase(bool with_schema = true);
    TempDatabase(TempDatabase const&) = delete;
    TempDatabase& operator=(TempDatabase const&) = delete;
    ~TempDatabase();

    // A connection string to the temporary database.
    [[nodiscard]] std::string const& conninfo() const noexcept { return m_conninfo; }
    [[nodiscard]] std::string const& name() const noexcept { return m_name; }
    [[nodiscard]] db::Connection connect() const;

private:
    std::string m_server;
    std::string m_name;
    std::string m_conninfo;
};

// Inserts a test job (jobs + test_jobs) without status; returns its id.
std::int64_t insert_test_job(db::Connection& conn, std::string const& name = "test-job");

}  // namespace hrsi::testing
