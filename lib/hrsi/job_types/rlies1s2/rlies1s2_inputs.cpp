// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/rlies1s2/rlies1s2_inputs.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <iterator>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// The statuses whose jobs are not inputs (reference: all but 13 and 16).
constexpr char const* refused_statuses =
    "(select id from hrsi.job_status where name in ('internal_error', 'cancelled'))";

void read_s2(db::Connection& conn, util::TimePoint from, util::TimePoint to, util::TimePoint as_of,
             RlieS1S2Inputs& inputs) {
    auto const rows = conn.query(
        std::string("select rlie_path, date_trunc('day', measurement_date, 'UTC') as day, "
                    "       rlie_json_publication_date "
                    "  from hrsi.fsc_rlie_jobs_view "
                    " where measurement_date >= $1 and measurement_date < $2 "
                    "   and rlie_path is not null and rlie_json_publication_date <= $3 "
                    "   and last_status not in ") + refused_statuses + " order by id",
        time_param(from), time_param(to + days(1)), time_param(as_of));
    for (int row = 0; row < rows.rows(); ++row) {
        auto product = rlie_product(*read_text(rows, row, "rlie_path"), *read_time(rows, row, "day"),
                                    *read_time(rows, row, "rlie_json_publication_date"));
        if (product) inputs.s2.push_back(std::move(*product));
    }
}

// An RLIE-S1 job is pending at `as_of` when its GRD was published by then (it existed), its
// products were not, and it had not ended without them (done, external_error, error_checked).
void read_s1(db::Connection& conn, util::TimePoint from, util::TimePoint to, util::TimePoint as_of,
             RlieS1S2Inputs& inputs) {
    auto const rows = conn.query(
        std::string("select case when rlies1_products_publication_date <= $3 "
                    "            then rlies1_product_paths_json::text end as paths, "
                    "       date_trunc('day', measurement_date_start, 'UTC') as day, "
                    "       rlies1_products_publication_date as published, "
                    "       exists (select 1 from hrsi.job_status_changes c "
                    "                where c.job_id = v.id and c.changed_at <= $3 and c.status in "
                    "                      (select id from hrsi.job_status "
                    "                        where name in ('done', 'external_error', 'error_checked'))) as finished "
                    "  from hrsi.rlies1_jobs_view v "
                    " where measurement_date_start >= $1 and measurement_date_start < $2 "
                    "   and coalesce(input_published_at, created_at) <= $3 "
                    "   and last_status not in ") + refused_statuses + " order by id",
        time_param(from), time_param(to + days(1)), time_param(as_of));
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
                                                           util::TimePoint to, util::TimePoint as_of) {
    auto const rows = conn.query(
        "select max(day) as day from ("
        "  select date_trunc('day', r.measurement_date_start, 'UTC') as day "
        "    from hrsi.rlies1_jobs r join hrsi.jobs j on j.id = r.job_id "
        "   where r.measurement_date_start >= $1 and r.measurement_date_start < $2 "
        "     and coalesce(j.input_published_at, j.created_at) <= $3 "
        "  intersect "
        "  select date_trunc('day', f.measurement_date, 'UTC') "
        "    from hrsi.fsc_rlie_jobs f join hrsi.jobs j on j.id = f.job_id "
        "   where f.measurement_date >= $1 and f.measurement_date < $2 "
        "     and coalesce(j.input_published_at, j.created_at) <= $3) days",
        time_param(from), time_param(to + days(1)), time_param(as_of));
    return read_time(rows, 0, "day");
}

CatalogueRlieProducts rlie_products_from_catalogue(std::span<catalogue::CatalogueProduct const> products,
                                                   util::TimePoint as_of,
                                                   std::vector<JobsToCreate::Refusal>& refused) {
    CatalogueRlieProducts found;
    for (auto const& product : products) {
        auto const& where = product.path.empty() ? product.name : product.path;
        try {
            auto const name = products::parse_hrsi_product(where, "rlies1s2_job");
            bool const s1 = name.mission.starts_with("S1") && name.mission.size() == 3;
            bool const s2 = name.mission.starts_with("S2") && name.mission.size() == 3;
            if (name.product_type != "RLIE" || (!s1 && !s2)) {
                throw InputError(fmt::format("{}: a {} product of {}; rlies1s2_job merges the RLIE products of one "
                                             "Sentinel-2 or Sentinel-1 satellite",
                                             name.product_id, name.product_type, name.mission));
            }
            if (!product.published) throw InputError(fmt::format("{}: no publication date", name.product_id));
            if (*product.published > as_of) continue;
            auto rlie = rlie_product(where, floor<days>(name.measurement), *product.published);
            if (rlie) (s1 ? found.s1 : found.s2).push_back(std::move(*rlie));
        } catch (InputError const& error) {
            refused.push_back({product.name.empty() ? where : product.name, error.what()});
        }
    }
    return found;
}

std::optional<util::TimePoint> latest_day_with_both_products(CatalogueRlieProducts const& products,
                                                             util::TimePoint from, util::TimePoint to) {
    std::optional<util::TimePoint> latest;
    for (auto const& s1 : products.s1) {
        if (s1.day < from || s1.day > to || (latest && s1.day <= *latest)) continue;
        auto const same_day = [&](RlieProduct const& s2) { return s2.day == s1.day; };
        if (std::any_of(products.s2.begin(), products.s2.end(), same_day)) latest = s1.day;
    }
    return latest;
}

RlieS1S2Inputs rlies1s2_inputs_from(CatalogueRlieProducts const& products, db::Connection& conn,
                                    util::TimePoint from, util::TimePoint to) {
    RlieS1S2Inputs inputs;
    auto const in_days = [&](RlieProduct const& product) { return product.day >= from && product.day <= to; };
    std::copy_if(products.s2.begin(), products.s2.end(), std::back_inserter(inputs.s2), in_days);
    std::copy_if(products.s1.begin(), products.s1.end(), std::back_inserter(inputs.s1), in_days);
    read_existing(conn, from, to, inputs);
    return inputs;
}

RlieS1S2Inputs read_rlies1s2_inputs(db::Connection& conn, util::TimePoint from, util::TimePoint to,
                                    util::TimePoint as_of) {
    RlieS1S2Inputs inputs;
    read_s2(conn, from, to, as_of, inputs);
    read_s1(conn, from, to, as_of, inputs);
    read_existing(conn, from, to, inputs);
    return inputs;
}

}  // namespace hrsi::jobs
