// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/status.hpp>
#include <hrsi/util/child_process.hpp>
#include <hrsi/util/log.hpp>
#include <hrsi/util/time.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::tiles {
class TileSource;  // tiles/tile_source.hpp
}
namespace hrsi::storage {
class Storage;  // storage/storage.hpp
}

namespace hrsi::jobs {

// What a job type takes as input (INPUT_PRODUCT_TYPE).
enum class InputProductType { none, s1, s2, hrsi };

// Worker sizes (reference §3.1, worker_flavors.py).
struct WorkerFlavor {
    std::string_view name;    // extra_small ... extra_large
    std::string_view flavor;  // the cloud flavor (Nomad constraint): eo1.xsmall ... hm.xlarge
    int vcpus;
    int ram_gb;
    int disk_gb;
};
inline constexpr WorkerFlavor extra_small{"extra_small", "eo1.xsmall", 1, 1, 8};
inline constexpr WorkerFlavor small{"small", "eo2.medium", 1, 4, 16};
inline constexpr WorkerFlavor medium{"medium", "hm.medium", 2, 16, 64};
inline constexpr WorkerFlavor large{"large", "hm.large", 4, 32, 128};
inline constexpr WorkerFlavor extra_large{"extra_large", "hm.xlarge", 8, 65, 256};

// The class-level parameters of a job type (the seed's "Job class").
struct JobTypeInfo {
    std::string_view type_name;                    // registry key and jobs.job_type: "test_job"
    std::string_view table_name;                   // __TABLE_NAME: the child table, "test_jobs"
    std::string_view job_name;                     // JOB_NAME: "test_job", "FSC/RLIE"
    InputProductType input_product_type;           // INPUT_PRODUCT_TYPE
    std::string_view nomad_job_name;               // NOMAD_JOB_NAME: "test-job-processing"
    WorkerFlavor worker_flavor;                    // WORKER_FLAVOR_NAME
    std::span<std::string_view const> output_products;  // OUTPUT_PRODUCTS_LIST
    std::string_view jobs_with_status_procedure;   // GET_JOBS_WITH_STATUS_PROCEDURE_NAME
    std::string_view search_duration_parameter;    // system parameter: default search window (days)
    // The worker's program (job_processing): system parameters naming the image and the
    // command (a JSON array), and the type's defaults when they are null.
    std::string_view image_parameter;              // "docker_image_for_si_processing"
    std::string_view command_parameter;            // "command_for_si_processing"
    std::string_view default_image;
    std::span<std::string_view const> default_command;  // "/work" is the job's work folder
    std::chrono::minutes time_limit;               // the program is stopped after this
    bool program_needs_network = false;            // false: the container has no network
    // A second input the type's creation reads itself (SWS/WDS: "fsc"), which
    // hrsi-create-jobs --other-input may give instead; empty: none.
    std::string_view other_input = {};
};

enum class Priority { nrt, delayed, reprocessing };
[[nodiscard]] std::string_view priority_name(Priority priority) noexcept;
[[nodiscard]] Priority parse_priority(std::string_view text);

// The common part of every job (hrsi.jobs; the seed's "Required data").
struct JobCommon {
    std::int64_t id = 0;                            // set by insertion
    std::string unique_id;                          // uuid, set by the database
    std::string name;                               // no whitespace
    std::optional<std::string> product_id;          // the input product
    std::string tile_id;
    std::optional<std::string> input_path;
    std::optional<util::TimePoint> input_published_at;
    std::optional<std::string> output_path;
    std::optional<util::TimePoint> output_published_at;
    std::optional<Priority> priority;
    int attempt = 0;
    std::optional<JobStatus> last_status;           // nothing: not written yet
};

// A column of the type's child table and its value (nullopt: NULL), for writes.
struct ColumnValue {
    std::string_view column;
    db::Param value;
};
using ColumnValues = std::vector<ColumnValue>;

// The outcome of configuring one job.
struct Configuration {
    JobStatus status = JobStatus::configured;  // configured, ready, cancelled or internal_error
    std::optional<std::string> error_subtype;
    std::optional<std::string> message;
    // Configured for now, while later jobs of the same input may still change the outcome
    // (JobContext::input_incomplete): the job is configured again once the input is complete.
    bool recheck_when_input_complete = false;
};

// One product's publication message.
struct ProductPublication {
    std::string product;  // the product type, as set_product_publication_date() takes it: "FSC"
    std::string title;    // the product id: the message id, so that consumers drop duplicates
    std::string json;     // the document
};
struct PublicationDocuments {
    std::vector<ProductPublication> products;
    std::vector<std::string> skipped;  // why a product was left out
};

// A catalogue publication window: [start, end].
struct TimeWindow {
    util::TimePoint start;
    util::TimePoint end;
    // A type with a second input (SWS/WDS: the FSC products, read by its creation itself)
    // gives that input's window too, named (hrsi-create-jobs --next-window --json shows it).
    std::string_view other_input = {};
    std::optional<util::TimePoint> other_start = {};
    std::optional<util::TimePoint> other_end = {};
};

class JobTemplate;
struct WorkerContext;   // job_worker.hpp
struct ProgramOutcome;  // job_worker.hpp
class ProgramRunner;    // job_worker.hpp
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;
using JobList = std::vector<std::unique_ptr<JobTemplate>>;

// What a job type's creation and configuration may use.
struct JobContext {
    db::Connection& conn;
    db::SystemParameterValues const& parameters;  // read at the start of the run
    util::Log const& log;
    util::TimePoint now;
    // Jobs that configuration created (e.g. FSC/RLIE backward reprocessing): configured and
    // inserted by the caller afterwards.
    JobList spawned;
    // Creation only: true while the chunks of an input are configured (the last one too). A
    // type whose outcome depends on the other jobs of its input (a time series: a later chunk
    // may bring an earlier job; a job's configuration may change the next one's) returns
    // configured with recheck_when_input_complete instead of ready; the creation configures
    // those jobs again, in publication order, once every job of the input is in the database.
    bool input_incomplete = false;
    // The jobs configured together with this one (set by the configuration for its batch and
    // single steps); new ones are not in the database yet, and a type's lookups count them.
    // What a type's batch step prepares for the single steps of the round (e.g. the round's
    // jobs by tile) it keeps in its own jobs, typed (FscRlieJob::m_tile_round).
    std::span<std::unique_ptr<JobTemplate> const> round;
    // Creation only: the tile grid, for types that intersect footprints with the tiles
    // (RLIE-S1); null when the caller gave none.
    tiles::TileSource* tiles = nullptr;
    // Creation only: the products of the type's other input (JobTypeInfo::other_input) when
    // the caller gave them (a catalogue answer), instead of the type's own source; null: not given.
    std::vector<catalogue::CatalogueProduct> const* other_input = nullptr;
    // Creation only: the storage the input products are read from (eodata_storage_url), for a
    // type that reads in a product what the catalogue does not give (SWS/WDS: the slice numbers
    // in manifest.safe); null: the catalogue's fields only.
    storage::Storage const* input_storage = nullptr;
};

// One catalogue product of the type's INPUT_PRODUCT_TYPE, parsed (input_products.hpp): what
// a type's get_jobs_to_create() receives; creation has refused the other products.
struct InputProduct {
    catalogue::CatalogueProduct catalogue;
    std::optional<products::ProductId> parsed;  // nothing for InputProductType::none
};

// The products of a catalogue answer turned into jobs by a type's get_jobs_to_create().
struct JobsToCreate {
    JobList jobs;              // new jobs, to be created initialized and configured
    JobList reprocessed_jobs;  // inputs of a reprocessing campaign: created cancelled
    std::vector<std::string> duplicates;  // products that already have a job (or repeat)
    struct Refusal {
        std::string product;
        std::string reason;
    };
    std::vector<Refusal> refused;  // products the type does not take, with the reason (those
                                   // not of its INPUT_PRODUCT_TYPE are refused before)
};

// The abstract job (the seed's JobTemplate): one instance is one job of one type.
//
// A job type is one class deriving from JobTemplate (through JobWithColumns<Type>, which
// reads and writes the columns the type declares once: column_table.hpp) that
//  - declares `static constexpr JobTypeInfo info_` and returns it from info();
//  - implements the instance methods below (the seed's "Job method");
//  - provides static get_jobs_to_create(std::span<InputProduct const>, JobContext&) and, when
//    it needs them, configure_batch_jobs() (the default below does nothing) and
//    get_scheduled_jobs(JobContext&) (creation without products: hrsi-create-jobs --scheduled);
// plus one migration (child table, view, <type>_jobs_with_last_status) and one line in
// lib/hrsi/job_types/registry.cpp. lib/hrsi/job_types/README.md is the checklist.
class JobTemplate {
public:
    JobTemplate() = default;
    JobTemplate(JobTemplate const&) = default;
    JobTemplate& operator=(JobTemplate const&) = default;
    virtual ~JobTemplate() = default;

    JobCommon common;

    [[nodiscard]] virtual JobTypeInfo const& info() const noexcept = 0;

    // Reads the type's own columns from row `row` of a query on its view (from_database_value).
    // The type's column table gives both (JobWithColumns, column_table.hpp).
    virtual void from_database_value(db::Result const& result, int row) = 0;
    // The type's own columns to write (to_database_value; the child table's columns).
    [[nodiscard]] virtual ColumnValues to_database_value() const = 0;

    // Before insertion: `reprocessed` jobs are created cancelled (job_pre_insertion_setup).
    virtual void job_pre_insertion_setup(bool reprocessed) { (void)reprocessed; }

    // Decides the job's status before processing: ready, configured (waiting for a
    // dependency), cancelled or internal_error (configure_single_job). May change the job's
    // columns (they are written afterwards) and add jobs to context.spawned.
    virtual Configuration configure_single_job(JobContext& context) = 0;

    // Whether processing produced at least one product (generated_a_product).
    [[nodiscard]] virtual bool generated_a_product() const = 0;

    // The publication JSON documents of the job's products (get_products_publication_jsons):
    // the resto template of the reference (§4.4) filled by the type's rules, one per product;
    // products whose metadata is missing or invalid are left out, with the reason.
    [[nodiscard]] virtual PublicationDocuments get_products_publication_jsons(
        db::SystemParameterValues const& parameters) const {
        (void)parameters;
        return {};
    }

    // Records that `product` (a ProductPublication::product) was published at `when`, the
    // broker's confirmation (set_product_publication_date). The document sent stays in the
    // publications outbox: unlike the reference, the type's columns keep the program's metadata.
    virtual void set_product_publication_date(std::string_view product, util::TimePoint when) {
        (void)product;
        (void)when;
    }

    // The worker's steps (the seed's "Run worker" methods), called by hrsi-run-worker in this
    // order. They throw WorkerFailure (or a storage error) to fail the job; job_worker.hpp
    // has what they get.
    //
    // Copies the input product and the type's dependencies from their storage into
    // context.folder, as the program wants them, and lists the inputs in context.inputs
    // (job_pre_processing).
    virtual void job_pre_processing(WorkerContext& context) = 0;
    // Writes the type's own entries of the program's parameter file, inside its top-level
    // object (the worker has written job, work_folder, inputs, output_folder, temp_folder).
    virtual void write_parameters(WorkerContext const& context, JsonWriter& writer) const {
        (void)context;
        (void)writer;
    }
    // Runs the type's program or programs in context.folder, after the parameter file is
    // written, and returns what their ending means (job_processing). Default: the type's
    // program, read by interpret_program_result. A type that runs several programs in
    // sequence reads each one's result by its own table and returns at the first that failed
    // (the worker then fails the job) or the outcome of the last.
    virtual ProgramOutcome job_processing(WorkerContext& context, ProgramRunner& runner);
    // What the program's ending means: the type's return-code table (default:
    // standard_program_outcome, reference §5.5).
    [[nodiscard]] virtual ProgramOutcome interpret_program_result(util::ChildResult const& result) const;
    // After a run that ended in `outcome` (products or no_product): uploads the products to
    // the output storage and sets the job's columns (output paths, completion dates, product
    // metadata), written with the status processed (job_post_processing).
    virtual void job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) = 0;

    // Static side, as in the reference. The defaults fit types without batch work.
    static void configure_batch_jobs(std::span<std::unique_ptr<JobTemplate> const> jobs,
                                     JobContext& context) {
        (void)jobs;
        (void)context;
    }
    // LAST_INSERTED_JOB: jobs::last_inserted_job (registry.hpp) unless the type declares its
    // own static std::unique_ptr<JobTemplate> get_last_inserted_job(JobTypeInfo const&,
    // JobContext&).
    // The catalogue window to search next from the last inserted job (nothing: none yet): the
    // reference's compute_dias_request_time_range, its input publication minus one second, else
    // context.now minus the type's default search duration; to context.now. A type with
    // another rule (RLIE-S1: the publication itself) hides it. Creation then makes sure the
    // window never starts after now.
    static TimeWindow next_search_window(JobTypeInfo const& info, JobTemplate const* last,
                                         JobContext const& context);
};


}  // namespace hrsi::jobs
