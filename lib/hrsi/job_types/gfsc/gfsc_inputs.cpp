// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_inputs.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// The three kinds of products with their path and publication, from the two producing types'
// tables; `where` is added to each branch (its $n parameters are the caller's), over the
// columns path, published, tile_id and measurement_date.
std::string products_union(std::string const& where) {
    auto const branch = [&](char const* path, char const* published, char const* table) {
        return fmt::format(
            "select {0} as path, {1} as published from hrsi.{2} "
            " where {0} is not null and {1} is not null and ({3})",
            path, published, table,
            fmt::format(fmt::runtime(where), fmt::arg("published", published)));
    };
    return branch("fsc_path", "fsc_json_publication_date", "fsc_rlie_jobs") + " union all " +
           branch("wds_path", "wds_json_publication_date", "sws_wds_jobs") + " union all " +
           branch("sws_path", "sws_json_publication_date", "sws_wds_jobs");
}

std::vector<GfscInputProduct> read_products(db::Result const& rows) {
    std::vector<GfscInputProduct> products;
    products.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        auto product = gfsc_input_of(*read_text(rows, row, "path"), *read_time(rows, row, "published"));
        if (product && product->kind != "gfsc") products.push_back(std::move(*product));
    }
    return products;
}

}  // namespace

std::optional<GfscInputProduct> gfsc_input_of(std::string const& path, util::TimePoint published) {
    products::HrsiProduct name;
    try {
        name = products::parse_hrsi_product(path, "gfsc_job");
    } catch (InputError const&) {
        return std::nullopt;
    }
    auto kind = gfsc_product_kind(name.product_id);
    if ((kind != "fsc" && kind != "wds" && kind != "sws" && kind != "gfsc") || name.tile.size() < 2) {
        return std::nullopt;
    }
    return GfscInputProduct{name.product_id, path, std::move(kind), name.tile.substr(1), name.measurement, published};
}

std::vector<GfscInputProduct> read_gfsc_triggers(db::Connection& conn, util::TimePoint from, util::TimePoint to) {
    auto const rows = conn.query(products_union("{published} > $1 and {published} <= $2") + " order by published, path",
                                 time_param(from), time_param(to));
    return read_products(rows);
}

std::vector<GfscInputProduct> read_gfsc_products(db::Connection& conn, std::vector<std::string> const& tiles,
                                          util::TimePoint from, util::TimePoint to, util::TimePoint until) {
    // The producing job's measurement is within a day of the name's date (FSC: the L1C's
    // datatake, the name the tile's sensing; SWS/WDS: the earliest slice): the rows are read
    // by it, with a day's margin, then kept by the name's date.
    auto const rows = conn.query(
        products_union("measurement_date >= $1 and measurement_date <= $2 and {published} <= $3 "
                       "and (cardinality($4::text[]) = 0 or tile_id = any ($4::text[]))") +
            " order by published, path",
        time_param(from - days(1)), time_param(to + days(1)), time_param(until), tiles);
    auto products = read_products(rows);
    std::erase_if(products, [&](GfscInputProduct const& product) {
        return product.measurement < from || product.measurement > to;
    });
    return products;
}

std::vector<GfscOutput> read_gfsc_outputs(db::Connection& conn, std::vector<std::string> const& tiles,
                                          util::TimePoint from, util::TimePoint to, util::TimePoint until) {
    auto const rows = conn.query(
        "select distinct on (tile_id, product_date) gfsc_path, gfsc_json_publication_date, product_date, "
        "       curation_timestamp "
        "  from hrsi.gfsc_jobs "
        " where product_date >= $1 and product_date <= $2 and gfsc_path is not null "
        "   and gfsc_json_publication_date <= $3 "
        "   and (cardinality($4::text[]) = 0 or tile_id = any ($4::text[])) "
        " order by tile_id, product_date, curation_timestamp desc, job_id desc",
        time_param(from), time_param(to), time_param(until), tiles);
    std::vector<GfscOutput> outputs;
    for (int row = 0; row < rows.rows(); ++row) {
        auto const published = *read_time(rows, row, "gfsc_json_publication_date");
        auto product = gfsc_input_of(*read_text(rows, row, "gfsc_path"), published);
        if (!product || product->kind != "gfsc") continue;
        outputs.push_back({product->id, product->path, product->tile, *read_time(rows, row, "product_date"),
                           *read_time(rows, row, "curation_timestamp"), published});
    }
    return outputs;
}

void read_gfsc_used_triggers(db::Connection& conn, std::vector<std::string> const& tiles, util::TimePoint from,
                             util::TimePoint to, GfscInputs& inputs) {
    auto const rows = conn.query(
        "select g.tile_id, g.product_date, ids.id from hrsi.gfsc_jobs g "
        " cross join lateral (select g.triggering_product_id "
        "                     union all "
        "                     select jsonb_array_elements_text(g.fsc_id_list || g.wds_id_list || g.sws_id_list)) "
        "       ids(id) "
        " where g.product_date >= $1 and g.product_date <= $2 "
        "   and (cardinality($3::text[]) = 0 or g.tile_id = any ($3::text[]))",
        time_param(from), time_param(to), tiles);
    for (int row = 0; row < rows.rows(); ++row) {
        inputs.used_triggers.emplace(*read_text(rows, row, "tile_id"), *read_time(rows, row, "product_date"),
                                     *read_text(rows, row, "id"));
    }
}

GfscReads const& gfsc_set_reads() {
    static GfscReads const reads{read_gfsc_triggers, read_gfsc_products, read_gfsc_outputs, read_gfsc_used_triggers};
    return reads;
}

GfscReads gfsc_answer_reads(std::vector<catalogue::CatalogueProduct> const& products, std::int64_t& left_out) {
    auto inputs = std::make_shared<std::vector<GfscInputProduct>>();
    auto gfsc = std::make_shared<std::vector<GfscOutput>>();
    left_out = 0;
    for (auto const& product : products) {
        auto made = product.published ? gfsc_input_of(product.path.empty() ? product.name : product.path,
                                                      *product.published)
                                      : std::nullopt;
        if (!made) {
            ++left_out;
        } else if (made->kind != "gfsc") {
            inputs->push_back(std::move(*made));
        } else {
            auto const id = products::parse_hrsi_product(made->id, "gfsc_job");
            gfsc->push_back({made->id, made->path, made->tile, floor<days>(id.measurement),
                             util::TimePoint(seconds(id.curation_timestamp)), made->published});
        }
    }
    std::stable_sort(inputs->begin(), inputs->end(), [](GfscInputProduct const& a, GfscInputProduct const& b) {
        return std::tie(a.published, a.path) < std::tie(b.published, b.path);
    });
    auto in_tiles = [](std::vector<std::string> const& tiles, std::string const& tile) {
        return tiles.empty() || std::find(tiles.begin(), tiles.end(), tile) != tiles.end();
    };
    GfscReads reads;
    reads.triggers = [inputs](db::Connection&, util::TimePoint from, util::TimePoint to) {
        std::vector<GfscInputProduct> found;
        for (auto const& product : *inputs) {
            if (product.published > from && product.published <= to) found.push_back(product);
        }
        return found;
    };
    reads.products = [inputs, in_tiles](db::Connection&, std::vector<std::string> const& tiles, util::TimePoint from,
                                        util::TimePoint to, util::TimePoint until) {
        std::vector<GfscInputProduct> found;
        for (auto const& product : *inputs) {
            if (in_tiles(tiles, product.tile) && product.measurement >= from && product.measurement <= to &&
                product.published <= until) {
                found.push_back(product);
            }
        }
        return found;
    };
    reads.outputs = [gfsc, in_tiles](db::Connection&, std::vector<std::string> const& tiles, util::TimePoint from,
                                     util::TimePoint to, util::TimePoint until) {
        // The latest (by curation) of each tile and day.
        std::map<std::pair<std::string, util::TimePoint>, GfscOutput> latest;
        for (auto const& product : *gfsc) {
            if (!in_tiles(tiles, product.tile) || product.product_date < from || product.product_date > to ||
                product.published > until) {
                continue;
            }
            auto [at, inserted] = latest.try_emplace({product.tile, product.product_date}, product);
            if (!inserted && product.curation > at->second.curation) at->second = product;
        }
        std::vector<GfscOutput> found;
        for (auto& [key, product] : latest) found.push_back(std::move(product));
        return found;
    };
    reads.used_triggers = read_gfsc_used_triggers;
    return reads;
}

std::optional<util::TimePoint> last_gfsc_daily_day(db::Connection& conn) {
    auto const rows = conn.query("select max(day)::timestamp at time zone 'UTC' as day from hrsi.gfsc_daily_days");
    return read_time(rows, 0, "day");
}

void record_gfsc_daily_day(db::Connection& conn, util::TimePoint day, bool outage, std::int64_t jobs) {
    conn.query(
        "insert into hrsi.gfsc_daily_days (day, outage, jobs) "
        "values (($1::timestamptz at time zone 'UTC')::date, $2, $3)",
        time_param(day), outage, jobs);
}

}  // namespace hrsi::jobs
