// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/create_jobs_command.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/enabled_types.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/tiles/tile_source.hpp>
#include <hrsi/util/spool.hpp>
#include <hrsi/util/time.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-create-jobs";
constexpr std::size_t refusals_shown = 20;

// The products of a catalogue answer (its format detected); InputError naming the file when
// it cannot be read or is no catalogue answer.
std::vector<catalogue::CatalogueProduct> read_other_input(std::string const& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    std::vector<catalogue::CatalogueProduct> products;
    try {
        catalogue::read_catalogue(file, catalogue::Format::automatic,
                                  [&](catalogue::CatalogueProduct&& product) { products.push_back(std::move(product)); });
    } catch (InputError const& error) {
        throw InputError(fmt::format("{}: {}", path, error.what()));
    }
    return products;
}

void print_created(util::Spool& out, jobs::CreatedJob const& job, bool json) {
    if (!json) {
        out.write(fmt::format("{}\n", job.id));
        return;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("id");
    writer.Int64(job.id);
    writer.Key("name");
    writer.String(job.name.c_str());
    writer.Key("product");
    writer.String(job.product.c_str());
    writer.Key("status");
    auto status = status_name(job.status);
    writer.String(status.data(), static_cast<rapidjson::SizeType>(status.size()));
    writer.EndObject();
    out.write(buffer.GetString());
    out.write("\n");
}

// --now: a bad time is a usage error, found before connecting.
util::TimePoint parse_now(std::string const& text) {
    try {
        return util::parse_time(text);
    } catch (InputError const& error) {
        throw UsageError(fmt::format("--now: {}", error.what()));
    }
}

void report(util::Log const& log, std::string const& input, jobs::CreationSummary const& summary,
            bool dry_run) {
    auto const& c = summary.configuration;
    auto read = summary.products == 0
                    ? std::string("no products")
                    : fmt::format("{} product(s) read as {}", summary.products,
                                  catalogue::format_name(summary.format));
    log.info("{}{}: {}; {} job(s) created (ready {}, waiting in configured "
             "{}, cancelled {}, internal error {}{}), {} duplicate(s) skipped, {} refused",
             dry_run ? "dry run, nothing written: " : "", input, read, summary.created, c.ready, c.configured,
             summary.cancelled, c.internal_errors,
             c.spawned > 0 ? fmt::format(", {} created by configuration", c.spawned) : "",
             summary.duplicates, summary.refused.size());
    for (std::size_t i = 0; i < summary.refused.size() && i < refusals_shown; ++i) {
        log.warn("refused {}", summary.refused[i].reason);  // the reason names the product
    }
    if (summary.refused.size() > refusals_shown) {
        log.warn("... and {} more refused", summary.refused.size() - refusals_shown);
    }
}

}  // namespace

// A type the system parameter job_types_list leaves out creates nothing (the reference's way of
// switching a type off, which its periodic creation honours too); not an error, so that the
// deployed periodic runs of a switched-off type stay quiet, but said.
bool type_enabled(db::Connection& conn, jobs::JobTypeEntry const& type, util::Log const& log) {
    auto const parameters = db::load_system_parameters(conn);
    if (jobs::is_enabled_job_type(parameters, type.info->type_name)) return true;
    log.warn("{} is not in system parameter job_types_list ({}): no job created; to enable it: "
             "hrsi-db params set job_types_list '[..., \"{}\"]'",
             type.info->type_name, parameters.text("job_types_list").value_or("[]"), type.info->type_name);
    return false;
}

void add_create_jobs_options(CLI::App& app, CreateJobsOptions& options) {
    app.description(
        "Create jobs from catalogue answers (Copernicus Data Space OData JSON, resto/Finder "
        "GeoJSON, STAC ItemCollection, or a list of product paths), deduplicated, and configure "
        "them. Prints the ids of the jobs created.");
    cli::add_common_options(app, options.common, program);
    app.add_option("--type", options.type, "Job type, e.g. fsc_rlie_job or test_job")
        ->required()
        ->type_name("TYPE");
    app.add_option("INPUT", options.inputs,
                   "Catalogue answers (files, '-' for stdin; none: stdin); each is one transaction")
        ->type_name("FILE");
    app.add_option("--format", options.format, "Input format: auto, odata, resto, stac or list")
        ->type_name("FORMAT");
    app.add_flag("-n,--dry-run", options.dry_run, "Show what would be created; write nothing");
    app.add_flag("--strict", options.strict,
                 "A product the type does not take fails its input (exit 65, nothing written)");
    app.add_flag("--json", options.json, "JSON Lines of the created jobs (id, name, product, status)");
    app.add_flag("--next-window", options.next_window,
                 "Print the publication time to ask the catalogue from next (RFC 3339), and exit; with --json "
                 "the window, and that of a second input the type reads itself (sws_wds_job: fsc)");
    app.add_flag("--scheduled", options.scheduled,
                 "Create the jobs the type makes from the database and the clock, without products "
                 "(test_job: one job per run); a type that needs products refuses (exit 64)");
    app.add_option("--now", options.now,
                   "With --scheduled: create for this time (RFC 3339) instead of the clock, e.g. to replay")
        ->type_name("TIME");
    app.add_option("--chunk-size", options.chunk_size, "Products per database batch")
        ->type_name("N")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--tile-data", options.tile_data,
                   "Folder of the tile data, data/eea39, for types that find the tiles of a footprint "
                   "(rlies1_job, sws_wds_job; default: $HRSI_TILE_DATA, else beside the installed programs, else the "
                   "source tree's)")
        ->type_name("DIR");
    app.add_option("--other-input", options.other_input,
                   "Catalogue answer (any format, '-' not allowed) of the type's other input, instead of "
                   "its own source: products made elsewhere (sws_wds_job: FSC products, else those fsc_rlie_job "
                   "published; rlies1s2_job with --scheduled: S2 and S1 RLIE products, else those fsc_rlie_job "
                   "and rlies1_job published; gfsc_job with --scheduled: FSC, WDS, SWS and GFSC products, else "
                   "those hrsi's jobs published)")
        ->type_name("FILE");
}

int run_create_jobs(CreateJobsOptions const& options, jobs::Registry const& job_types, std::istream& in, std::ostream& out) {
    auto log = cli::make_log(program, options.common);
    auto const& type = job_types.find(options.type);
    jobs::CreationOptions creation;
    creation.format = catalogue::parse_format(options.format);
    creation.dry_run = options.dry_run;
    creation.strict = options.strict;
    creation.chunk_size = options.chunk_size;
    // Read only by a type that intersects footprints with the tiles, when it first needs it.
    tiles::TileSource tile_source(options.tile_data, options.program);
    creation.tiles = &tile_source;
    storage::Storage const input_storage(options.storage);
    creation.input_storage = &input_storage;
    if (options.next_window && !options.inputs.empty()) {
        throw UsageError("--next-window takes no input files");
    }
    if (options.scheduled && (!options.inputs.empty() || options.next_window)) {
        throw UsageError("--scheduled takes no input files and no --next-window");
    }
    if (!options.now.empty() && !options.scheduled) {
        throw UsageError("--now goes with --scheduled");
    }
    if (!options.other_input.empty()) {
        if (type.info->other_input.empty()) {
            std::vector<std::string_view> readers;
            for (auto const& entry : job_types.types()) {
                if (!entry.info->other_input.empty()) readers.push_back(entry.info->type_name);
            }
            throw UsageError(fmt::format("{} reads no other input: --other-input goes with a type that does ({})",
                                         type.info->type_name, fmt::join(readers, ", ")));
        }
        if (options.next_window) {
            throw UsageError("--other-input goes with catalogue answers or --scheduled, not --next-window");
        }
        creation.other_input = read_other_input(options.other_input);
    }
    auto const now = options.now.empty() ? util::now() : parse_now(options.now);

    auto conn = cli::connect_checked(options.common, program);
    jobs::check_job_types(conn, {options.type});
    if (!options.next_window && !type_enabled(conn, type, log)) return exit_ok;
    if (options.next_window) {
        auto window = jobs::next_window(conn, type, util::now());
        if (options.json) {
            std::string other;
            if (window.other_start && window.other_end) {
                other = fmt::format(R"(,"{}":{{"start":"{}","end":"{}"}})", window.other_input,
                                    util::format_rfc3339(*window.other_start), util::format_rfc3339(*window.other_end));
            }
            out << fmt::format(R"({{"start":"{}","end":"{}"{}}})", util::format_rfc3339(window.start),
                               util::format_rfc3339(window.end), other)
                << '\n';
        } else {
            out << util::format_rfc3339(window.start) << '\n';
        }
        return exit_ok;
    }

    if (options.scheduled) {
        util::Spool created;
        auto summary = jobs::create_scheduled_jobs(conn, type, now, creation, log, [&](jobs::CreatedJob const& job) {
            print_created(created, job, options.json);
        });
        created.copy_to(out);
        report(log, fmt::format("scheduled for {}", util::format_rfc3339(now)), summary, options.dry_run);
        return exit_ok;
    }

    std::vector<std::string> inputs = options.inputs;
    if (inputs.empty()) {
        inputs.emplace_back("-");
    }
    int exit_code = exit_ok;
    for (auto const& input : inputs) {
        std::ifstream file;
        std::istream* stream = &in;
        if (input != "-") {
            file.open(input, std::ios::binary);
            if (!file) {
                log.error("{}: cannot open: {}", input, std::strerror(errno));
                exit_code = exit_data;
                continue;
            }
            stream = &file;
        }
        auto name = input == "-" ? std::string("stdin") : input;
        // Ids are printed once their transaction committed (or, on a dry run, completed).
        util::Spool created;
        try {
            auto summary = jobs::create_jobs(conn, type, *stream, creation, log,
                                             [&](jobs::CreatedJob const& job) { print_created(created, job, options.json); });
            created.copy_to(out);
            report(log, name, summary, options.dry_run);
        } catch (InputError const& e) {
            log.error("{}: {}", name, e.what());
            log.error("{}: nothing was written from this input", name);
            exit_code = exit_data;
        }
    }
    return exit_code;
}

}  // namespace hrsi::tools
