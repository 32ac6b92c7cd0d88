// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/rlies1s2/rlies1s2_inputs.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/products/product_id.hpp>

#include <rapidjson/document.h>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// The statuses whose jobs are not inputs (reference: all but 13 and 16).
constexpr char const* refused_statuses =
    "(select id from hrsi.job_status where name in ('internal_error', 'cancelled'))";

void read_s2(db::Connection& conn, util::TimePoint from, util::TimePoint to, RlieS1S2Inputs& inputs) {
    auto const rows = conn.query(
        std::string("select rlie_path, date_trunc('day', measurement_date, 'UTC') as day, "
                    "       rlie_json_publication_date "
                    "  from hrsi.fsc_rlie_jobs_view "
                    " where measurement_date >= $1 and measurement_date < $2 "
                    "   and rlie_path is not null and rlie_json_publication_date is not null "
                    "   and last_status not in ") + refused_statuses + " order by id",
        time_param(from), time_param(to + days(1)));
    for (int row = 0; row < rows.rows(); ++row) {
        auto product = rlie_product(*read_text(rows, row, "rlie_path"), *read_time(rows, row, "day"),
                                    *read_time(rows, row, "rlie_json_publication_date"));
        if (product) inputs.s2.push_back(std::move(*product));
    }
}

void read_s1(db::Connection& conn, util::TimePoint from, util::TimePoint to, RlieS1S2Inputs& inputs) {
    auto const rows = conn.query(
        std::string("select rlies1_product_paths_json::text as paths, "
                    "       date_trunc('day', measurement_date_start, 'UTC') as day, "
                    "       rlies1_products_publication_date as published, "
                    "       last_status_name in ('done', 'external_error', 'error_checked') as finished "
                    "  from hrsi.rlies1_jobs_view "
                    " where measurement_date_start >= $1 and measurement_date_start < $2 "
                    "   and last_status not in ") + refused_statuses + " order by id",
        time_param(from), time_param(to + days(1)));
    for (int row = 0; row < rows.rows(); ++row) {
        auto const day = *read_time(rows, row, "day");
        auto const paths = read_text(rows, row, "paths");
        auto const published = read_time(rows, row, "published");
        if (!paths || !published) {
            if (!*read_boolean(rows, row, "finished")) inputs.s1_pending_days.push_back(day);
            continue;
        }
        rapidjson::Document document;
        document.Parse(paths->c_str());
        if (document.HasParseError() || !document.IsObject()) {
            throw InternalError("rlies1_product_paths_json is not a JSON object: " + *paths);
        }
        for (auto const& member : document.GetObject()) {
            if (!member.value.IsString()) continue;
            auto product = rlie_product(member.value.GetString(), day, *published);
            if (product) inputs.s1.push_back(std::move(*product));
        }
    }
}

void read_existing(db::Connection& conn, util::TimePoint from, util::TimePoint to, RlieS1S2Inputs& inputs) {
    auto const rows = conn.query(
        "select date_trunc('day', process_date, 'UTC') as day, tile_id_dup from hrsi.rlies1s2_jobs "
        " where process_date >= $1 and process_date < $2",
        time_param(from), time_param(to + days(1)));
    for (int row = 0; row < rows.rows(); ++row) {
        inputs.existing.emplace(*read_time(rows, row, "day"), *read_text(rows, row, "tile_id_dup"));
    }
}

}  // namespace

std::optional<RlieProduct> rlie_product(std::string const& path, util::TimePoint day, util::TimePoint published) {
    products::HrsiProduct name;
    try {
        name = products::parse_hrsi_product(path, "rlies1s2_job");
    } catch (InputError const&) {
        return std::nullopt;
    }
    if (name.product_type != "RLIE" || name.tile.size() < 2) return std::nullopt;
    return RlieProduct{path, name.tile.substr(1), name.mission, name.measurement, day, published};
}

std::optional<util::TimePoint> latest_day_with_both_inputs(db::Connection& conn, util::TimePoint from,
                                                           util::TimePoint to) {
    auto const rows = conn.query(
        "select max(day) as day from ("
        "  select date_trunc('day', measurement_date_start, 'UTC') as day from hrsi.rlies1_jobs "
        "   where measurement_date_start >= $1 and measurement_date_start < $2 "
        "  intersect "
        "  select date_trunc('day', measurement_date, 'UTC') from hrsi.fsc_rlie_jobs "
        "   where measurement_date >= $1 and measurement_date < $2) days",
        time_param(from), time_param(to + days(1)));
    return read_time(rows, 0, "day");
}

RlieS1S2Inputs read_rlies1s2_inputs(db::Connection& conn, util::TimePoint from, util::TimePoint to) {
    RlieS1S2Inputs inputs;
    read_s2(conn, from, to, inputs);
    read_s1(conn, from, to, inputs);
    read_existing(conn, from, to, inputs);
    return inputs;
}

}  // namespace hrsi::jobs
