// SPDX-License-Identifier: Apache-2.0
#include <hrsi/worker/run_worker.hpp>

#include <hrsi/aux/auxiliary_data.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/jobs/claims.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/util/child_process.hpp>
#include <hrsi/util/tree_check.hpp>
#include <hrsi/worker/classify_failure.hpp>
#include <hrsi/worker/heartbeat.hpp>
#include <hrsi/worker/program_runner.hpp>
#include <hrsi/jobs/retry_policy.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <thread>

namespace hrsi::worker {
namespace {

using jobs::FailureKind;
using jobs::WorkerFailure;

struct JobHeader {
    std::string type;
    int attempt = 0;
    std::string unique_id;
};

JobHeader read_header(db::Connection& conn, std::int64_t job_id) {
    auto const result = conn.query(
        "select job_type, attempt, unique_id::text from hrsi.jobs where id = $1", job_id);
    if (result.rows() == 0) throw NotFound(fmt::format("job {} does not exist", job_id));
    return {std::string(result.get(0, 0)), static_cast<int>(result.get_int(0, 1)), std::string(result.get(0, 2))};
}

std::string status_text(std::optional<JobStatus> status) {
    return status ? std::string(status_name(*status)) : std::string("without status");
}

// A worker takes a job the dispatcher queued for it, or one whose previous attempt failed
// and that is to run again (external_error, or internal_error already checked).
bool worker_may_take(std::optional<JobStatus> status) {
    return status == JobStatus::queued || status == JobStatus::external_error ||
           status == JobStatus::error_checked;
}

void write_parameter_file(jobs::JobTemplate const& job, jobs::WorkerContext const& context) {
    rapidjson::StringBuffer buffer;
    jobs::JsonWriter writer(buffer);
    auto const& folder = context.folder;
    writer.StartObject();
    writer.Key("job");
    writer.StartObject();
    writer.Key("id");
    writer.Int64(job.common.id);
    writer.Key("type");
    writer.String(job.info().type_name.data(), static_cast<rapidjson::SizeType>(job.info().type_name.size()));
    writer.Key("unique_id");
    writer.String(job.common.unique_id.c_str());
    writer.Key("name");
    writer.String(job.common.name.c_str());
    writer.Key("attempt");
    writer.Int(context.attempt);
    writer.EndObject();
    writer.Key("work_folder");
    writer.String(folder.in_program(folder.root).c_str());
    writer.Key("inputs");
    writer.StartArray();
    for (auto const& input : context.inputs) writer.String(folder.in_program(input).c_str());
    writer.EndArray();
    writer.Key("output_folder");
    writer.String(folder.in_program(folder.outputs()).c_str());
    writer.Key("temp_folder");
    writer.String(folder.in_program(folder.temp()).c_str());
    job.write_parameters(context, writer);
    writer.EndObject();

    std::ofstream out(folder.parameter_file(), std::ios::binary | std::ios::trunc);
    out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
    out.put('\n');
    out.close();
    if (!out) {
        throw WorkerFailure(FailureKind::internal, "Work folder error",
                            fmt::format("cannot write {}", folder.parameter_file().string()), true);
    }
}

// Creates the job's folder afresh: a crashed earlier attempt may have left one behind.
void prepare_folder(jobs::WorkFolder const& folder) {
    std::error_code error;
    std::filesystem::remove_all(folder.root, error);
    for (auto const& path : {folder.inputs(), folder.data(), folder.logs(), folder.temp()}) {
        std::filesystem::create_directories(path, error);
        if (error) {
            throw WorkerFailure(FailureKind::internal, "Work folder error",
                                fmt::format("cannot create {}: {}", path.string(), error.message()),
                                false);
        }
    }
}

// What the worker reads and uploads after the program ran is the program's to shape: a
// symbolic link there could lead to any file of the host, so one (or a FIFO, socket, device)
// fails the job before anything follows it. Final: the program would do it again.
void check_program_outputs(jobs::WorkFolder const& folder) {
    std::optional<util::UnsafeEntry> unsafe;
    try {
        unsafe = util::find_unsafe_entry(folder.outputs());
    } catch (std::filesystem::filesystem_error const& error) {
        throw WorkerFailure(FailureKind::internal, "Work folder error",
                            fmt::format("cannot list the program's outputs: {}", error.what()), true);
    }
    if (!unsafe) return;
    throw WorkerFailure(FailureKind::internal, std::string(jobs::unsafe_output_subtype),
                        fmt::format("the program left {} at {}: the worker follows no link a program "
                                    "leaves, and publishes nothing of this attempt",
                                    unsafe->what, unsafe->path.string()),
                        false);
}

// The job was stopped by a signal (recorded, run again), or was no longer ours (nothing to
// record).
struct Interrupted {
    bool lost = false;
    std::string reason;
};

class JobRun {
public:
    JobRun(db::Connection& conn, WorkerOptions const& options, util::Log const& log,
           std::stop_token stop, StopReason const& stop_reason)
        : m_conn(conn), m_options(options), m_log(log), m_stop_reason(stop_reason),
          m_forward_stop(stop, [this] { m_stop.request_stop(); }) {}

    int run(std::ostream* plan);

private:
    bool take_job(JobHeader& header, std::optional<JobStatus>& status);
    void describe_plan(std::ostream& out, jobs::JobTemplate const& job, JobHeader const& header,
                       std::optional<JobStatus> status);
    int process(jobs::JobTemplate& job, JobHeader const& header);
    void run_steps(jobs::JobTemplate& job, jobs::WorkerContext& context);
    void write_status(JobStatus status, std::optional<std::string> subtype = {},
                      std::optional<std::string> message = {});
    int record_failure(FailureKind kind, std::string const& subtype, std::string const& message,
                       bool retry);
    int record_interruption(std::string const& reason);
    void keep_failed_folder(jobs::WorkFolder const& folder, std::string const& unique_id,
                            jobs::StorageRoots const& roots);
    void check_stop() const;
    [[nodiscard]] std::optional<Interrupted> pending_interruption() const;
    int settle(std::optional<Interrupted> const& interruption, FailureClass const* failure, bool& failed,
               bool& lost_job);
    void clean_up(jobs::WorkFolder const& folder, std::string const& unique_id, jobs::StorageRoots const& roots,
                  bool failed, bool lost_job, util::Log const& worker_log);

    db::Connection& m_conn;
    WorkerOptions const& m_options;
    util::Log m_log;
    StopReason const& m_stop_reason;
    std::stop_source m_stop;
    std::stop_callback<std::function<void()>> m_forward_stop;
    std::int64_t m_job_id = 0;
    int m_attempt = 0;
    int m_max_attempts = 3;
    std::unique_ptr<Heartbeat> m_heartbeat;
};

int JobRun::run(std::ostream* plan) {
    m_job_id = m_options.job_id;
    auto header = read_header(m_conn, m_job_id);
    auto const& type = jobs::find_job_type(header.type);
    auto loaded = jobs::load_jobs(m_conn, type, {m_job_id});
    if (loaded.empty()) {
        throw InternalError(fmt::format("job {} has no row in {}", m_job_id, type.info->table_name));
    }
    auto& job = *loaded.front();
    auto status = jobs::current_status(m_conn, m_job_id);
    if (m_options.dry_run) {
        describe_plan(plan ? *plan : std::cout, job, header, status);
        return exit_do_not_run_again;
    }
    if (!take_job(header, status)) return exit_do_not_run_again;
    job.common.attempt = m_attempt;
    return process(job, header);
}

// Writes started for this attempt; false (logged) when the job is not ours to take.
bool JobRun::take_job(JobHeader& header, std::optional<JobStatus>& status) {
    if (!m_options.attempt && status == JobStatus::ready) {
        // By hand: claim the job as a new attempt, as a dispatcher would.
        if (auto claimed = jobs::claim_ready_job(m_conn, m_job_id)) {
            m_log.info("job {} was ready: claimed it as attempt {}", m_job_id, *claimed);
            header.attempt = *claimed;
            status = JobStatus::queued;
        }
    }
    if (m_options.attempt && status == JobStatus::ready) {
        // The dispatcher hands the job over just before it writes queued.
        auto const deadline = std::chrono::steady_clock::now() + m_options.wait_for_queued;
        while (status == JobStatus::ready && std::chrono::steady_clock::now() < deadline &&
               !m_stop.stop_requested()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            status = jobs::current_status(m_conn, m_job_id);
            header = read_header(m_conn, m_job_id);
        }
    }
    m_attempt = m_options.attempt.value_or(header.attempt);
    if (m_attempt != header.attempt) {
        m_log.warn("job {} is at attempt {}, this worker was given attempt {}: another dispatch owns "
                   "it now; leaving it alone", m_job_id, header.attempt, m_attempt);
        return false;
    }
    if (!worker_may_take(status)) {
        m_log.warn("job {} is {}: a worker takes queued jobs, or jobs in external_error or "
                   "error_checked that are to run again; leaving it alone", m_job_id,
                   status_text(status));
        return false;
    }
    try {
        jobs::set_job_status(m_conn, m_job_id, JobStatus::started, {{}, {}, m_attempt});
    } catch (InvalidTransition const& error) {
        m_log.warn("job {} was taken by another worker first; leaving it alone ({})", m_job_id, error.what());
        return false;
    } catch (StaleAttempt const& error) {
        m_log.warn("{}; leaving job {} alone", error.what(), m_job_id);
        return false;
    }
    m_log.info("job {} ({}, attempt {}) started", m_job_id, header.type, m_attempt);
    return true;
}

void JobRun::describe_plan(std::ostream& out, jobs::JobTemplate const& job, JobHeader const& header,
                           std::optional<JobStatus> status) {
    auto const parameters = db::load_system_parameters(m_conn);
    auto const roots = jobs::StorageRoots::from(parameters);
    auto const& info = job.info();
    bool const attempt_matches = !m_options.attempt || *m_options.attempt == header.attempt;
    bool const claims = !m_options.attempt && status == JobStatus::ready;
    bool const takeable = attempt_matches && (worker_may_take(status) || claims);
    out << fmt::format("job {} ({}, \"{}\") is {} at attempt {}: {}{}\n", m_job_id, header.type,
                       job.common.name, status_text(status), header.attempt,
                       takeable ? "a worker would take it" : "a worker would leave it alone",
                       attempt_matches ? "" : fmt::format(" (this worker has attempt {})", *m_options.attempt));
    out << fmt::format("work folder: {}\n", (m_options.work_root / "jobs" / header.unique_id).string());
    if (job.common.input_path) {
        auto const& path = *job.common.input_path;
        bool const located = path.starts_with("/") || path.find("://") != std::string::npos;
        out << fmt::format("input: {}\n", located ? roots.input(path).url() : path + " (a name: nothing to stage)");
    }
    ProgramSettings const settings{m_options.runtime, m_options.runtime_program, m_options.time_limit, m_job_id,
                                   m_options.attempt.value_or(header.attempt + (claims ? 1 : 0))};
    auto const spec = program_spec(type_program(info, parameters), info, parameters, settings,
                                   m_options.work_root / "jobs" / header.unique_id);
    out << fmt::format("program: {}\n", util::shell_quoted(containers::runtime_command_line(spec)));
    out << fmt::format("time limit: {} s\n", spec.time_limit.count());
    out << fmt::format("products to: {} (recorded as {})\n", roots.products, roots.products_path_prefix);
    out << fmt::format("failed work folders to: {}\n", roots.results.value_or("(not kept: results_storage_url is not set)"));
    out << fmt::format("auxiliary data from: {} (version {}), cached in {} (at most {} bytes)\n", roots.auxiliary,
                       roots.auxiliary_version, m_options.aux_cache_root().string(), m_options.aux_cache_max_bytes);
}

void JobRun::write_status(JobStatus status, std::optional<std::string> subtype,
                          std::optional<std::string> message) {
    jobs::set_job_status(m_conn, m_job_id, status, {std::move(subtype), std::move(message), m_attempt});
    if (m_heartbeat) m_heartbeat->set_status(status);
}

std::optional<Interrupted> JobRun::pending_interruption() const {
    if (!m_stop.stop_requested()) return std::nullopt;
    if (m_heartbeat && m_heartbeat->lost()) return Interrupted{true, "the job is no longer this worker's"};
    return Interrupted{false, m_stop_reason ? m_stop_reason() : std::string("stop requested")};
}

void JobRun::check_stop() const {
    if (auto interruption = pending_interruption()) throw *interruption;
}

int JobRun::process(jobs::JobTemplate& job, JobHeader const& header) {
    auto const parameters = db::load_system_parameters(m_conn);
    m_max_attempts = static_cast<int>(parameters.integer("max_attempts"));
    auto const roots = jobs::StorageRoots::from(parameters);
    // Transfers end early when the worker is asked to stop (Nomad's kill timeout is short).
    auto storage_options = storage::options_from_environment();
    storage_options.stop = m_stop.get_token();
    storage::Storage const storage(storage_options);
    jobs::WorkFolder folder;
    folder.root = m_options.work_root / "jobs" / header.unique_id;
    if (m_options.runtime == containers::Runtime::none) folder.program_root = folder.root.string();

    m_heartbeat = std::make_unique<Heartbeat>(m_options.conninfo, m_job_id, m_attempt, JobStatus::started,
                                              m_options.heartbeat_interval, m_log, m_stop);
    auto const worker_log = m_log;
    aux::AuxCache cache({m_options.aux_cache_root(), m_options.aux_cache_max_bytes}, m_log);
    aux::AuxiliaryData const auxiliary(cache, storage::Location::parse(roots.auxiliary), roots.auxiliary_version,
                                       storage, m_log);
    jobs::WorkerContext context{m_conn, parameters, m_log, storage, roots, folder, m_attempt, {}, {}, auxiliary};

    std::optional<Interrupted> interruption;
    std::optional<FailureClass> failure;
    try {
        prepare_folder(folder);
        m_log = worker_log.with_copy_to(folder.logs() / "worker.log");
        run_steps(job, context);
    } catch (Interrupted const& stopped) {
        interruption = stopped;
    } catch (...) {
        failure = classify_failure(std::current_exception());
        // The database is gone: nothing can be recorded; the monitor will recover the job.
        if (failure->action == FailureClass::Action::rethrow) throw;
        // A transfer ended by a stop request is an interruption.
        if (failure->stop_may_explain) interruption = pending_interruption();
    }
    bool failed = false;
    bool lost_job = false;  // another attempt took the job (stale attempt)
    int const exit = settle(interruption, failure ? &*failure : nullptr, failed, lost_job);
    clean_up(folder, header.unique_id, roots, failed, lost_job, worker_log);
    return exit;
}

// Records how the steps ended, when they did not end with the job processed.
int JobRun::settle(std::optional<Interrupted> const& interruption, FailureClass const* failure, bool& failed,
                   bool& lost_job) {
    if (!interruption && !failure) return exit_do_not_run_again;
    m_heartbeat->stop();
    int exit = exit_do_not_run_again;
    // Recording an outcome may itself find the job gone to another attempt or status.
    auto record = [&](auto&& write) {
        try {
            exit = write();
            failed = true;
        } catch (StaleAttempt const& error) {
            m_log.warn("job {}: {}; its outcome is not recorded by this worker", m_job_id, error.what());
        } catch (InvalidTransition const& error) {
            m_log.warn("job {} changed status while the worker ran; its outcome is not recorded ({})",
                       m_job_id, error.what());
        }
    };
    if (interruption) {
        if (interruption->lost) {
            m_log.warn("job {}: {}; its outcome is not recorded by this worker", m_job_id, interruption->reason);
        } else {
            record([&] { return record_interruption(interruption->reason); });
        }
        return exit;
    }
    switch (failure->action) {
    case FailureClass::Action::stale_attempt:
        lost_job = true;
        m_log.warn("job {}: {}; stopping without recording anything", m_job_id, failure->message);
        break;
    case FailureClass::Action::changed_status:
        m_log.warn("job {} changed status while the worker ran ({}); stopping without recording anything",
                   m_job_id, failure->message);
        break;
    case FailureClass::Action::record_failure:
        record([&] { return record_failure(failure->kind, failure->subtype, failure->message, failure->retry); });
        break;
    case FailureClass::Action::rethrow:
        break;
    }
    return exit;
}

// Ends the heartbeat, keeps a failed folder, and removes the work folder unless another attempt
// owns it or it is to be kept.
void JobRun::clean_up(jobs::WorkFolder const& folder, std::string const& unique_id, jobs::StorageRoots const& roots,
                      bool failed, bool lost_job, util::Log const& worker_log) {
    bool superseded = false;
    if (m_heartbeat->lost() || lost_job) {
        // Another attempt owns the job, or the job left the worker steps (cancelled by an
        // operator): only in the first case is the folder (and heartbeat row) someone else's.
        try {
            superseded = read_header(m_conn, m_job_id).attempt != m_attempt;
            if (!superseded) remove_heartbeat(m_conn, m_job_id, m_attempt);
        } catch (std::exception const& error) {
            m_log.warn("cannot tell whether job {} went to another attempt: {}", m_job_id, error.what());
            superseded = true;
        }
    }
    m_heartbeat.reset();
    if (failed) keep_failed_folder(folder, unique_id, roots);
    m_log = worker_log;
    if (superseded) {
        // Another attempt owns the job: the folder may be its own by now (same path); it empties
        // it before use, so it is left alone here.
        m_log.info("work folder {} left to the attempt that owns the job now", folder.root.string());
    } else if (m_options.keep_work_folder) {
        m_log.info("work folder kept: {}", folder.root.string());
    } else {
        std::error_code error;
        std::filesystem::remove_all(folder.root, error);
        if (error) m_log.warn("cannot remove the work folder {}: {}", folder.root.string(), error.message());
    }
}

void JobRun::run_steps(jobs::JobTemplate& job, jobs::WorkerContext& context) {
    auto const before = jobs::snapshot_of(job);
    // Each step's duration, for the log (and bench/worker.sh).
    auto step_start = std::chrono::steady_clock::now();
    auto step_done = [&](char const* step) {
        auto const now = std::chrono::steady_clock::now();
        m_log.info("{} took {} ms", step,
                   std::chrono::duration_cast<std::chrono::milliseconds>(now - step_start).count());
        step_start = now;
    };

    write_status(JobStatus::pre_processing);
    job.job_pre_processing(context);
    write_parameter_file(job, context);
    step_done("pre_processing");
    check_stop();

    write_status(JobStatus::processing);
    ContainerProgramRunner runner(job.info(), context,
                                  {m_options.runtime, m_options.runtime_program, m_options.time_limit, m_job_id, m_attempt},
                                  m_stop.get_token(), [this] { check_stop(); });
    auto const outcome = job.job_processing(context, runner);
    m_log.info("program ended: {}", outcome.description);
    step_done("processing");

    write_status(JobStatus::post_processing);
    if (outcome.kind == jobs::ProgramOutcome::Kind::failed) {
        throw WorkerFailure(outcome.failure, outcome.subtype,
                            fmt::format("the program's result: {}", outcome.description), outcome.retry);
    }
    check_program_outputs(context.folder);
    job.job_post_processing(context, outcome);
    step_done("post_processing");
    check_stop();

    // The job's new values and processed, together.
    m_heartbeat->stop();
    db::Transaction transaction(m_conn);
    if (jobs::differs(job, before)) {
        jobs::JobTemplate const* changed[] = {&job};
        jobs::JobSnapshot const* snapshots[] = {&before};
        jobs::update_jobs(m_conn, changed, snapshots);
    }
    m_conn.query("update hrsi.jobs set output_path = $2, worker_image = $3 where id = $1", m_job_id,
                 job.common.output_path, context.image.empty() ? std::nullopt : db::Param(context.image));
    remove_heartbeat(m_conn, m_job_id, m_attempt);
    write_status(JobStatus::processed, std::nullopt,
                 fmt::format("{}{}", outcome.description,
                             outcome.kind == jobs::ProgramOutcome::Kind::products ? "" : ": no product"));
    transaction.commit();
    m_log.info("job {} processed ({})", m_job_id,
               job.common.output_path ? "products at " + *job.common.output_path : "no product");
}

int JobRun::record_failure(FailureKind kind, std::string const& subtype, std::string const& message,
                           bool retry) {
    // One transaction: a job with retries left never stays in internal_error half-way.
    db::Transaction transaction(m_conn);
    auto const decision = jobs::decide_after_failure(retry, jobs::failed_attempts(m_conn, m_job_id), m_max_attempts);
    auto const note = jobs::failure_note(message, decision, m_max_attempts, retry);
    remove_heartbeat(m_conn, m_job_id, m_attempt);
    int exit = exit_do_not_run_again;
    if (kind == FailureKind::external && decision.run_again) {
        write_status(JobStatus::external_error, subtype, note);
        exit = exit_run_again;
    } else {
        write_status(JobStatus::internal_error, subtype, note);
        if (decision.run_again) {
            write_status(JobStatus::error_checked, std::nullopt,
                         "Error automatically checked as an unpredictable issue occurred during processing; "
                         "the job runs again.");
            exit = exit_run_again;
        }
    }
    transaction.commit();
    m_log.error("job {}: {} error, {}: {}", m_job_id, kind == FailureKind::internal ? "internal" : "external",
                subtype, note);
    return exit;
}

int JobRun::record_interruption(std::string const& reason) {
    auto const message = fmt::format("the worker was interrupted by {}; the job runs again", reason);
    db::Transaction transaction(m_conn);
    remove_heartbeat(m_conn, m_job_id, m_attempt);
    write_status(JobStatus::external_error, std::string(jobs::interrupted_subtype), message);
    transaction.commit();
    m_log.warn("job {}: {}", m_job_id, message);
    return exit_run_again;
}

// Keeps what a failed job left (its logs, partial outputs, parameter file), without the inputs
// and scratch files, for investigation. The work folder itself is left as it is (it may be
// kept for debugging).
void JobRun::keep_failed_folder(jobs::WorkFolder const& folder, std::string const& unique_id,
                                jobs::StorageRoots const& roots) {
    try {
        if (!roots.results) {
            m_log.info("the failed work folder is not kept: system parameter results_storage_url is not set");
            return;
        }
        std::error_code error;
        if (!std::filesystem::exists(folder.root, error)) return;
        auto const destination = storage::Location::parse(*roots.results)
                                     .child(fmt::format("work/jobs/{}/attempt-{}", unique_id, m_attempt));
        // Not the staging storage: this upload must not end with a stop request.
        storage::Storage const storage;
        std::size_t files = 0;
        for (auto const& entry : std::filesystem::directory_iterator(folder.root)) {
            if (entry.path() == folder.inputs() || entry.path() == folder.temp()) continue;
            files += storage.copy_out(entry.path(), destination.child(entry.path().filename().string())).files;
        }
        m_log.info("kept the failed work folder at {} ({} file(s))", destination.url(), files);
    } catch (std::exception const& error) {
        m_log.warn("could not keep the failed work folder: {}", error.what());
    }
}

}  // namespace

int run_worker(db::Connection& conn, WorkerOptions const& options, util::Log const& log,
               std::stop_token stop, StopReason const& stop_reason, std::ostream* plan) {
    JobRun run(conn, options, log, std::move(stop), stop_reason);
    return run.run(plan);
}

}  // namespace hrsi::worker
