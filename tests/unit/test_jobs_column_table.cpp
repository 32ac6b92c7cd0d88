// SPDX-License-Identifier: Apache-2.0
// A type's columns declared once (lib/hrsi/jobs/column_table.hpp): enum texts, the SQL column
// lists and the copy of the input columns. The round trip through PostgreSQL of every kind is
// in tests/integration/test_jobs_column_table.cpp.
#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>
#include <hrsi/job_types/test/test_job.hpp>
#include <hrsi/jobs/column_table.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

// Every value of an enum turns into its text and back.
template <typename E>
void check_round_trip(std::initializer_list<E> values) {
    for (auto value : values) {
        CHECK(enum_from_text<E>(enum_text(value), "column") == value);
    }
}

}  // namespace

TEST_CASE("column table: the FSC/RLIE enums map to the texts of the table's checks", "[jobs][columns]") {
    CHECK(enum_text(L2aStatus::pending) == "pending");
    CHECK(enum_text(L2aStatus::generated) == "generated");
    CHECK(enum_text(L2aStatus::generation_aborted) == "generation_aborted");
    CHECK(enum_text(L2aStatus::deleted) == "deleted");
    CHECK(enum_text(MajaMode::init) == "init");
    CHECK(enum_text(MajaMode::nominal) == "nominal");
    CHECK(enum_text(MajaMode::backward) == "backward");
    CHECK(enum_text(ReprocessingContext::none) == "None");
    CHECK(enum_text(ReprocessingContext::backward) == "backward");
    check_round_trip({L2aStatus::pending, L2aStatus::generated, L2aStatus::generation_aborted, L2aStatus::deleted});
    check_round_trip({MajaMode::init, MajaMode::nominal, MajaMode::backward});
    check_round_trip({ReprocessingContext::none, ReprocessingContext::backward});
    CHECK(to_param(MajaMode::nominal) == db::Param{"nominal"});
}

TEST_CASE("column table: an unknown text is refused, naming the column and the known texts", "[jobs][columns]") {
    CHECK_THROWS_AS(enum_from_text<MajaMode>("nominl", "maja_mode"), InternalError);
    CHECK_THROWS_WITH(enum_from_text<MajaMode>("nominl", "maja_mode"),
                      "maja_mode holds 'nominl', not one of init, nominal, backward");
    // Texts are exact: no case folding, no trimming.
    CHECK_THROWS_AS(enum_from_text<ReprocessingContext>("none", "reprocessing_context"), InternalError);
    CHECK_THROWS_AS(enum_from_text<L2aStatus>("generated ", "l2a_status"), InternalError);
    CHECK_THROWS_AS(enum_from_text<L2aStatus>("", "l2a_status"), InternalError);
}

TEST_CASE("column table: every column is declared once, and the lists come from the table", "[jobs][columns]") {
    auto const columns = FscRlieJob::columns();
    std::set<std::string_view> names;
    for (auto const& column : columns) CHECK(names.insert(column.name).second);
    CHECK(columns.size() == 36);
    CHECK(column_list(TestJob::columns()) == "measurement_date, completion_date");
    CHECK(column_list(TestJob::columns(), "t.") == "t.measurement_date, t.completion_date");

    FscRlieJob job;
    auto const values = job.to_database_value();
    REQUIRE(values.size() == columns.size());
    for (std::size_t c = 0; c < values.size(); ++c) CHECK(values[c].column == columns[c].name);
}

TEST_CASE("column table: values written in the forms PostgreSQL reads", "[jobs][columns]") {
    FscRlieJob job;
    job.common.tile_id = "31TCH";
    job.l1c_cloud_cover = 12.5;
    job.measurement_date = util::parse_time("2024-01-05T10:40:31.000001Z");
    job.maja_mode = MajaMode::backward;
    job.maja_threads = 4;
    job.reprocessing_context = ReprocessingContext::backward;
    auto const values = job.to_database_value();
    auto value_of = [&](std::string_view name) {
        for (auto const& value : values) {
            if (value.column == name) return value.value;
        }
        FAIL("no column " << name);
        return db::Param{};
    };
    CHECK(value_of("tile_id") == db::Param{"31TCH"});
    CHECK(value_of("nrt") == db::Param{"true"});
    CHECK(value_of("l1c_cloud_cover") == db::Param{"12.5"});
    CHECK(value_of("l1c_snow_cover") == std::nullopt);
    CHECK(value_of("measurement_date") == db::Param{"2024-01-05T10:40:31.000001Z"});
    CHECK(value_of("maja_mode") == db::Param{"backward"});
    CHECK(value_of("l2a_status") == std::nullopt);
    CHECK(value_of("maja_threads") == db::Param{"4"});
    CHECK(value_of("reprocessing_context") == db::Param{"backward"});
}

TEST_CASE("column table: copy_input_columns copies the columns that describe the input, and only those",
          "[jobs][columns]") {
    FscRlieJob source;
    source.common.tile_id = "32TLR";
    source.l1c_id = "S2A_MSIL1C_X";
    source.l1c_path = "/eodata/S2A_MSIL1C_X.SAFE";
    source.l1c_cloud_cover = 10;
    source.l1c_snow_cover = 20;
    source.measurement_date = util::parse_time("2024-01-05T10:40:31Z");
    source.l1c_esa_creation_date = util::parse_time("2024-01-05T12:00:00Z");
    source.l1c_esa_publication_date = util::parse_time("2024-01-05T13:00:00Z");
    source.l1c_dias_publication_date = util::parse_time("2024-01-05T14:00:00Z");
    source.l2a_status = L2aStatus::generated;
    source.maja_mode = MajaMode::nominal;
    source.fsc_path = "/eodata/HRSI/FSC_1";
    source.nrt = false;

    FscRlieJob copy;
    copy_input_columns(source, copy, FscRlieJob::columns());
    CHECK(copy.common.tile_id == "32TLR");
    CHECK(copy.l1c_id == source.l1c_id);
    CHECK(copy.l1c_path == source.l1c_path);
    CHECK(copy.l1c_cloud_cover == 10);
    CHECK(copy.l1c_snow_cover == 20);
    CHECK(copy.measurement_date == source.measurement_date);
    CHECK(copy.l1c_esa_creation_date == source.l1c_esa_creation_date);
    CHECK(copy.l1c_esa_publication_date == source.l1c_esa_publication_date);
    CHECK(copy.l1c_dias_publication_date == source.l1c_dias_publication_date);
    // What configuration and processing set is not the input's.
    CHECK_FALSE(copy.l2a_status);
    CHECK_FALSE(copy.maja_mode);
    CHECK_FALSE(copy.fsc_path);
    CHECK(copy.nrt);
}
