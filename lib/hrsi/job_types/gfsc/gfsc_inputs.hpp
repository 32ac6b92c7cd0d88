// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/job_types/gfsc/gfsc_candidates.hpp>
#include <hrsi/util/time.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

// GFSC's inputs from hrsi's own database (reference §3.9 reads them from the HR-S&I
// catalogue): the FSC that fsc_rlie_job published, the WDS and SWS that sws_wds_job
// published, the GFSC that gfsc_job published. Each read is one query for all the tiles.

// The FSC, WDS and SWS products published in (from, to], by publication.
[[nodiscard]] std::vector<GfscInputProduct> read_gfsc_triggers(db::Connection& conn, util::TimePoint from,
                                                        util::TimePoint to);

// The FSC, WDS and SWS products of `tiles` (without T; empty: every tile) whose name's date is
// in [from, to], published by `until`.
[[nodiscard]] std::vector<GfscInputProduct> read_gfsc_products(db::Connection& conn, std::vector<std::string> const& tiles,
                                                        util::TimePoint from, util::TimePoint to,
                                                        util::TimePoint until);

// The published GFSC products of `tiles` (empty: every tile) whose day is in [from, to]
// (00:00 UTC), published by `until`: the latest (by curation) of each tile and day.
[[nodiscard]] std::vector<GfscOutput> read_gfsc_outputs(db::Connection& conn, std::vector<std::string> const& tiles,
                                                        util::TimePoint from, util::TimePoint to,
                                                        util::TimePoint until);

// (tile, product day, product id) of the trigger and of every FSC, WDS and SWS input of the GFSC
// jobs of `tiles` (empty: every tile) whose day is in [from, to], whatever their status: a
// product already among them triggers no job of that tile and day again.
void read_gfsc_used_triggers(db::Connection& conn, std::vector<std::string> const& tiles, util::TimePoint from,
                             util::TimePoint to, GfscInputs& inputs);

// How creation reads the products of a list of tiles (empty: every tile). Creation reads all
// the tiles in one query each (gfsc_set_reads), or takes them from a catalogue answer
// (gfsc_answer_reads); the benchmark's baseline, the reference's way, one tile at a time.
struct GfscReads {
    std::function<std::vector<GfscInputProduct>(db::Connection&, util::TimePoint, util::TimePoint)>
        triggers;  // read_gfsc_triggers
    std::function<std::vector<GfscInputProduct>(db::Connection&, std::vector<std::string> const&, util::TimePoint,
                                         util::TimePoint, util::TimePoint)>
        products;  // read_gfsc_products
    std::function<std::vector<GfscOutput>(db::Connection&, std::vector<std::string> const&, util::TimePoint,
                                          util::TimePoint, util::TimePoint)>
        outputs;  // read_gfsc_outputs
    std::function<void(db::Connection&, std::vector<std::string> const&, util::TimePoint, util::TimePoint,
                       GfscInputs&)>
        used_triggers;  // read_gfsc_used_triggers
};
[[nodiscard]] GfscReads const& gfsc_set_reads();

// The FSC, WDS, SWS and GFSC products of an HR-S&I catalogue answer (made elsewhere than this
// database's jobs: hrsi-create-jobs --other-input) in place of the database's: the same
// filters, in memory; the jobs' triggers and inputs still from the database. A product without
// publication date or whose name is not one of the four kinds' is left out, counted in
// `left_out`.
[[nodiscard]] GfscReads gfsc_answer_reads(std::vector<catalogue::CatalogueProduct> const& products,
                                          std::int64_t& left_out);

// One published product from its recorded path, or nothing when the name is not an FSC, WDS,
// SWS or GFSC product's.
[[nodiscard]] std::optional<GfscInputProduct> gfsc_input_of(std::string const& path, util::TimePoint published);

// The daily days: the last one decided, and the record of one.
[[nodiscard]] std::optional<util::TimePoint> last_gfsc_daily_day(db::Connection& conn);
void record_gfsc_daily_day(db::Connection& conn, util::TimePoint day, bool outage, std::int64_t jobs);

}  // namespace hrsi::jobs
