// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/jobs/job_configuration.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/log.hpp>

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace hrsi::jobs {

// The message of jobs created cancelled because their input is older than the processing
// start date (reference §2.3).
inline constexpr std::string_view reprocessing_campaign_message =
    "Unprocessed job as it's part of a reprocessing campaign.";

struct CreationOptions {
    catalogue::Format format = catalogue::Format::automatic;
    bool dry_run = false;            // do everything, then roll back
    bool strict = false;             // a refused product fails the input (exit 65, nothing written)
    std::size_t chunk_size = 20000;  // products handled per batch of statements
    // The tile grid for types that intersect footprints with the tiles (RLIE-S1), read on
    // first use; null: such a type refuses to create (UsageError).
    tiles::TileSource* tiles = nullptr;
    // The products of the type's other input (JobTypeInfo::other_input: SWS/WDS's FSC), given
    // instead of the type's own source; nothing: the type's source.
    std::optional<std::vector<catalogue::CatalogueProduct>> other_input;
    // The input products' storage (JobContext::input_storage); null: not read.
    storage::Storage const* input_storage = nullptr;
};

struct CreationSummary {
    catalogue::Format format = catalogue::Format::automatic;
    std::int64_t products = 0;
    std::int64_t created = 0;        // new jobs, whatever their first status
    std::int64_t cancelled = 0;      // of which created cancelled (reprocessing campaign or configuration)
    ConfigurationCounts configuration;
    std::int64_t duplicates = 0;     // products that already had a job
    std::vector<JobsToCreate::Refusal> refused;
};

// A job this run created, with its status after configuration.
struct CreatedJob {
    std::int64_t id;
    std::string name;
    std::string product;
    JobStatus status;
};

// Creates the jobs of one catalogue answer, all in one transaction: reads the products as a
// stream in chunks, runs the type's creation, pre-insertion setup, insertion (initialized,
// or cancelled for reprocessing-campaign inputs), then batch and single configuration.
// Concurrent creators of one type take turns (an advisory lock), so each job is created once.
// Throws InputError (nothing written) on malformed input, or on a refused product when
// `strict`.
CreationSummary create_jobs(db::Connection& conn, JobTypeEntry const& type, std::istream& input,
                            CreationOptions const& options, util::Log const& log,
                            std::function<void(CreatedJob const&)> const& on_created = {});

// Creates the jobs a type makes without input products (JobTypeEntry::get_scheduled_jobs) for
// the time `now` (the clock, or a replayed time), in one transaction as create_jobs(). Throws
// UsageError for a type that needs input products.
CreationSummary create_scheduled_jobs(db::Connection& conn, JobTypeEntry const& type, util::TimePoint now,
                                      CreationOptions const& options, util::Log const& log,
                                      std::function<void(CreatedJob const&)> const& on_created = {});

// The catalogue publication window to ask for next (reference compute_dias_request_time_range):
// the type's rule (next_search_window) applied to its last inserted job
// (get_last_inserted_job); the start never after now.
[[nodiscard]] TimeWindow next_window(db::Connection& conn, JobTypeEntry const& type,
                                     util::TimePoint now);

// Takes, for the current transaction, the lock under which the creators of a type take turns
// (re-entrant: a step of the creation that needs it may take it again).
void lock_type_creation(db::Connection& conn, std::string_view type_name);

}  // namespace hrsi::jobs
