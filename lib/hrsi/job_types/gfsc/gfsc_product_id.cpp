// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_product_id.hpp>

#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace hrsi::jobs {
namespace {

using namespace std::chrono;

// The tile without its T, checked by the product name parser (MGRS: zone 01-60, band, square).
std::string checked_tile(std::string_view tile) {
    auto bare = tile;
    if (bare.size() == 6 && bare.front() == 'T') bare.remove_prefix(1);
    try {
        auto const sample = fmt::format("GFSC_20200101-001_S1-S2_T{}_V101_0", bare);
        (void)products::parse_hrsi_product(sample, "gfsc_job");
    } catch (InputError const&) {
        throw InputError(fmt::format("bad tile '{}' for a GFSC product id (a Sentinel-2 tile, "
                                     "e.g. 32TLR or T32TLR)",
                                     tile));
    }
    return std::string(bare);
}

}  // namespace

std::string gfsc_product_id_template(util::TimePoint product_date, int aggregation_days,
                                     std::string_view tile, util::TimePoint curation) {
    auto const bare = checked_tile(tile);
    if (aggregation_days < 1 || aggregation_days > 999) {
        throw InputError(fmt::format("bad GFSC aggregation of {} days (1 to 999: the id has 3 digits for it)",
                                     aggregation_days));
    }
    auto const seconds = floor<std::chrono::seconds>(curation).time_since_epoch().count();
    if (seconds < 0) {
        throw InputError(fmt::format("bad GFSC curation time {}: before 1970", util::format_rfc3339(curation)));
    }
    return fmt::format("GFSC_{:%Y%m%d}-{:03}_{}_T{}_{}_{}", floor<days>(product_date), aggregation_days,
                       gfsc_missions_placeholder, bare, gfsc_baseline_placeholder, seconds);
}

GfscIdParts parse_gfsc_id(std::string_view id) {
    if (id.find(gfsc_missions_placeholder) != std::string_view::npos ||
        id.find(gfsc_baseline_placeholder) != std::string_view::npos) {
        throw InputError(fmt::format("{}: a GFSC id template ('{}' and '{}' not filled by the program), not a "
                                     "final GFSC id",
                                     id, gfsc_missions_placeholder, gfsc_baseline_placeholder));
    }
    auto const product = products::parse_hrsi_product(id, "gfsc_job");
    if (product.product_type != "GFSC") {
        throw InputError(fmt::format("{}: an HR-S&I {} product, not GFSC", id, product.product_type));
    }
    if (product.product_id != id) {
        throw InputError(fmt::format("{}: a path, not a GFSC id (the name alone: {})", id, product.product_id));
    }
    GfscIdParts parts;
    parts.product_date = product.measurement;
    parts.aggregation_days = product.aggregation_days;
    parts.missions = product.mission;
    parts.tile = product.tile.substr(1);
    parts.baseline = product.version;
    parts.curation_seconds = product.curation_timestamp;
    return parts;
}

bool gfsc_id_fills_template(std::string_view id, std::string_view id_template) {
    GfscIdParts parts;
    try {
        parts = parse_gfsc_id(id);
    } catch (InputError const&) {
        return false;
    }
    auto const missions = id_template.find(gfsc_missions_placeholder);
    auto const baseline = id_template.find(gfsc_baseline_placeholder);
    if (missions == std::string_view::npos || baseline == std::string_view::npos || baseline < missions) return false;
    auto const after_missions = missions + gfsc_missions_placeholder.size();
    auto const expected = fmt::format("{}{}{}{}{}", id_template.substr(0, missions), parts.missions,
                                      id_template.substr(after_missions, baseline - after_missions), parts.baseline,
                                      id_template.substr(baseline + gfsc_baseline_placeholder.size()));
    return expected == id;
}

}  // namespace hrsi::jobs
