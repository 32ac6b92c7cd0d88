// SPDX-License-Identifier: Apache-2.0
// What the Slurm executor asks sbatch for, and the monitor's Slurm rules (the real Slurm runs in
// tests/e2e/slurm.sh).
#include <hrsi/dispatch/slurm_executor.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/monitor/assessment.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hrsi;
using namespace std::chrono_literals;

namespace {

db::SystemParameterValues parameters(std::optional<std::string> partitions = std::nullopt,
                                     std::optional<std::string> post_processing = std::nullopt) {
    return db::SystemParameterValues({
        {"slurm_partitions", "jsonb", std::move(partitions), std::nullopt},
        {"slurm_constraints", "jsonb", std::string(R"({"medium": "ssd"})"), std::nullopt},
        {"started_timeout_minutes", "integer", "30", "30"},
        {"pre_processing_timeout_minutes", "integer", "30", "30"},
        {"processing_timeout_minutes", "integer", "270", "270"},
        {"post_processing_timeout_minutes", "integer", std::move(post_processing), std::nullopt},
    });
}

// Through the registry: the type classes' headers may move.
jobs::JobTypeInfo const& test_type() { return *jobs::builtin_job_types().find("test_job").info; }

bool has(std::vector<std::string> const& options, std::string const& option) {
    return std::find(options.begin(), options.end(), option) != options.end();
}

}  // namespace

TEST_CASE("slurm: the flavor's CPUs and memory, its partition and constraint, the step limits as the time",
          "[slurm]") {
    auto const test = dispatch::slurm_resources(test_type(), parameters(R"({"extra_small": "small"})"), 3);
    CHECK(test.cpus == 1);
    CHECK(test.memory_mib == 1024);
    CHECK(test.partition == "small");
    CHECK(test.constraint.empty());
    // (30 + 30 + 270 + 5) per run, 3 runs.
    REQUIRE(test.time);
    CHECK(test.time->count() == 1005);
    auto const fsc = dispatch::slurm_resources(*jobs::builtin_job_types().find("fsc_rlie_job").info, parameters(std::nullopt, "20"), 1);
    CHECK(fsc.cpus == 2);
    CHECK(fsc.memory_mib == 16 * 1024);
    CHECK(fsc.partition.empty());
    CHECK(fsc.constraint == "ssd");
    CHECK(fsc.time->count() == 30 + 30 + 270 + 20 + 5);
    CHECK_THROWS_AS(dispatch::slurm_resources(test_type(), parameters(R"({"extra_small": 3})"), 1),
                    InputError);
}

TEST_CASE("slurm: one claim is one batch job named after the job and attempt, its log its own", "[slurm]") {
    dispatch::SlurmExecutorOptions options;
    options.worker_program = "/opt/hrsi/bin/hrsi-run-worker";
    options.worker_arguments = {"-q"};
    options.log_dir = "/shared/hrsi logs";
    options.environment = {{"HRSI_DB", "postgresql://ops:secret@db/hrsi"}};
    std::vector<jobs::Claim> const claims{{42, 3, "test_job"}};
    auto const resources = dispatch::slurm_resources(test_type(), parameters(), 3);
    auto const submission = dispatch::slurm_submission(claims, resources, options, 3);
    CHECK(has(submission.options, "--job-name=hrsi-job-42-attempt-3"));
    CHECK(has(submission.options, "--output=/shared/hrsi logs/job-42-attempt-3.log"));
    CHECK(has(submission.options, "--cpus-per-task=1"));
    CHECK(has(submission.options, "--mem=1024M"));
    CHECK(has(submission.options, "--time=1005"));
    CHECK(has(submission.options, "--no-requeue"));
    CHECK_FALSE(std::any_of(submission.options.begin(), submission.options.end(),
                            [](std::string const& o) { return o.starts_with("--array"); }));
    CHECK_THAT(submission.script, Catch::Contains("0) job=42 attempt=3 ;;"));
    CHECK_THAT(submission.script, Catch::Contains("/opt/hrsi/bin/hrsi-run-worker -q --attempt \"$attempt\" \"$job\""));
    CHECK_THAT(submission.script, Catch::Contains("runs=3"));
    // The database's password travels in the environment only.
    CHECK(submission.environment.at("HRSI_DB") == "postgresql://ops:secret@db/hrsi");
    CHECK_THAT(submission.script, !Catch::Contains("secret"));
    for (auto const& option : submission.options) CHECK_THAT(option, !Catch::Contains("secret"));
    CHECK(dispatch::slurm_handle("981", 1, 0) == "slurm:981");
}

TEST_CASE("slurm: several claims are one job array, task i running claims[i]", "[slurm]") {
    dispatch::SlurmExecutorOptions options;
    options.log_dir = "/logs";
    options.environment_file = "/etc/hrsi/worker.env";
    std::vector<jobs::Claim> const claims{{7, 1, "test_job"}, {9, 2, "test_job"}, {12, 1, "test_job"}};
    auto const submission = dispatch::slurm_submission(
        claims, dispatch::slurm_resources(test_type(), parameters(), 2), options, 2);
    CHECK(has(submission.options, "--array=0-2"));
    CHECK(has(submission.options, "--job-name=hrsi-test_job-jobs-7-12"));
    CHECK(has(submission.options, "--output=/logs/array-%A_%a.log"));
    CHECK_THAT(submission.script, Catch::Contains("0) job=7 attempt=1 ;;\n1) job=9 attempt=2 ;;\n2) job=12 attempt=1 ;;"));
    CHECK_THAT(submission.script, Catch::Contains("exec >>/logs/job-\"$job\"-attempt-\"$attempt\".log 2>&1"));
    CHECK_THAT(submission.script, Catch::Contains(". /etc/hrsi/worker.env || exit 69"));
    CHECK(dispatch::slurm_handle("981", 3, 2) == "slurm:981_2");
}

TEST_CASE("monitor: a Slurm job that ended or is gone leaves its job to be recovered at once", "[monitor][slurm]") {
    monitor::Limits limits;
    limits.heartbeat_timeout = 180s;
    monitor::JobState job;
    job.id = 5;
    job.status = JobStatus::processing;
    job.status_age = 10s;
    job.attempt = 1;
    job.executor_handle = "slurm:77_3";
    job.heartbeat = monitor::Heartbeat{"node-1", 300, 1, 5s};
    CHECK_FALSE(monitor::handled_by_nomad(job.executor_handle));
    CHECK(monitor::handled_by_slurm(job.executor_handle));
    monitor::Observations seen;
    seen.this_host = "monitor-host";
    seen.slurm_job = slurm::JobState{"77_3", "RUNNING", "None"};
    CHECK_FALSE(monitor::assess(job, seen, limits));
    seen.slurm_job = slurm::JobState{"77_3", "NODE_FAIL", "NodeDown"};
    auto verdict = monitor::assess(job, seen, limits);
    REQUIRE(verdict);
    CHECK(verdict->cause == monitor::Cause::slurm_inconsistency);
    CHECK(verdict->subtype == "Job inconsistency with Slurm");
    CHECK_THAT(verdict->message, Catch::Contains("77_3") && Catch::Contains("NODE_FAIL"));
    seen.slurm_job.reset();
    seen.slurm_job_missing = true;
    CHECK(monitor::assess(job, seen, limits)->cause == monitor::Cause::slurm_inconsistency);
    // A worker that asked to run again, whose Slurm job ended: handed back without waiting.
    job.status = JobStatus::external_error;
    job.heartbeat.reset();
    CHECK(monitor::assess(job, seen, limits)->cause == monitor::Cause::rerun_lost);
    seen.slurm_job_missing = false;
    seen.slurm_job = slurm::JobState{"77_3", "RUNNING", "None"};
    CHECK_FALSE(monitor::assess(job, seen, limits));
}
