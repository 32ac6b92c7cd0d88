// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/job_types/rlies1s2/rlies1s2_candidates.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <span>
#include <vector>

namespace hrsi::jobs {

// RLIE-S1+S2's inputs from hrsi's own database (reference §3.7): the RLIE products that
// fsc_rlie_job and rlies1_job published. Jobs in internal_error or cancelled are not read
// (the reference's accepted statuses). Everything is read as it was at `as_of` (creation's
// now): products published later, and jobs whose input was published later, are not seen, so
// that a replay with --now after an outage creates what the live runs would have created.

// The latest day in [from, to] (00:00 UTC) on which both an RLIE-S1 job and an FSC/RLIE job
// were measured, whatever their state (the reference's restart rule), or nothing.
[[nodiscard]] std::optional<util::TimePoint> latest_day_with_both_inputs(db::Connection& conn,
                                                                         util::TimePoint from,
                                                                         util::TimePoint to,
                                                                         util::TimePoint as_of);

// The published products, the pending RLIE-S1 jobs and the existing RLIE-S1+S2 jobs of the
// days [from, to] (00:00 UTC of each).
[[nodiscard]] RlieS1S2Inputs read_rlies1s2_inputs(db::Connection& conn, util::TimePoint from,
                                                  util::TimePoint to, util::TimePoint as_of);

// RLIE products made elsewhere, from a catalogue answer (an HR-S&I resto answer): S2 RLIE and
// RLIE-S1 products by their names' mission, those published after `as_of` left out as not yet
// there. A product that is no S2 or S1 RLIE product, or has no publication date, is refused
// with the reason.
struct CatalogueRlieProducts {
    std::vector<RlieProduct> s2;
    std::vector<RlieProduct> s1;
};
[[nodiscard]] CatalogueRlieProducts rlie_products_from_catalogue(std::span<catalogue::CatalogueProduct const> products,
                                                                 util::TimePoint as_of,
                                                                 std::vector<JobsToCreate::Refusal>& refused);

// latest_day_with_both_inputs and read_rlies1s2_inputs for such products: the products of the
// days [from, to]; the existing RLIE-S1+S2 jobs still from the database; no pending day (a
// catalogue tells of no job on its way).
[[nodiscard]] std::optional<util::TimePoint> latest_day_with_both_products(CatalogueRlieProducts const& products,
                                                                           util::TimePoint from, util::TimePoint to);
[[nodiscard]] RlieS1S2Inputs rlies1s2_inputs_from(CatalogueRlieProducts const& products, db::Connection& conn,
                                                  util::TimePoint from, util::TimePoint to);

// One published RLIE product from its recorded path; nothing when the name is not an RLIE
// product's (the path is then not an input).
[[nodiscard]] std::optional<RlieProduct> rlie_product(std::string const& path, util::TimePoint day,
                                                      util::TimePoint published);

}  // namespace hrsi::jobs
