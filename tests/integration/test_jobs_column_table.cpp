// SPDX-License-Identifier: Apache-2.0
// A type's columns declared once (lib/hrsi/jobs/column_table.hpp): every kind of member
// written as a parameter, read back from what PostgreSQL returns, and the type tables equal
// to the child tables of the migrations.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/rlies1/rlies1_job.hpp>
#include <hrsi/job_types/gfsc/gfsc_job.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_job.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>
#include <hrsi/jobs/column_table.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

enum class Colour { red, green, blue_grey };
constexpr std::array<std::string_view, 3> enum_texts(Colour) { return {"red", "green", "blue-grey"}; }

// One member of every kind a column table knows.
struct Sample {
    std::string text = "default";
    std::optional<std::string> maybe_text;
    bool flag = false;
    std::optional<bool> maybe_flag;
    int small = 0;
    long long big = 0;
    std::optional<long long> maybe_big;
    double number = 0;
    std::optional<double> maybe_number;
    util::TimePoint time{};
    std::optional<util::TimePoint> maybe_time;
    Colour colour = Colour::red;
    std::optional<Colour> maybe_colour;
    JobStatus status = JobStatus::initialized;
    std::optional<JobStatus> maybe_status;
    std::vector<std::string> list{"default"};
    std::map<std::string, std::string> texts{{"default", "text"}};
    std::map<std::string, std::string> documents{{"default", "{}"}};

    static std::span<Column<Sample> const> columns() {
        static constexpr std::array table{
            column<&Sample::text>("text"),
            column<&Sample::maybe_text>("maybe_text"),
            column<&Sample::flag>("flag"),
            column<&Sample::maybe_flag>("maybe_flag"),
            column<&Sample::small>("small"),
            column<&Sample::big>("big"),
            column<&Sample::maybe_big>("maybe_big"),
            column<&Sample::number>("number"),
            column<&Sample::maybe_number>("maybe_number"),
            column<&Sample::time>("time"),
            column<&Sample::maybe_time>("maybe_time"),
            column<&Sample::colour>("colour"),
            column<&Sample::maybe_colour>("maybe_colour"),
            column<&Sample::status>("status"),
            column<&Sample::maybe_status>("maybe_status"),
            column<&Sample::list>("list"),
            column<&Sample::texts>("texts"),
            column_as<JsonDocuments, &Sample::documents>("documents"),
        };
        return table;
    }
};

// The SQL types of Sample's columns, in its table's order.
constexpr std::array<std::string_view, 18> sample_types{
    "text", "text", "boolean", "boolean", "smallint", "bigint", "bigint", "numeric", "numeric",
    "timestamptz", "timestamptz", "text", "text", "smallint", "smallint", "jsonb", "jsonb", "jsonb"};

// Sends a sample's values as parameters and reads the row PostgreSQL returns into a new one.
Sample round_trip(db::Connection& conn, Sample const& sample) {
    auto const values = column_values(sample, Sample::columns());
    std::string select;
    std::vector<db::Param> params;
    for (std::size_t c = 0; c < values.size(); ++c) {
        select += fmt::format("{}${}::{} as {}", c == 0 ? "" : ", ", c + 1, sample_types[c], values[c].column);
        params.push_back(values[c].value);
    }
    auto const row = conn.query_params("select " + select, params);
    Sample read;
    read_columns(read, Sample::columns(), row, 0);
    return read;
}

}  // namespace

TEST_CASE("column table: every kind goes to PostgreSQL and back unchanged", "[jobs][columns]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();

    Sample sample;
    sample.text = "with space, tab\t, quote ' and é";
    sample.maybe_text = "";
    sample.flag = true;
    sample.maybe_flag = false;
    sample.small = -32768;
    sample.big = 9'007'199'254'740'993;  // not a double
    sample.maybe_big = -1;
    sample.number = 0.1;
    sample.maybe_number = -1234.5e-7;
    sample.time = util::parse_time("2024-02-29T23:59:59.999999Z");
    sample.maybe_time = util::parse_time("1970-01-01T00:00:00Z");
    sample.colour = Colour::blue_grey;
    sample.maybe_colour = Colour::green;
    sample.status = JobStatus::error_checked;
    sample.maybe_status = JobStatus::done;
    sample.list = {"31TGL", "quote \" and é", ""};
    sample.texts = {{"S1A_IW_GRDH_1SDV", "/eodata/a b"}, {"k\"ey", "v"}};
    sample.documents = {{"p1", R"({"resto":{"properties":{"size":36864,"title":"x"}}})"}, {"p2", "[1,2]"}};

    auto const read = round_trip(conn, sample);
    CHECK(read.text == sample.text);
    CHECK(read.maybe_text == sample.maybe_text);
    CHECK(read.flag == true);
    CHECK(read.maybe_flag == false);
    CHECK(read.small == -32768);
    CHECK(read.big == 9'007'199'254'740'993);
    CHECK(read.maybe_big == -1);
    CHECK(read.number == 0.1);
    CHECK(read.maybe_number == -1234.5e-7);
    CHECK(read.time == sample.time);
    CHECK(read.maybe_time == sample.maybe_time);
    CHECK(read.colour == Colour::blue_grey);
    CHECK(read.maybe_colour == Colour::green);
    CHECK(read.status == JobStatus::error_checked);
    CHECK(read.maybe_status == JobStatus::done);
    CHECK(read.list == sample.list);
    CHECK(read.texts == sample.texts);
    CHECK(read.documents == sample.documents);  // jsonb prints them as written here (no spaces)

    // An empty object is NULL, an empty list is [].
    Sample empty;
    empty.list.clear();
    empty.texts.clear();
    empty.documents.clear();
    auto const values = column_values(empty, Sample::columns());
    CHECK(values[15].value == db::Param{std::string("[]")});
    CHECK(values[16].value == db::Param{});
    CHECK(values[17].value == db::Param{});
}

TEST_CASE("column table: JSON columns refuse what is not their shape, naming the column", "[jobs][columns]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    Sample sample;
    sample.documents = {{"p1", "not json"}};
    CHECK_THROWS_WITH(column_values(sample, Sample::columns()), Catch::Contains("'p1' is not JSON"));
    std::vector<std::string> list;
    CHECK_THROWS_WITH(ColumnKind<std::vector<std::string>>::read(R"({"a":1})", list, "s2tile_ids_json"),
                      Catch::Contains("s2tile_ids_json holds no JSON array"));
    std::map<std::string, std::string> texts;
    using TextsKind = ColumnKind<std::map<std::string, std::string>>;
    CHECK_THROWS_WITH(TextsKind::read("[1]", texts, "paths_json"), Catch::Contains("paths_json holds no JSON object"));
    CHECK_THROWS_WITH(JsonDocuments::read("{", texts, "metadata_json"),
                      Catch::Contains("metadata_json does not hold JSON"));
}

TEST_CASE("column table: NULL is nothing for an optional member, empties a container, and leaves any other as it is",
          "[jobs][columns]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    std::string select;
    for (std::size_t c = 0; c < sample_types.size(); ++c) {
        select += fmt::format("{}null::{} as {}", c == 0 ? "" : ", ", sample_types[c], Sample::columns()[c].name);
    }
    auto const row = conn.exec("select " + select);
    Sample read;
    read.maybe_text = "set before";
    read.maybe_time = util::now();
    read_columns(read, Sample::columns(), row, 0);
    CHECK(read.text == "default");
    CHECK(read.colour == Colour::red);
    CHECK_FALSE(read.maybe_text);
    CHECK_FALSE(read.maybe_flag);
    CHECK_FALSE(read.maybe_big);
    CHECK_FALSE(read.maybe_number);
    CHECK_FALSE(read.maybe_time);
    CHECK_FALSE(read.maybe_colour);
    CHECK_FALSE(read.maybe_status);
    CHECK(read.list.empty());  // a container is emptied
    CHECK(read.texts.empty());
    CHECK(read.documents.empty());
    // read_value: NULL is refused where a value must be.
    CHECK_FALSE(read_value<std::optional<util::TimePoint>>(row, 0, "maybe_time"));
    CHECK_THROWS_AS(read_value<util::TimePoint>(row, 0, "time"), InternalError);
}

TEST_CASE("column table: a text that is no value of the column's enum is refused with the column's name",
          "[jobs][columns]") {
    testing::TempDatabase database(false);
    auto conn = database.connect();
    // A row of the type's columns, all NULL but maja_mode.
    std::string select;
    for (auto const& column : FscRlieJob::columns()) {
        select += fmt::format("{}{} as {}", select.empty() ? "" : ", ",
                              column.name == "maja_mode" ? "'nominl'" : "null", column.name);
    }
    auto const row = conn.exec("select " + select);
    FscRlieJob job;
    CHECK_THROWS_WITH(read_columns(job, FscRlieJob::columns(), row, 0),
                      Catch::Contains("maja_mode holds 'nominl', not one of init, nominal, backward"));
    CHECK_THROWS_AS(read_value<JobStatus>(conn.exec("select 99::smallint as s"), 0, "s"), InternalError);
}

TEST_CASE("column table: each type's table names exactly the columns of its child table", "[jobs][columns]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto table_columns = [&](std::string const& table) {
        auto rows = conn.query("select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 "
                               "and not attisdropped and attname <> 'job_id'",
                               "hrsi." + table);
        std::set<std::string> names;
        for (int r = 0; r < rows.rows(); ++r) names.emplace(rows.get(r, 0));
        return names;
    };
    auto declared = [](auto columns) {
        std::set<std::string> names;
        for (auto const& column : columns) names.emplace(column.name);
        return names;
    };
    CHECK(declared(FscRlieJob::columns()) == table_columns("fsc_rlie_jobs"));
    CHECK(declared(TestJob::columns()) == table_columns("test_jobs"));
    CHECK(declared(RlieS1Job::columns()) == table_columns("rlies1_jobs"));
    CHECK(declared(SwsWdsJob::columns()) == table_columns("sws_wds_jobs"));
    CHECK(declared(RlieS1S2Job::columns()) == table_columns("rlies1s2_jobs"));
    CHECK(declared(GfscJob::columns()) == table_columns("gfsc_jobs"));
}
