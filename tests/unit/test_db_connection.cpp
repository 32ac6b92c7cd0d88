// SPDX-License-Identifier: Apache-2.0
// The parts of the libpq wrapper that need no server; the rest is in tests/integration.
#include <hrsi/db/connection.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("db parameters: values become text, arrays become array literals", "[db]") {
    CHECK(db::to_param(42) == "42");
    CHECK(db::to_param(std::int64_t{-7}) == "-7");
    CHECK(db::to_param(true) == "true");
    CHECK(db::to_param(nullptr) == std::nullopt);
    CHECK(db::to_param(std::optional<int>{}) == std::nullopt);
    CHECK(db::to_param(std::optional<int>{5}) == "5");
    CHECK(db::to_param(JobStatus::ready) == "3");
    CHECK(db::to_param(std::vector<std::int64_t>{1, 2, 3}) == "{1,2,3}");
    CHECK(db::to_param(std::vector<std::int64_t>{}) == "{}");
    CHECK(db::to_param(std::vector<JobStatus>{JobStatus::ready, JobStatus::done}) == "{3,12}");
    CHECK(db::to_param(std::vector<std::string>{"a", "b\"c", "d\\e", "f,g"}) ==
          R"({"a","b\"c","d\\e","f,g"})");
}

TEST_CASE("db connection strings: passwords detected, targets described without them", "[db]") {
    CHECK(db::conninfo_has_password("postgresql://me:secret@host/db"));
    CHECK(db::conninfo_has_password("host=h password=secret dbname=d"));
    CHECK_FALSE(db::conninfo_has_password("postgresql:///hrsi?host=/tmp/s&user=postgres"));
    CHECK_FALSE(db::conninfo_has_password(""));
    auto described = db::describe_conninfo("postgresql://me:secret@db.example:5433/jobs");
    CHECK(described == "database 'jobs' as user 'me' on db.example:5433");
    CHECK(described.find("secret") == std::string::npos);
}

TEST_CASE("db conninfo_with_dbname keeps the server, changes the database", "[db]") {
    auto changed = db::conninfo_with_dbname("postgresql:///hrsi?host=/tmp/my sock&user=postgres", "other");
    CHECK(db::describe_conninfo(changed) == "database 'other' as user 'postgres' on /tmp/my sock:5432");
    auto quoted = db::conninfo_with_dbname("host=h user='o\\'brien'", "x");
    CHECK(db::describe_conninfo(quoted) == "database 'x' as user 'o'brien' on h:5432");
    CHECK_THROWS_AS(db::conninfo_with_dbname("nonsense without equals", "x"), InputError);
}

TEST_CASE("db connecting to nothing is ServiceUnavailable naming the target", "[db]") {
    try {
        (void)db::Connection::open("postgresql://me:secret@127.0.0.1:1/jobs?connect_timeout=2", "t");
        FAIL("connected to port 1");
    } catch (ServiceUnavailable const& e) {
        std::string message = e.what();
        CHECK(message.find("database 'jobs' as user 'me' on 127.0.0.1:1") != std::string::npos);
        CHECK(message.find("secret") == std::string::npos);
        CHECK(e.exit_code() == 69);
    }
}
