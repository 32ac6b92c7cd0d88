// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/monitor_command.hpp>

#include <hrsi/cli/environment.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/monitor/monitor.hpp>
#include <hrsi/util/signal_stop.hpp>

#include <cmath>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-monitor";

}  // namespace

void add_monitor_options(CLI::App& app, MonitorCommandOptions& options) {
    app.description(
        "Find jobs in queued ... post_processing whose worker is gone (no heartbeat, its process gone, "
        "its Nomad allocation or Slurm job ended) or that overstay their step's time limit; stop what is left of the "
        "worker and write internal_error, then error_checked and ready while the retry limit allows. Prints "
        "one line per job recovered.");
    cli::add_common_options(app, options.common, program);
    app.add_option("--type", options.types, "Job types to watch (repeatable or comma-separated; default: the "
                                            "enabled types)")
        ->type_name("TYPE");
    app.add_option("--loop", options.loop, "Look every SECONDS until stopped (SIGTERM, SIGINT); default: once")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_option("--heartbeat-timeout", options.heartbeat_timeout,
                   "A worker whose heartbeat is older is dead (default: system parameter "
                   "worker_heartbeat_timeout_seconds, 180)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_flag("--dry-run", options.dry_run, "Print what would be recovered; change nothing");
}

int run_monitor_command(MonitorCommandOptions const& options, jobs::Registry const& job_types, std::ostream& out) {
    util::SignalStop signals;
    auto const log = cli::make_log(program, options.common);
    monitor::MonitorOptions monitor;
    monitor.job_types = &job_types;
    monitor.types = cli::split_list(options.types);
    for (auto const& type : monitor.types) (void)job_types.find(type);  // before connecting: exit 64
    if (options.loop > 0) {
        monitor.loop = std::chrono::milliseconds(static_cast<long long>(std::ceil(options.loop * 1000)));
        monitor.reconnect = db::ReconnectPolicy{cli::resolve_db(options.common), program};
    }
    if (options.heartbeat_timeout > 0) {
        monitor.heartbeat_timeout = std::chrono::seconds(static_cast<long long>(std::ceil(options.heartbeat_timeout)));
    }
    monitor.dry_run = options.dry_run;
    monitor.nomad = cli::nomad_options_from_environment();
    monitor.slurm = cli::slurm_options_from_environment();
    auto conn = cli::connect_checked(options.common, program);
    auto const counts = monitor::run_monitor(conn, monitor, log, out, signals.token());
    log.info("{} job(s) in a worker step looked at{}: {} sent back to ready, {} left in internal_error (no attempt "
             "left)",
             counts.looked_at, options.loop > 0 ? " (all passes)" : "", counts.recovered, counts.given_up);
    return exit_ok;
}

}  // namespace hrsi::tools
