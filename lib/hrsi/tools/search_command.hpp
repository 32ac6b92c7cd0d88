// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace hrsi::tools {

// hrsi-search: a job type's new products from the catalogue, for hrsi-create-jobs.
struct SearchOptions {
    cli::CommonOptions common;
    std::string type;              // --type: the job type (required)
    std::string catalogue;         // --catalogue odata|resto|stac; empty: system parameter catalogue_kind
    std::string url;               // --url; empty: system parameter catalogue_url, else the kind's default
    std::string since;             // --since; empty: the type's next window (hrsi-create-jobs --next-window)
    std::string until;             // --until; empty: now
    std::string area;              // --area: WKT (lon/lat), an area name, or none; empty: the type's
    double simplify_metres = 50000;  // --simplify: tolerance of a named area's outline
    std::string tile_data;         // --tile-data; main fills in $HRSI_TILE_DATA
    std::string program;           // this program's path (where the installed tile data is)
    std::string collection;        // --collection: instead of the type's
    std::string product_type;      // --product-type: instead of the type's
    int page_size = 1000;          // --page-size
    long long max_skip = -1;       // --max-skip; -1: the kind's limit
    std::string stac_method = "POST";  // --stac-method
    double timeout = 60;           // --timeout: seconds per request
    double total_timeout = 1800;   // --total-timeout: seconds for the whole search
    int retries = 5;               // --retries: per request
    double retry_delay = 2;        // --retry-delay: first back-off, seconds
    double max_wait = 120;         // --max-wait: longest single wait, seconds
    std::string ca_bundle;         // --cacert; main fills in $CURL_CA_BUNDLE
    bool stream = false;           // --stream: each page as it comes (failure: an unfinished answer)
    bool dry_run = false;          // --dry-run
};

void add_search_options(CLI::App& app, SearchOptions& options);

// Searches and writes the whole answer to `out` once it is complete (nothing when the run
// fails; with --stream, page by page, unfinished when it fails); a summary on stderr. Returns 0; errors are thrown (hrsi::Error exit codes).
int run_search(SearchOptions const& options, jobs::Registry const& job_types, std::ostream& out);

}  // namespace hrsi::tools
