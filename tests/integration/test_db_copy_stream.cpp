// SPDX-License-Identifier: Apache-2.0
// db::CopyStream (lib/hrsi/db/copy_stream.cpp), the COPY of bulk creation, in its text and
// binary formats: values round-trip exactly, NULL is not the empty string, and a stream left
// without finish() abandons its COPY and the transaction with it.
#include "temp_database.hpp"

#include <hrsi/db/copy_stream.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cctype>
#include <limits>
#include <stdexcept>

using namespace hrsi;

namespace {

// Values that COPY's text format must escape, or that look like its markers.
std::vector<db::Param> const tricky_values = {
    std::string("plain"),
    std::string(""),  // empty, not NULL
    std::nullopt,
    std::string("tab\there"),
    std::string("new\nline"),
    std::string("carriage\rreturn"),
    std::string("crlf\r\n"),
    std::string("back\\slash"),
    std::string("\\"),
    std::string("\\N"),  // the text of NULL's marker, as a value
    std::string("N"),
    std::string("\\."),  // the text of the end-of-data marker
    std::string("\\.\n"),
    std::string("\\t\\n"),
    std::string("ends with backslash\\"),
    std::string("\t\n\r\\ all at once \\\r\n\t"),
    std::string("unicode: é ñ ß 日本語 🛰 \u00a0 \u2028"),
    std::string("quotes ' \" and ; -- /* */ $1"),
    std::string(300'000, 'x'),  // longer than a piece sent at once
};

std::vector<db::Param> read_back(db::Connection& conn, std::string const& table) {
    auto rows = conn.query(fmt::format("select v from {} order by n", table));
    std::vector<db::Param> values;
    for (int r = 0; r < rows.rows(); ++r) values.push_back(rows.get_optional(r, 0));
    return values;
}

bool transaction_failed(db::Connection const& conn) {
    return PQtransactionStatus(conn.get()) == PQTRANS_INERROR;
}

}  // namespace

TEST_CASE("copy stream: text values with tabs, newlines, backslashes and unicode round-trip exactly", "[db][copy]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.exec("create table copied (n bigint primary key, v text)");
    for (auto format : {db::CopyStream::Format::text, db::CopyStream::Format::binary}) {
        INFO("binary: " << (format == db::CopyStream::Format::binary));
        conn.exec("truncate copied");
        std::int64_t copied = 0;
        {
            db::CopyStream rows(conn, "copy copied (n, v) from stdin", format);
            for (std::size_t i = 0; i < tricky_values.size(); ++i) {
                rows.begin_row(2);
                rows.int64(static_cast<std::int64_t>(i) * 1000 - 7).optional_text(tricky_values[i]);
                rows.end_row();
            }
            copied = rows.finish();
        }
        CHECK(copied == static_cast<std::int64_t>(tricky_values.size()));
        auto const back = read_back(conn, "copied");
        REQUIRE(back.size() == tricky_values.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            INFO("value " << i);
            CHECK(back[i] == tricky_values[i]);
        }
        CHECK(conn.query("select count(*) from copied where v is null").get_int(0, 0) == 1);
        CHECK(conn.query("select count(*) from copied where v = ''").get_int(0, 0) == 1);
        CHECK(conn.query("select v from copied where n = 11 * 1000 - 7").get(0, 0) == "\\.");
    }
    // A whole row of text values at once (text format).
    conn.exec("truncate copied");
    {
        db::CopyStream rows(conn, "copy copied (n, v) from stdin");
        for (std::size_t i = 0; i < tricky_values.size(); ++i) {
            std::vector<db::Param> fields{std::to_string(i), tricky_values[i]};
            rows.row(fields);
        }
        CHECK(rows.finish() == static_cast<std::int64_t>(tricky_values.size()));
    }
    CHECK(read_back(conn, "copied") == tricky_values);
}

TEST_CASE("copy stream: typed fields keep their values in both formats", "[db][copy]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.exec("create table typed (n bigint primary key, s smallint, b bigint, f boolean, t timestamptz, u uuid)");
    struct Row {
        std::int16_t s;
        std::int64_t b;
        bool f;
        std::optional<util::TimePoint> t;
        std::string u;
        std::string expected_t;  // as PostgreSQL gives it back in UTC, text
    };
    std::vector<Row> const rows = {
        {0, 0, false, util::parse_time("2000-01-01T00:00:00Z"), "00000000-0000-0000-0000-000000000000",
         "2000-01-01 00:00:00+00"},
        {std::numeric_limits<std::int16_t>::max(), std::numeric_limits<std::int64_t>::max(), true,
         util::parse_time("2026-11-27T10:05:07.123456Z"), "018f2e3c-7a41-7b2e-9c4d-1f2a3b4c5d6e",
         "2026-11-27 10:05:07.123456+00"},
        {std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int64_t>::min(), false,
         util::parse_time("1999-12-31T23:59:59.999999Z"), "FFFFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF",
         "1999-12-31 23:59:59.999999+00"},
        {-1, -1, true, util::parse_time("1970-01-01T00:00:00.000001Z"), "0123456789abcdef0123456789ABCDEF",
         "1970-01-01 00:00:00.000001+00"},
        {13, 42, true, std::nullopt, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ""},
    };
    for (auto format : {db::CopyStream::Format::text, db::CopyStream::Format::binary}) {
        bool const binary = format == db::CopyStream::Format::binary;
        INFO("binary: " << binary);
        conn.exec("truncate typed");
        {
            db::CopyStream stream(conn, "copy typed (n, s, b, f, t, u) from stdin", format);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                auto const& row = rows[i];
                stream.begin_row(6);
                stream.int64(static_cast<std::int64_t>(i)).int16(row.s).int64(row.b).boolean(row.f);
                stream.optional_timestamp(row.t);
                stream.uuid(row.u);  // with or without dashes, in either case
                stream.end_row();
            }
            CHECK(stream.finish() == static_cast<std::int64_t>(rows.size()));
        }
        auto back = conn.query("select s, b, f, t::text, u::text from typed order by n");
        REQUIRE(back.rows() == static_cast<int>(rows.size()));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto const r = static_cast<int>(i);
            INFO("row " << i);
            CHECK(back.get_int(r, 0) == rows[i].s);
            CHECK(back.get_int(r, 1) == rows[i].b);
            CHECK(back.get(r, 2) == (rows[i].f ? "t" : "f"));
            CHECK(back.is_null(r, 3) == !rows[i].t);
            CHECK(back.get(r, 3) == rows[i].expected_t);
            std::string lower;
            for (char c : rows[i].u) {
                if (c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            auto text = std::string(back.get(r, 4));
            std::erase(text, '-');
            CHECK(text == lower);
        }
    }
}

TEST_CASE("copy stream: a stream left without finish() abandons its COPY and fails the transaction", "[db][copy]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.exec("create table copied (n bigint primary key, v text)");
    for (auto format : {db::CopyStream::Format::text, db::CopyStream::Format::binary}) {
        INFO("binary: " << (format == db::CopyStream::Format::binary));
        for (int rows_before_throw : {0, 3, 100'000}) {  // 100000 rows: several pieces already sent
            INFO("rows before the exception: " << rows_before_throw);
            db::Transaction tx(conn);
            conn.exec("insert into copied values (-1, 'before the copy')");
            CHECK_THROWS_WITH(
                [&] {
                    db::CopyStream rows(conn, "copy copied (n, v) from stdin", format);
                    for (int i = 0; i < rows_before_throw; ++i) {
                        rows.begin_row(2);
                        rows.int64(i).text("some text to fill the buffer");
                        rows.end_row();
                    }
                    throw std::runtime_error("the program failed while writing");
                }(),
                "the program failed while writing");
            CHECK_THROWS_WITH(conn.exec("select 1"), Catch::Contains("current transaction is aborted"));
            CHECK(transaction_failed(conn));
            tx.rollback();
            CHECK_FALSE(conn.in_transaction());
            CHECK(conn.query("select count(*) from copied").get_int(0, 0) == 0);
        }
    }
    // Outside a transaction, the COPY alone fails; the connection goes on.
    {
        CHECK_THROWS_AS(
            [&] {
                db::CopyStream rows(conn, "copy copied (n, v) from stdin");
                rows.int64(1).text("never written").end_row();
                throw std::runtime_error("stop");
            }(),
            std::runtime_error);
    }
    CHECK(conn.query("select count(*) from copied").get_int(0, 0) == 0);
    CHECK_FALSE(conn.in_transaction());
    // A bad UUID in a binary stream is the program's error, and abandons the stream too.
    {
        db::Transaction tx(conn);
        CHECK_THROWS_AS(
            [&] {
                db::CopyStream rows(conn, "copy copied (n, v) from stdin", db::CopyStream::Format::binary);
                rows.begin_row(2);
                rows.int64(1).uuid("not-a-uuid");
            }(),
            InternalError);
        CHECK_THROWS_WITH(conn.exec("select 1"), Catch::Contains("current transaction is aborted"));
        CHECK(transaction_failed(conn));
    }
    // A whole row of text has no place in a binary stream.
    {
        db::Transaction tx(conn);
        std::vector<db::Param> const fields{std::string("1"), std::string("x")};
        CHECK_THROWS_AS(
            [&] {
                db::CopyStream rows(conn, "copy copied (n, v) from stdin", db::CopyStream::Format::binary);
                rows.row(fields);
            }(),
            InternalError);
    }
    // After all of that, a finished stream writes.
    {
        db::CopyStream rows(conn, "copy copied (n, v) from stdin", db::CopyStream::Format::binary);
        rows.begin_row(2);
        rows.int64(7).text("kept");
        rows.end_row();
        CHECK(rows.finish() == 1);
    }
    CHECK(conn.query("select v from copied where n = 7").get(0, 0) == "kept");
}

TEST_CASE("copy stream: a stream much larger than its buffer arrives whole", "[db][copy]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.exec("create table copied (n bigint primary key, v text)");
    for (auto format : {db::CopyStream::Format::text, db::CopyStream::Format::binary}) {
        conn.exec("truncate copied");
        db::CopyStream rows(conn, "copy copied (n, v) from stdin", format);
        for (int i = 0; i < 60'000; ++i) {
            rows.begin_row(2);
            rows.int64(i).text(fmt::format("row {}\twith\\escapes\n", i));
            rows.end_row();
        }
        CHECK(rows.finish() == 60'000);
        CHECK(conn.query("select count(*), sum(n) from copied").get(0, 1) == "1799970000");
        CHECK(conn.query("select v from copied where n = 45678").get(0, 0) == "row 45678\twith\\escapes\n");
    }
}

// libpq counts a COPY as running until all its results are read: a failed or abandoned COPY
// outside a transaction must leave the connection idle, not "in a transaction".
TEST_CASE("copy stream: after a failed COPY outside a transaction the connection is idle", "[db][copy]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    conn.exec("create table copied (n bigint primary key, v text)");
    SECTION("a stream abandoned by an exception") {
        CHECK_THROWS_AS(
            [&] {
                db::CopyStream rows(conn, "copy copied (n, v) from stdin");
                rows.int64(1).text("x").end_row();
                throw std::runtime_error("stop");
            }(),
            std::runtime_error);
    }
    SECTION("a COPY the server refuses") {
        CHECK_THROWS_AS(
            [&] {
                db::CopyStream rows(conn, "copy copied (n, v) from stdin");
                rows.int64(1).text("x").end_row();
                rows.int64(1).text("duplicate key").end_row();
                rows.finish();
            }(),
            InternalError);
    }
    CHECK(PQtransactionStatus(conn.get()) == PQTRANS_IDLE);
    CHECK_FALSE(conn.in_transaction());
}
