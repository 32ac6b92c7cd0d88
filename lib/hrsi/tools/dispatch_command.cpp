// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/dispatch_command.hpp>

#include <hrsi/dispatch/dispatcher.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/util/signal_stop.hpp>
#include <hrsi/cli/environment.hpp>
#include <hrsi/util/host.hpp>
#include <hrsi/slurm/slurm_cli.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-dispatch";

// HRSI_SLURM_* and the options the batch jobs' workers share with local workers.
dispatch::SlurmExecutorOptions slurm_executor_options(DispatchCommandOptions const& options) {
    dispatch::SlurmExecutorOptions slurm;
    slurm.slurm = cli::slurm_options_from_environment();
    slurm.worker_program = options.worker.empty() ? program_beside_self("hrsi-run-worker") : options.worker;
    if (options.common.quiet) slurm.worker_arguments.emplace_back("-q");
    for (int i = 0; i < options.common.verbose; ++i) slurm.worker_arguments.emplace_back("-v");
    // The database reaches the workers through the job's environment, never a command line.
    if (!options.common.db.empty()) slurm.environment["HRSI_DB"] = cli::resolve_db(options.common);
    if (auto dir = cli::environment_value("HRSI_SLURM_LOG_DIR")) {
        slurm.log_dir = *dir;
    } else {
        slurm.log_dir = std::filesystem::path(cli::environment_value("HRSI_WORK_ROOT").value_or("/var/tmp/hrsi-work")) /
                        "slurm-logs";
    }
    slurm.log_dir = std::filesystem::absolute(slurm.log_dir);
    if (auto file = cli::environment_value("HRSI_SLURM_ENV_FILE")) slurm.environment_file = *file;
    if (auto const batch = cli::environment_value("HRSI_SLURM_BATCH")) {
        char* end = nullptr;
        auto const value = std::strtol(batch->c_str(), &end, 10);
        if (end == batch->c_str() || *end != '\0' || value < 1 || value > 1000) {
            throw UsageError(fmt::format("HRSI_SLURM_BATCH must be a number of jobs from 1 to 1000, not '{}'", *batch));
        }
        slurm.batch = static_cast<int>(value);
    }
    return slurm;
}

}  // namespace

std::string program_beside_self(std::string const& name) {
    std::error_code error;
    auto const self = std::filesystem::read_symlink("/proc/self/exe", error);
    // The programs sit together: build/tools/ in the build tree, bin/ once installed.
    if (!error && std::filesystem::is_regular_file(self.parent_path() / name, error)) {
        return (self.parent_path() / name).string();
    }
    return name;
}

void add_dispatch_options(CLI::App& app, DispatchCommandOptions& options) {
    app.description(
        "Promote configured jobs whose dependency is met to ready, claim ready jobs in priority order "
        "(nrt, delayed, reprocessing; then oldest first) as a new attempt written queued, and hand them to "
        "an executor: local hrsi-run-worker processes, Nomad dispatches, Slurm batch jobs, or printed lines "
        "for another program. Concurrent dispatchers never claim a job twice.");
    cli::add_common_options(app, options.common, program);
    app.add_option("--type", options.types, "Job types to dispatch (repeatable or comma-separated; default: "
                                            "the enabled types, system parameter job_types_list)")
        ->type_name("TYPE");
    app.add_option("--max", options.max, "Claim at most N jobs per tick (default: all that can run)")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--executor", options.executor,
                   "local (hrsi-run-worker processes on this host), nomad (nomad job dispatch), slurm (sbatch: "
                   "one batch job, or one job array per type and tick), or print (\"<job id> <attempt>\" lines "
                   "on stdout); default: $HRSI_EXECUTOR, else local")
        ->type_name("EXECUTOR");
    app.add_option("--parallel", options.parallel,
                   "Local executor: at most K workers at once (default: the number of processors)")
        ->type_name("K")
        ->check(cli::positive_number());
    app.add_option("--cpus", options.cpus,
                   "Local executor: the CPUs the running jobs' flavors (WORKER_FLAVOR_NAME: extra_small 1, small "
                   "1, medium 2, large 4, extra_large 8) may add up to (default: the number of processors); a "
                   "job that does not fit waits, one larger than the whole budget runs alone")
        ->type_name("N")
        ->check(cli::positive_number());
    app.add_option("--memory", options.memory,
                   "Local executor: the memory the running jobs' flavors (extra_small 1G, small 4G, medium 16G, "
                   "large 32G, extra_large 65G) may add up to, e.g. 64G or 512M (default: this machine's "
                   "memory)")
        ->type_name("SIZE");
    app.add_option("--loop", options.loop,
                   "Tick every SECONDS until stopped (SIGTERM, SIGINT); default: one tick (with the local "
                   "executor, until no job is left to run)")
        ->type_name("SECONDS")
        ->check(cli::positive_number());
    app.add_flag("--until-idle", options.until_idle,
                 "With --loop: stop once a tick finds nothing to promote or claim and no worker runs");
    app.add_option("--worker", options.worker,
                   "Local and Slurm executors: the worker program (default: hrsi-run-worker beside this "
                   "program, else on PATH; with Slurm, that path on the worker nodes); it inherits the "
                   "environment (HRSI_RUNTIME, HRSI_WORK_ROOT, ...)")
        ->type_name("PATH");
    app.add_flag("--dry-run", options.dry_run,
                 "Say how many configured jobs would be looked at and which ready jobs would be claimed, in "
                 "order; change nothing");
}

int run_dispatch_command(DispatchCommandOptions const& options, jobs::Registry const& job_types, std::ostream& out) {
    util::SignalStop signals;
    auto const log = cli::make_log(program, options.common);
    dispatch::DispatchOptions dispatch;
    dispatch.job_types = &job_types;
    dispatch.types = cli::split_list(options.types);
    for (auto const& type : dispatch.types) (void)job_types.find(type);  // before connecting: exit 64
    if (options.max >= 0) dispatch.max = options.max;
    dispatch.executor = dispatch::parse_executor(
        options.executor.empty() ? cli::environment_value("HRSI_EXECUTOR").value_or("local") : options.executor);
    if (options.until_idle && options.loop <= 0) throw UsageError("--until-idle goes with --loop SECONDS");
    if (options.loop > 0) {
        dispatch.loop = std::chrono::milliseconds(static_cast<long long>(std::ceil(options.loop * 1000)));
        dispatch.reconnect = db::ReconnectPolicy{cli::resolve_db(options.common), program};
    }
    dispatch.until_idle = options.until_idle;
    dispatch.dry_run = options.dry_run;
    dispatch.nomad = cli::nomad_options_from_environment();
    dispatch.slurm = slurm_executor_options(options);
    dispatch.local.parallel = options.parallel > 0 ? options.parallel : static_cast<int>(util::processor_count());
    dispatch::Resources budget{options.cpus > 0 ? options.cpus : static_cast<double>(util::processor_count()),
                               options.memory.empty() ? util::physical_memory()
                                                      : dispatch::parse_memory_size(options.memory)};
    if (budget.memory == 0) throw InternalError("cannot read this machine's memory: give --memory SIZE");
    dispatch.local.budget = budget;
    dispatch.local.worker_program = options.worker.empty() ? program_beside_self("hrsi-run-worker") : options.worker;
    // Workers reach the same database, and say as much as the dispatcher was asked to.
    if (!options.common.db.empty()) dispatch.local.worker_arguments = {"--db", cli::resolve_db(options.common)};
    if (options.common.quiet) dispatch.local.worker_arguments.emplace_back("-q");
    for (int i = 0; i < options.common.verbose; ++i) dispatch.local.worker_arguments.emplace_back("-v");

    if (dispatch.executor == dispatch::ExecutorKind::slurm && !options.dry_run) {
        // Slurm writes each job's log there: on one machine (or a shared folder) it must exist.
        std::error_code error;
        std::filesystem::create_directories(dispatch.slurm.log_dir, error);
    }
    auto conn = cli::connect_checked(options.common, program);
    auto const counts = dispatch::run_dispatch(conn, dispatch, log, out, signals.token());
    if (!options.dry_run) {
        log.info("{} job(s) promoted to ready, {} claimed, {} handed over, {} hand-over(s) failed", counts.promoted,
                 counts.claimed, counts.handed_over, counts.failed);
    }
    return exit_ok;
}

}  // namespace hrsi::tools
