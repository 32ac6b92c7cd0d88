// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/search_command.hpp>

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/http/client.hpp>
#include <hrsi/http/retry.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/search/search.hpp>
#include <hrsi/tiles/area_of_interest.hpp>
#include <hrsi/tiles/tile_grid.hpp>
#include <hrsi/tiles/tile_index.hpp>
#include <hrsi/util/time.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-search";

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

// Types whose inputs lie on the tile grid; the others (test_job) are searched without an area.
bool geographic(jobs::JobTypeInfo const& info) {
    return info.input_product_type == jobs::InputProductType::s1 ||
           info.input_product_type == jobs::InputProductType::s2;
}

// The database is needed for what the options leave open: the window, the URL, the kind, and
// a geographic type's area of interest.
bool needs_database(SearchOptions const& options, jobs::JobTypeInfo const& info) {
    return options.since.empty() || options.url.empty() || options.catalogue.empty() ||
           (options.area.empty() && geographic(info));
}

// The search area as WKT: --area as given (WKT), a named area's simplified outline, or the
// type's area_of_interest; nothing for "none", "world" and types off the tile grid.
std::optional<std::string> search_area(SearchOptions const& options, jobs::JobTypeInfo const& info,
                                       db::SystemParameterValues const& parameters) {
    if (options.area == "none") return std::nullopt;
    auto const named = [&]() -> std::optional<tiles::AreaOfInterest> {
        if (options.area.empty()) {
            if (!geographic(info)) return std::nullopt;
            return tiles::area_for_type(parameters, info.type_name);
        }
        auto const names = tiles::AreaOfInterest::names();
        if (std::find(names.begin(), names.end(), options.area) == names.end()) return std::nullopt;
        return tiles::AreaOfInterest::named(options.area);
    }();
    if (!named) {
        if (options.area.empty()) return std::nullopt;
        return options.area;  // WKT
    }
    if (!named->restricted()) return std::nullopt;
    auto const grid = tiles::TileGrid::load(tiles::find_tile_data(options.tile_data, options.program));
    tiles::TileIndex index(grid);
    return index.simplified_area(*named, options.simplify_metres).wkt(2);
}

search::SearchQuery build_query(SearchOptions const& options, jobs::Registry const& job_types, util::Log const& log) {
    auto const& type = job_types.find(options.type);
    search::SearchQuery query;
    auto now = util::now();
    std::optional<db::Connection> conn;
    db::SystemParameterValues parameters;
    if (needs_database(options, *type.info)) {
        conn.emplace(cli::connect_checked(options.common, program));
        jobs::check_job_types(*conn, {options.type});
        parameters = db::load_system_parameters(*conn);
    }
    query.kind = search::parse_catalogue_kind(
        !options.catalogue.empty() ? options.catalogue : parameters.text("catalogue_kind").value_or("odata"));
    query.base_url = !options.url.empty() ? options.url
                                          : parameters.text("catalogue_url").value_or(
                                                std::string(search::default_catalogue_url(query.kind)));
    if (!options.since.empty()) {
        query.since = util::parse_time_or_age(options.since, now);
        query.until = options.until.empty() ? now : util::parse_time_or_age(options.until, now);
    } else {
        auto window = jobs::next_window(*conn, type, now);
        query.since = window.start;
        query.until = options.until.empty() ? window.end : util::parse_time_or_age(options.until, now);
    }
    auto filter = search::input_filter(query.kind, type.info->input_product_type);
    query.collection = options.collection.empty() ? filter.collection : options.collection;
    query.product_type = options.product_type.empty() ? filter.product_type : options.product_type;
    query.area = search_area(options, *type.info, parameters);
    query.page_size = options.page_size;
    query.stac_post = options.stac_method == "POST";
    log.debug("{} catalogue {}, window [{}, {}), collection '{}', product type '{}', area {}",
              search::catalogue_kind_name(query.kind), query.base_url, util::format_rfc3339(query.since), util::format_rfc3339(query.until),
              query.collection, query.product_type, query.area ? *query.area : std::string("none"));
    return query;
}

void print_request(util::Log const& log, http::Request const& request) {
    log.info("dry run, nothing asked: {} {}{}", request.method, request.url,
             request.body.empty() ? std::string() : " " + request.body);
}

}  // namespace

void add_search_options(CLI::App& app, SearchOptions& options) {
    app.description(
        "Ask a catalogue (Copernicus Data Space OData, resto/OpenSearch, or STAC API item search) for "
        "a job type's new products: the type's input collection and product type, published in the "
        "type's next window (from the newest job's input publication minus one second, the window "
        "hrsi-create-jobs prints), oldest first, all pages. Writes them as one catalogue "
        "answer for hrsi-create-jobs, once the last page is in (nothing when the search fails):\n"
        "  hrsi-search --type fsc_rlie_job | hrsi-create-jobs --type fsc_rlie_job -");
    cli::add_common_options(app, options.common, program);
    app.add_option("--type", options.type, "Job type whose input to search for, e.g. fsc_rlie_job")
        ->required()
        ->type_name("TYPE");
    app.add_option("--catalogue", options.catalogue,
                   "odata, resto or stac (default: system parameter catalogue_kind, odata)")
        ->type_name("KIND")
        ->check(CLI::IsMember({"odata", "resto", "stac"}));
    app.add_option("--url", options.url,
                   "Catalogue base URL, e.g. https://catalogue.dataspace.copernicus.eu/odata/v1 (default: "
                   "system parameter catalogue_url, else the kind's Copernicus Data Space endpoint)")
        ->type_name("URL");
    app.add_option("--since", options.since,
                   "Published at or after this time (RFC 3339, or an age: 6h, 2d; default: the type's next window)")
        ->type_name("TIME");
    app.add_option("--until", options.until, "Published before this time (default: now)")->type_name("TIME");
    app.add_option("--area", options.area,
                   "Only products intersecting this area: a WKT polygon (lon/lat, EPSG:4326), an area "
                   "name (EEA39, EEA39_RLIE, world) or none (default: the type's system parameter "
                   "area_of_interest for Sentinel-1 and -2 types, EEA39 unless set; none for others)")
        ->type_name("AREA");
    app.add_option("--simplify", options.simplify_metres,
                   "Tolerance in metres of a named area's outline, grown by as much so that it still "
                   "covers every tile (default 50000: about 2,200 characters)")
        ->type_name("METRES")
        ->check(CLI::Range(0.0, 500000.0));
    app.add_option("--tile-data", options.tile_data,
                   "Folder of the tile data, data/eea39 (default: $HRSI_TILE_DATA, else beside the "
                   "installed programs)")
        ->type_name("DIR");
    app.add_option("--collection", options.collection, "Catalogue collection instead of the type's")
        ->type_name("NAME");
    app.add_option("--product-type", options.product_type, "Product type instead of the type's")
        ->type_name("NAME");
    app.add_option("--page-size", options.page_size, "Products per page (default 1000)")
        ->type_name("N")
        ->check(CLI::Range(1, 10000));
    app.add_option("--max-skip", options.max_skip,
                   "Deepest offset the catalogue pages to; a larger window is split by publication time "
                   "(default: odata and resto 10000, stac none; 0: none)")
        ->type_name("N")
        ->check(CLI::Range(0LL, 1000000000LL));
    app.add_option("--stac-method", options.stac_method, "STAC item search by POST (default) or GET")
        ->type_name("METHOD")
        ->check(CLI::IsMember({"GET", "POST"}, CLI::ignore_case));
    app.add_option("--timeout", options.timeout, "Seconds one request may take (default 60)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--total-timeout", options.total_timeout,
                   "Seconds the whole search may take, waits included; then exit 75 (default 1800)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--retries", options.retries,
                   "Tries after the first on 429, 5xx, timeouts and resets, per request (default 5)")
        ->type_name("N")
        ->check(CLI::Range(0, 100));
    app.add_option("--retry-delay", options.retry_delay,
                   "First back-off in seconds, doubled per retry, with jitter (default 2)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--max-wait", options.max_wait,
                   "Longest single wait in seconds; a longer Retry-After ends the run with 75 (default 120)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--cacert", options.ca_bundle,
                   "CA certificates file for HTTPS (default: $CURL_CA_BUNDLE, else the system's)")
        ->type_name("FILE");
    app.add_flag("--stream", options.stream,
                 "Write each page as it comes, so that hrsi-create-jobs works while the search pages; a "
                 "failed search leaves the answer unfinished, which hrsi-create-jobs refuses whole (65)");
    app.add_flag("-n,--dry-run", options.dry_run, "Print the first request on stderr; ask nothing, write nothing");
}

int run_search(SearchOptions const& options, jobs::Registry const& job_types, std::ostream& out) {
    auto log = cli::make_log(program, options.common);
    auto query = build_query(options, job_types, log);
    auto max_skip = options.max_skip >= 0 ? options.max_skip : search::default_max_skip(query.kind);
    auto first = search::first_request(query);
    if (options.dry_run) {
        print_request(log, first);
        log.info("dry run: then the catalogue's next links until a page is empty{}",
                 max_skip > 0 ? fmt::format(", a new query from the last publication time past offset {}", max_skip)
                              : std::string());
        return exit_ok;
    }
    http::ClientSettings settings;
    settings.ca_bundle = options.ca_bundle;
    settings.user_agent = program;
    http::Client client(settings);
    http::RetryPolicy policy;
    policy.retries = options.retries;
    policy.first_delay = millis(options.retry_delay);
    policy.max_delay = millis(options.max_wait);
    policy.request_timeout = millis(options.timeout);
    policy.total_timeout = millis(options.total_timeout);
    http::RetryingClient retrying(client, policy, log);
    search::AnswerWriter answer(query.kind, options.stream ? &out : nullptr);
    auto started = std::chrono::steady_clock::now();
    auto summary = search::run_search(query, max_skip, retrying, answer, log);
    answer.finish(out);
    log.info("{} product(s) published in [{}, {}) from {} page(s) in {:.1f} s{}{}{}", summary.products,
             util::format_rfc3339(query.since), util::format_rfc3339(query.until), summary.pages,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
             summary.duplicates > 0 ? fmt::format(", {} repeated product(s) dropped", summary.duplicates) : "",
             summary.splits > 0 ? fmt::format(", window split {} time(s)", summary.splits) : "",
             retrying.retries_done() > 0 ? fmt::format(", {} retried request(s)", retrying.retries_done()) : "");
    return exit_ok;
}

}  // namespace hrsi::tools
