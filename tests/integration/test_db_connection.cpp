// SPDX-License-Identifier: Apache-2.0
#include "temp_database.hpp"

#include <hrsi/db/connection.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("db::Transaction rolls back when not committed", "[db]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    conn.exec("create table t (v text)");
    {
        db::Transaction tx(conn);
        conn.query("insert into t values ($1)", "dropped");
    }
    CHECK(conn.query("select count(*) from t").get_int(0, 0) == 0);
    {
        db::Transaction tx(conn);
        conn.query("insert into t values ($1)", "kept");
        tx.commit();
    }
    CHECK(conn.query("select v from t").get(0, 0) == "kept");
    // An exception inside leaves nothing behind either.
    try {
        db::Transaction tx(conn);
        conn.query("insert into t values ($1)", "half");
        conn.query("insert into t values ($1::integer)", "not a number");
        tx.commit();
    } catch (InputError const&) {
    }
    CHECK(conn.query("select count(*) from t").get_int(0, 0) == 1);
}

TEST_CASE("db::Connection results: nulls, integers, named columns, errors", "[db]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    auto result = conn.query("select $1::text as a, $2::bigint as b, null::text as c", "x", std::int64_t{1} << 40);
    CHECK(result.rows() == 1);
    CHECK(result.get(0, result.column("a")) == "x");
    CHECK(result.get_int(0, result.column("b")) == (std::int64_t{1} << 40));
    CHECK(result.is_null(0, 2));
    CHECK(result.get_optional(0, 2) == std::nullopt);
    CHECK_THROWS_AS(result.column("missing"), InternalError);
    CHECK_THROWS_AS(result.get_int(0, 0), InternalError);
    CHECK_THROWS_AS(conn.exec("select * from no_such_table"), InternalError);
    CHECK(conn.query("show timezone").get(0, 0) == "UTC");
}
