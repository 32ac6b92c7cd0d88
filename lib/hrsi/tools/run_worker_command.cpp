// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/run_worker_command.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/signal_stop.hpp>
#include <hrsi/util/environment.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-run-worker";

// Nomad passes dispatch meta as NOMAD_META_<key>, the key as given and upper-cased.
std::optional<std::string> nomad_meta(std::string const& key) {
    if (auto value = util::environment_value(("NOMAD_META_" + key).c_str())) return value;
    std::string upper = key;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return util::environment_value(("NOMAD_META_" + upper).c_str());
}

template <typename Integer>
Integer parse_positive(std::string const& text, std::string const& what) {
    Integer value{};
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0) {
        throw UsageError(fmt::format("{} must be a non-negative integer, not '{}'", what, text));
    }
    return value;
}

}  // namespace

std::uintmax_t parse_byte_size(std::string const& text, std::string const& what) {
    std::uintmax_t value = 0;
    auto const* const end = text.data() + text.size();
    auto const [rest, error] = std::from_chars(text.data(), end, value);
    int shift = 0;
    if (rest != end && rest + 1 == end) {
        switch (*rest) {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        case 'T': shift = 40; break;
        default: shift = -1;
        }
    } else if (rest != end) {
        shift = -1;
    }
    if (error != std::errc{} || rest == text.data() || shift < 0 || value == 0 ||
        value > (std::numeric_limits<std::uintmax_t>::max() >> shift)) {
        throw UsageError(fmt::format("{} must be a positive number of bytes, optionally followed by K, M, G or T "
                                     "(binary multiples), not '{}'",
                                     what, text));
    }
    return value << shift;
}

void add_run_worker_options(CLI::App& app, RunWorkerOptions& options) {
    app.description(
        "Process one job: take it (status started), stage its input product and dependencies into "
        "its work folder (pre_processing), run the job type's program in a container with the "
        "folder at /work (processing), map the program's return code, upload the products and "
        "record them (post_processing → processed), and clean the folder. A failure is recorded as "
        "internal_error or external_error; the exit status says whether to run the job again.");
    cli::add_common_options(app, options.common, program);
    app.footer(fmt::format(
        "Exit status: 0 do not run this job again (processed, a final error recorded, or a job that "
        "is not this worker's), 2 run it again (a retryable failure was recorded); any other code: "
        "the outcome could not be recorded (64 usage, 65 unknown job, 69 database unavailable, 70 "
        "internal error).\nManual: man {}",
        program));
    app.add_option("JOB_ID", options.job_id, "The job to process (default: $NOMAD_META_job_id)")
        ->type_name("JOB_ID");
    app.add_option("--attempt", options.attempt,
                   "The dispatch's attempt, so that a superseded worker is refused (default: "
                   "$NOMAD_META_attempt; without one, the job's current attempt, and a ready job is "
                   "claimed as a new attempt)")
        ->type_name("N");
    app.add_option("--work-root", options.work_root,
                   "Work folders are DIR/jobs/<unique id>/ (default: $HRSI_WORK_ROOT, else "
                   "/var/tmp/hrsi-work)")
        ->type_name("DIR");
    app.add_option("--aux-cache", options.aux_cache,
                   "This host's auxiliary-data cache, shared by every worker on the host (default: "
                   "$HRSI_AUX_CACHE, else <work root>/aux-cache)")
        ->type_name("DIR");
    app.add_option("--aux-cache-size", options.aux_cache_size,
                   "Keep the auxiliary-data cache under SIZE bytes, evicting the least recently used "
                   "data no job uses; K, M, G, T suffixes (default: $HRSI_AUX_CACHE_SIZE, else 50G)")
        ->type_name("SIZE");
    app.add_option("--runtime", options.runtime,
                   "docker, podman, or none to run the program directly on this host (default: "
                   "$HRSI_RUNTIME, else docker)")
        ->type_name("RUNTIME");
    app.add_option("--runtime-program", options.runtime_program,
                   "Path of the docker or podman program (default: $HRSI_RUNTIME_PROGRAM, else found "
                   "on PATH)")
        ->type_name("PATH");
    app.add_option("--time-limit", options.time_limit,
                   "Stop the program after SECONDS (default: the job type's limit)")
        ->type_name("SECONDS")
        ->each([&options](std::string const&) { options.time_limit_given = true; });
    app.add_option("--heartbeat", options.heartbeat,
                   "Refresh the job's heartbeat every SECONDS (default: 30)")
        ->type_name("SECONDS");
    app.add_flag("--keep-work-folder", options.keep_work_folder,
                 "Leave the work folder in place afterwards (debugging)");
    app.add_flag("--dry-run", options.dry_run,
                 "Say whether the job would be taken, where its input and products would go and "
                 "the program's command line; change nothing");
}

worker::WorkerOptions resolve_worker_options(RunWorkerOptions const& options) {
    worker::WorkerOptions resolved;
    if (!options.job_id.empty()) {
        resolved.job_id = parse_positive<std::int64_t>(options.job_id, "JOB_ID");
    } else if (auto meta = nomad_meta("job_id")) {
        resolved.job_id = parse_positive<std::int64_t>(*meta, "NOMAD_META_job_id");
    } else {
        throw UsageError("which job? give JOB_ID, or run under Nomad with meta job_id");
    }
    if (options.attempt >= 0) {
        resolved.attempt = options.attempt;
    } else if (auto attempt = nomad_meta("attempt")) {
        resolved.attempt = parse_positive<int>(*attempt, "NOMAD_META_attempt");
    }
    resolved.conninfo = cli::resolve_db(options.common);
    if (!options.work_root.empty()) {
        resolved.work_root = options.work_root;
    } else if (auto root = util::environment_value("HRSI_WORK_ROOT")) {
        resolved.work_root = *root;
    }
    if (!resolved.work_root.is_absolute()) {
        resolved.work_root = std::filesystem::absolute(resolved.work_root);
    }
    if (!options.aux_cache.empty()) {
        resolved.aux_cache = options.aux_cache;
    } else if (auto cache = util::environment_value("HRSI_AUX_CACHE")) {
        resolved.aux_cache = *cache;
    }
    if (!resolved.aux_cache.empty() && !resolved.aux_cache.is_absolute()) {
        resolved.aux_cache = std::filesystem::absolute(resolved.aux_cache);
    }
    if (!options.aux_cache_size.empty()) {
        resolved.aux_cache_max_bytes = parse_byte_size(options.aux_cache_size, "--aux-cache-size");
    } else if (auto size = util::environment_value("HRSI_AUX_CACHE_SIZE")) {
        resolved.aux_cache_max_bytes = parse_byte_size(*size, "HRSI_AUX_CACHE_SIZE");
    }
    auto const runtime = !options.runtime.empty() ? std::optional(options.runtime) : util::environment_value("HRSI_RUNTIME");
    if (runtime) resolved.runtime = containers::parse_runtime(*runtime);
    if (!options.runtime_program.empty()) {
        resolved.runtime_program = options.runtime_program;
    } else if (auto path = util::environment_value("HRSI_RUNTIME_PROGRAM")) {
        resolved.runtime_program = *path;
    }
    if (options.time_limit_given && (!(options.time_limit > 0) || !std::isfinite(options.time_limit))) {
        throw UsageError("--time-limit must be a positive number of seconds");
    }
    if (options.time_limit_given) {
        resolved.time_limit = std::chrono::seconds(static_cast<long long>(std::ceil(options.time_limit)));
    }
    if (!(options.heartbeat > 0) || !std::isfinite(options.heartbeat)) {
        throw UsageError("--heartbeat must be a positive number of seconds");
    }
    resolved.heartbeat_interval =
        std::chrono::milliseconds(static_cast<long long>(std::ceil(options.heartbeat * 1000)));
    resolved.keep_work_folder = options.keep_work_folder;
    resolved.dry_run = options.dry_run;
    return resolved;
}

int run_run_worker(RunWorkerOptions const& options, std::ostream& out) {
    // First: SIGTERM/SIGINT become a stop request in every thread started from here on.
    util::SignalStop signals;
    auto const resolved = resolve_worker_options(options);
    auto const log = cli::make_log(program, options.common);
    auto conn = cli::connect_checked(options.common, program);
    return worker::run_worker(conn, resolved, log, signals.token(),
                              [&signals] { return signals.describe(); }, &out);
}

}  // namespace hrsi::tools
