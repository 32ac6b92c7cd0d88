// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_inputs.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hrsi::jobs {

std::vector<FscInput> published_fsc(db::Connection& conn, TimeWindow const& published,
                                    util::TimePoint measured_since) {
    auto const result = conn.query(
        "select fsc_path, tile_id, measurement_date, "
        "       coalesce(fsc_completion_date, fsc_json_publication_date) as created, "
        "       fsc_json_publication_date as published, "
        "       coalesce(fsc_infos #>> '{resto,geometry,wkt}', '') as footprint "
        "  from hrsi.fsc_rlie_jobs_view "
        " where fsc_path is not null and fsc_json_publication_date between $1 and $2 "
        "   and measurement_date >= $3 "
        " order by fsc_json_publication_date, id",
        time_param(published.start), time_param(published.end), time_param(measured_since));
    std::vector<FscInput> products;
    for (int row = 0; row < result.rows(); ++row) {
        FscInput fsc;
        fsc.path = *read_text(result, row, "fsc_path");
        fsc.product_id = products::product_name_of(fsc.path);
        fsc.tile = *read_text(result, row, "tile_id");
        fsc.measurement = *read_time(result, row, "measurement_date");
        fsc.created = *read_time(result, row, "created");
        fsc.published = *read_time(result, row, "published");
        fsc.footprint = *read_text(result, row, "footprint");
        products.push_back(std::move(fsc));
    }
    return products;
}

FscInput fsc_input(catalogue::CatalogueProduct const& product) {
    auto const& where = product.path.empty() ? product.name : product.path;
    auto const name = products::parse_hrsi_product(where, "sws_wds_job");
    if (name.product_type != "FSC") {
        throw InputError(fmt::format("{}: a {} product, sws_wds_job pairs with FSC",
                                     name.product_id, name.product_type));
    }
    if (!product.published) {
        throw InputError(fmt::format("{}: no publication date", name.product_id));
    }
    FscInput fsc;
    fsc.product_id = name.product_id;
    fsc.path = where;
    fsc.tile = name.tile.substr(1);  // without the T, as the tile grid names them
    fsc.measurement = name.measurement;
    fsc.published = *product.published;
    fsc.created = product.sensing_end.value_or(*product.published);
    fsc.footprint = product.footprint;
    return fsc;
}

TimeWindow fsc_window(std::optional<util::TimePoint> last_fsc_published, int default_days,
                      util::TimePoint now) {
    return {last_fsc_published.value_or(now - std::chrono::days(default_days)), now};
}

TimeWindow s1_window(std::optional<util::TimePoint> last_s1_published,
                     std::span<FscInput const> new_fsc, int default_days, util::TimePoint now) {
    auto start = last_s1_published.value_or(now - std::chrono::days(default_days));
    for (auto const& fsc : new_fsc) {
        start = std::min<util::TimePoint>(start, std::chrono::floor<std::chrono::days>(fsc.measurement));
    }
    return {start, now};
}

}  // namespace hrsi::jobs
