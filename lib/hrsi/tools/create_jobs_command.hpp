// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/cli/common.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/storage/storage.hpp>

#include <CLI/CLI.hpp>

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace hrsi::tools {

// hrsi-create-jobs: jobs from catalogue answers.
struct CreateJobsOptions {
    cli::CommonOptions common;
    std::string type;                  // --type: the job type (required)
    std::vector<std::string> inputs;   // files, '-' for stdin; none: stdin
    std::string format = "auto";       // --format
    bool dry_run = false;              // --dry-run
    bool strict = false;               // --strict: a refused product fails the input
    bool json = false;                 // --json: JSON Lines of the created jobs
    bool next_window = false;          // --next-window: print the window to ask for next
    bool scheduled = false;            // --scheduled: the type's creation without products
    std::string now;                   // --now: the time a scheduled creation runs for (RFC 3339)
    std::size_t chunk_size = 20000;    // --chunk-size
    std::string tile_data;             // --tile-data; main fills in $HRSI_TILE_DATA
    std::string other_input;           // --other-input: a catalogue answer of the type's other input
    std::string program;               // this program's path (where the installed tile data is)
    // How to reach the input storage (eodata_storage_url) when a type reads a product's files
    // at creation (SWS/WDS: manifest.safe); main fills it in from the environment.
    storage::StorageOptions storage;
};

void add_create_jobs_options(CLI::App& app, CreateJobsOptions& options);

// Creates the jobs; prints their ids (or JSON Lines) on `out`, a summary on stderr. Each input
// is one transaction. Returns 0, or 65 when an input was refused (the others are kept).
int run_create_jobs(CreateJobsOptions const& options, jobs::Registry const& job_types, std::istream& in, std::ostream& out);

}  // namespace hrsi::tools
