// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/db/migrations.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

#include <thread>

using namespace hrsi;

TEST_CASE("db migrations: init creates, migrate twice does nothing, init again refuses", "[db]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    CHECK(db::schema_version(conn) == 0);
    CHECK_THROWS_AS(db::require_current_schema(conn), ServiceUnavailable);

    auto dry = db::init_schema(conn, true);
    CHECK(dry.applied.size() == db::embedded_migrations().size());
    CHECK(db::schema_version(conn) == 0);

    auto report = db::init_schema(conn);
    CHECK(report.from_version == 0);
    CHECK(report.to_version == db::latest_schema_version());
    CHECK(db::schema_version(conn) == db::latest_schema_version());
    CHECK_NOTHROW(db::require_current_schema(conn));

    auto again = db::migrate(conn);
    CHECK(again.applied.empty());
    CHECK_THROWS_WITH(db::init_schema(conn), Catch::Contains("already has an hrsi schema"));
    auto versions = conn.query("select count(*) from hrsi.schema_version");
    CHECK(versions.get_int(0, 0) == static_cast<std::int64_t>(db::embedded_migrations().size()));
}

TEST_CASE("db migrations: concurrent migrates apply each migration once", "[db][concurrency]") {
    testing::TempDatabase database(false);
    std::vector<std::size_t> applied(3);
    std::vector<std::string> errors(3);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < applied.size(); ++i) {
        threads.emplace_back([&, i] {
            try {
                auto conn = database.connect();
                applied[i] = db::migrate(conn).applied.size();
            } catch (std::exception const& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto conn = database.connect();
    CHECK(db::schema_version(conn) == db::latest_schema_version());
    auto versions = conn.query("select count(*) from hrsi.schema_version").get_int(0, 0);
    CHECK(versions == static_cast<std::int64_t>(db::embedded_migrations().size()));
    std::size_t total = 0;
    for (std::size_t i = 0; i < applied.size(); ++i) {
        INFO(errors[i]);
        CHECK(errors[i].empty());
        total += applied[i];
    }
    CHECK(total == db::embedded_migrations().size());
}

TEST_CASE("db migrations: a database newer than the programs is refused", "[db]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.query("insert into hrsi.schema_version (version, name) values ($1, 'future')",
               db::latest_schema_version() + 1);
    CHECK_THROWS_WITH(db::migrate(conn), Catch::Contains("newer than these programs"));
    CHECK_THROWS_AS(db::require_current_schema(conn), ServiceUnavailable);
}
