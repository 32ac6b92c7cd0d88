// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/rlies1/rlies1_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/jobs/job_columns.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

std::string name_of(catalogue::CatalogueProduct const& product) {
    return product.name.empty() ? product.path : product.name;
}

// The sorted ids of the tiles of `area` that a footprint meets.
std::vector<std::string> tiles_of(tiles::TileSource& source, tiles::AreaOfInterest const& area,
                                  catalogue::CatalogueProduct const& product) {
    auto& index = source.index();
    auto const footprint = geometry::read_footprint(index.context(), product.footprint);
    std::vector<std::string> ids;
    for (auto const* tile : index.intersecting(footprint, source.search())) {
        if (area.contains(tile->id)) ids.push_back(tile->id);
    }
    return ids;  // the index gives them sorted by id
}

}  // namespace

std::span<Column<RlieS1Job> const> RlieS1Job::columns() {
    using Job = RlieS1Job;
    static constexpr std::array table{
        column<&Job::s1grd_id>("s1grd_id", ColumnRole::input),
        column<&Job::product_path>("product_path", ColumnRole::input),
        column<&Job::measurement_date_start>("measurement_date_start", ColumnRole::input),
        column<&Job::measurement_date_end>("measurement_date_end", ColumnRole::input),
        column<&Job::s1grd_dias_publication_date>("s1grd_dias_publication_date", ColumnRole::input),
        column<&Job::s1grd_esa_publication_date>("s1grd_esa_publication_date", ColumnRole::input),
        column<&Job::s2tile_ids>("s2tile_ids_json", ColumnRole::input),
        column<&Job::rlies1_products_completion_date>("rlies1_products_completion_date"),
        column<&Job::product_paths>("rlies1_product_paths_json"),
        column_as<JsonDocuments, &Job::product_metadata>("rlies1_product_json_submitted_json"),
        column<&Job::rlies1_products_publication_date>("rlies1_products_publication_date"),
        column<&Job::reprocessing_context>("reprocessing_context"),
    };
    return table;
}

void RlieS1Job::job_pre_insertion_setup(bool reprocessed) {
    (void)reprocessed;  // the type sets no input aside for a reprocessing campaign
    // The NRT rule of the other Sentinel types: ESA published within 24 h of sensing and the
    // DIAS within 3 h of ESA (one catalogue date: both); an unknown publication counts as now.
    auto const esa = s1grd_esa_publication_date.value_or(util::now());
    auto const dias = s1grd_dias_publication_date.value_or(esa);
    bool const timely = esa - measurement_date_start < hours(24) && dias - esa < hours(3);
    common.priority = timely ? Priority::nrt : Priority::delayed;
}

Configuration RlieS1Job::configure_single_job(JobContext& context) {
    (void)context;
    return {JobStatus::ready, {}, {}};
}

void RlieS1Job::set_product_publication_date(std::string_view product, util::TimePoint when) {
    if (product != "rlies1") {
        throw InternalError(fmt::format("{} has no product '{}' (rlies1)", info_.type_name, product));
    }
    // One column for all the job's products, as the reference: the last confirmation.
    if (!rlies1_products_publication_date || *rlies1_products_publication_date < when) {
        rlies1_products_publication_date = when;
    }
}

std::optional<std::string> RlieS1Job::input_refusal(products::Sentinel1 const& product) {
    auto const& id = product.product_id;
    if (product.product_type != "GRD") {
        return fmt::format("{}: an {} product, rlies1_job takes IW GRDH VV+VH", id, product.product_type);
    }
    if (product.mode != "IW") {
        return fmt::format("{}: an {} GRD, rlies1_job takes IW GRDH VV+VH", id, product.mode);
    }
    if (product.resolution != 'H') {
        return fmt::format("{}: GRD{} is not high resolution, rlies1_job takes IW GRDH VV+VH", id,
                           product.resolution == '_' ? std::string{} : std::string(1, product.resolution));
    }
    if (product.product_class != 'S' || product.level != 1) {
        return fmt::format("{}: not a standard level-1 product, rlies1_job takes IW GRDH VV+VH", id);
    }
    if (product.polarisation != "DV") {
        return fmt::format("{}: polarisation {} (not VV+VH), rlies1_job takes IW GRDH VV+VH", id,
                           product.polarisation);
    }
    return std::nullopt;
}

JobsToCreate RlieS1Job::get_jobs_to_create(std::span<InputProduct const> products, JobContext& context) {
    if (context.tiles == nullptr) {
        throw UsageError("rlies1_job needs the tile grid (data/eea39): give --tile-data or HRSI_TILE_DATA");
    }
    JobsToCreate result;
    auto const area = tiles::area_for_type(context.parameters, info_.type_name);
    std::vector<std::unique_ptr<RlieS1Job>> candidates;
    for (auto const& input : products) {
        auto const& product = input.catalogue;
        auto const& grd = std::get<products::Sentinel1>(input.parsed.value());
        if (auto refusal = input_refusal(grd)) {
            result.refused.push_back({name_of(product), std::move(*refusal)});
            continue;
        }
        if (product.footprint.empty()) {
            result.refused.push_back({name_of(product), fmt::format("{}: the catalogue gives no footprint "
                                                                    "(rlies1_job needs it to find the tiles)",
                                                                    grd.product_id)});
            continue;
        }
        std::vector<std::string> tiles;
        try {
            tiles = tiles_of(*context.tiles, area, product);
        } catch (InputError const& error) {
            result.refused.push_back({name_of(product), fmt::format("{}: footprint: {}", grd.product_id, error.what())});
            continue;
        }
        if (tiles.empty()) {
            result.refused.push_back({name_of(product), fmt::format("{}: its footprint meets no tile of the area "
                                                                    "of interest ({})",
                                                                    grd.product_id, area.name())});
            continue;
        }
        auto job = std::make_unique<RlieS1Job>();
        job->s1grd_id = grd.product_id;
        job->product_path = product.path.empty() ? grd.product_id : product.path;
        job->measurement_date_start = grd.start;
        job->measurement_date_end = grd.stop;
        // One publication date from the catalogue: both the ESA and the DIAS one.
        job->s1grd_dias_publication_date = product.published;
        job->s1grd_esa_publication_date = product.published;
        job->s2tile_ids = std::move(tiles);
        job->common.name = grd.product_id;
        job->common.product_id = grd.product_id;
        job->common.input_path = job->product_path;
        job->common.input_published_at = product.published;
        candidates.push_back(std::move(job));
    }
    // Insertion in publication order: the next window starts from the last one.
    std::stable_sort(candidates.begin(), candidates.end(), [&](auto const& a, auto const& b) {
        return a->s1grd_dias_publication_date.value_or(context.now) <
               b->s1grd_dias_publication_date.value_or(context.now);
    });
    std::vector<std::string> ids;
    ids.reserve(candidates.size());
    for (auto const& job : candidates) ids.push_back(job->s1grd_id);
    // A product that has a job already is a duplicate, whatever its publication date (the
    // reference drops the GRDs that have a job published in the window searched).
    auto const existing = context.conn.query_prepared(
        "rlies1_jobs_of_grds", "select s1grd_id from hrsi.rlies1_jobs where s1grd_id = any ($1::text[])", ids);
    std::unordered_set<std::string> known;
    for (int r = 0; r < existing.rows(); ++r) known.emplace(existing.get(r, 0));
    for (auto& job : candidates) {
        if (!known.insert(job->s1grd_id).second) {
            result.duplicates.push_back(job->s1grd_id);
            continue;
        }
        result.jobs.push_back(std::move(job));
    }
    return result;
}

TimeWindow RlieS1Job::next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context) {
    (void)info;
    if (last && last->common.input_published_at) {
        return {*last->common.input_published_at, context.now};
    }
    return {floor<days>(context.now) - days(1), context.now};
}

}  // namespace hrsi::jobs
