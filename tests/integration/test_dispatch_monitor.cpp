// SPDX-License-Identifier: Apache-2.0
// Dispatch and monitor against a real database and real worker processes: racing claimers,
// priorities, promotion of configured jobs, the local executor's bound on running workers and
// on reruns, and the recovery of a job whose worker was killed, with fencing of that worker.
#include "scoped_variable.hpp"
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/dispatcher.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/jobs/claims.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/monitor/monitor.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <sstream>
#include <thread>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::read_file;
using testing::TempFolder;

namespace {

util::Log const quiet{"test", -1};

std::vector<std::int64_t> create_test_jobs(db::Connection& conn, int count, std::string const& prefix = "job") {
    std::string list;
    for (int i = 0; i < count; ++i) list += fmt::format("{}-{}\n", prefix, i);
    std::istringstream in(list);
    jobs::create_jobs(conn, jobs::builtin_job_types().find("test_job"), in, {}, quiet);
    auto const rows = conn.query("select id from hrsi.jobs where name like $1 order by id", prefix + "-%");
    std::vector<std::int64_t> ids;
    for (int r = 0; r < rows.rows(); ++r) ids.push_back(rows.get_int(r, 0));
    return ids;
}

std::string status_of(db::Connection& conn, std::int64_t job) {
    return std::string(conn.query("select s.name from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status "
                                  "where j.id = $1",
                                  job)
                           .get(0, 0));
}

// Statuses and subtypes of a job's history, oldest first: "name" or "name[subtype]".
std::vector<std::string> history(db::Connection& conn, std::int64_t job) {
    auto const rows = conn.query(
        "select s.name || coalesce('[' || c.error_subtype || ']', '') from hrsi.job_status_changes c "
        "join hrsi.job_status s on s.id = c.status where c.job_id = $1 order by c.id",
        job);
    std::vector<std::string> statuses;
    for (int r = 0; r < rows.rows(); ++r) statuses.emplace_back(rows.get(r, 0));
    return statuses;
}

// The local executor's environment: workers run their program directly, in `root`.
struct LocalWorkers {
    TempFolder root{"hrsi-dispatch"};
    testing::ScopedVariable runtime{"HRSI_RUNTIME", "none"};
    testing::ScopedVariable work_root{"HRSI_WORK_ROOT", (root.path() / "work").string()};
    dispatch::DispatchOptions options(testing::TempDatabase const& database, int parallel) const {
        dispatch::DispatchOptions options;
        options.types = {"test_job"};
        options.executor = dispatch::ExecutorKind::local;
        options.local.worker_program = HRSI_RUN_WORKER;
        options.local.worker_arguments = {"--db", database.conninfo(), "-q", "--heartbeat", "0.2"};
        options.local.parallel = parallel;
        return options;
    }
};

}  // namespace

TEST_CASE("dispatch: four dispatchers racing over 2,000 ready jobs claim each exactly once", "[dispatch]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = create_test_jobs(conn, 2000);
    REQUIRE(ids.size() == 2000);

    std::vector<std::vector<jobs::Claim>> claimed(4);
    std::vector<std::thread> dispatchers;
    for (std::size_t d = 0; d < 4; ++d) {
        dispatchers.emplace_back([&, d] {
            auto own = database.connect();
            while (true) {
                auto batch = jobs::claim_ready_jobs(own, {"test_job"}, 37);
                if (batch.empty()) break;
                claimed[d].insert(claimed[d].end(), batch.begin(), batch.end());
            }
        });
    }
    for (auto& dispatcher : dispatchers) dispatcher.join();

    std::set<std::int64_t> seen;
    std::size_t total = 0;
    for (auto const& claims : claimed) {
        total += claims.size();
        for (auto const& claim : claims) {
            seen.insert(claim.job_id);
            CHECK(claim.attempt == 1);
        }
    }
    CHECK(total == 2000);
    CHECK(seen.size() == 2000);
    // More than one dispatcher did some of the work (they really raced).
    CHECK(std::count_if(claimed.begin(), claimed.end(), [](auto const& c) { return !c.empty(); }) >= 2);
    // One queued change per job, attempt 1 everywhere, nothing left ready.
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where status = 4").get_int(0, 0) == 2000);
    CHECK(conn.query("select count(*) from hrsi.jobs where attempt <> 1 or last_status <> 4").get_int(0, 0) == 0);
}

TEST_CASE("dispatch: claims follow priority (nrt, delayed, reprocessing, none), then age", "[dispatch]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = create_test_jobs(conn, 8);
    // ids[0..7] with priorities: none, reprocessing, nrt, delayed, nrt, none, delayed, reprocessing
    std::vector<std::optional<std::string>> const priorities{std::nullopt, "reprocessing", "nrt", "delayed",
                                                             "nrt",        std::nullopt,   "delayed", "reprocessing"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        conn.query("update hrsi.jobs set priority = $2 where id = $1", ids[i], priorities[i]);
    }
    std::vector<std::int64_t> order;
    for (auto const& claim : jobs::claim_ready_jobs(conn, {"test_job"}, 3)) order.push_back(claim.job_id);
    for (auto const& claim : jobs::claim_ready_jobs(conn, {"test_job"}, 100)) order.push_back(claim.job_id);
    CHECK(order == std::vector<std::int64_t>{ids[2], ids[4], ids[3], ids[6], ids[1], ids[7], ids[0], ids[5]});
    CHECK(jobs::claim_ready_jobs(conn, {"test_job"}, 100).empty());

    // The print executor: "<job id> <attempt>" lines, in the same order, handle "print".
    auto const more = create_test_jobs(conn, 3, "printed");
    dispatch::DispatchOptions options;
    options.types = {"test_job"};
    options.executor = dispatch::ExecutorKind::print;
    options.max = 2;
    std::ostringstream out;
    auto const counts = dispatch::run_dispatch(conn, options, quiet, out);
    CHECK(counts.claimed == 2);
    CHECK(out.str() == fmt::format("{} 1\n{} 1\n", more[0], more[1]));
    CHECK(std::string(conn.query("select executor_handle from hrsi.jobs where id = $1", more[0]).get(0, 0)) == "print");
    CHECK(status_of(conn, more[2]) == "ready");
}

TEST_CASE("dispatch: configured jobs are promoted once their dependency is processed", "[dispatch][fsc]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::istringstream answer(
        R"({"value":[)"
        R"({"Name":"S2A_MSIL1C_20250105T104031_N0510_R108_T32TLR_20250105T123456.SAFE","S3Path":"/eodata/x/a.SAFE","PublicationDate":"2025-01-05T12:00:00Z"},)"
        R"({"Name":"S2A_MSIL1C_20250110T104031_N0510_R108_T32TLR_20250110T123456.SAFE","S3Path":"/eodata/x/b.SAFE","PublicationDate":"2025-01-10T12:00:00Z"}]})");
    jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), answer, {}, quiet);
    auto const first = conn.query("select job_id from hrsi.fsc_rlie_jobs order by measurement_date").get_int(0, 0);
    auto const second = conn.query("select job_id from hrsi.fsc_rlie_jobs order by measurement_date desc").get_int(0, 0);
    REQUIRE(status_of(conn, second) == "configured");

    // Nothing to promote while the first job has not produced its L2A.
    CHECK(dispatch::promote_configured_jobs(conn, jobs::builtin_job_types(), {"fsc_rlie_job"}, quiet).ready == 0);
    CHECK(status_of(conn, second) == "configured");

    for (auto status : {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                        JobStatus::post_processing, JobStatus::processed}) {
        jobs::set_job_status(conn, first, status);
    }
    conn.query("update hrsi.fsc_rlie_jobs set l2a_status = 'generated', n_l2a_produced_since_last_init = 1 "
               "where job_id = $1",
               first);
    CHECK(dispatch::promote_configured_jobs(conn, jobs::builtin_job_types(), {"fsc_rlie_job"}, quiet).ready == 1);
    CHECK(status_of(conn, second) == "ready");
    CHECK(std::string(conn.query("select maja_mode from hrsi.fsc_rlie_jobs where job_id = $1", second).get(0, 0)) ==
          "nominal");
}

TEST_CASE("dispatch: the local executor runs 50 jobs, never more than 4 workers at once", "[dispatch][local]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    LocalWorkers workers;
    // Each program run notes how many programs run at that moment (one folder per running one).
    auto const running = workers.root.path() / "running";
    auto const counts_file = workers.root.path() / "counts";
    fs::create_directories(running);
    db::set_system_parameter(
        conn, "command_for_test_job_processing",
        fmt::format(R"(["sh", "-c", "mkdir {0}/$$ && ls {0} | wc -l >> {1} && sleep 0.2 && rmdir {0}/$$"])",
                    running.string(), counts_file.string()));
    auto const ids = create_test_jobs(conn, 50);

    std::ostringstream out;
    auto const counts = dispatch::run_dispatch(conn, workers.options(database, 4), quiet, out);
    CHECK(counts.claimed == 50);
    CHECK(conn.query("select count(*) from hrsi.jobs where last_status = 9").get_int(0, 0) == 50);

    std::istringstream noted(read_file(counts_file));
    int most = 0;
    int runs = 0;
    for (int n; noted >> n; ++runs) most = std::max(most, n);
    CHECK(runs == 50);
    CHECK(most <= 4);
    CHECK(most >= 2);  // they did run side by side (how long that takes is the machine's business)
    CHECK(fs::is_empty(workers.root.path() / "work" / "jobs"));
    CHECK(conn.query("select count(*) from hrsi.worker_heartbeats").get_int(0, 0) == 0);
}

namespace {

// The most programs running at one moment, from "start <time>" and "end <time>" lines.
int most_at_once(std::string const& events) {
    std::vector<std::pair<double, int>> changes;
    std::istringstream lines(events);
    std::string kind;
    double time = 0;
    while (lines >> kind >> time) changes.emplace_back(time, kind == "start" ? 1 : -1);
    std::sort(changes.begin(), changes.end());  // an end before a start at the same time
    int now = 0;
    int most = 0;
    for (auto const& change : changes) most = std::max(most, now += change.second);
    return most;
}

// Runs 12 test jobs (flavor extra_small: 1 CPU, 1 GiB) with 6 slots under `budget`; returns
// the most that ran at once, from each program's start and end times.
int run_under_budget(dispatch::Resources budget) {
    testing::TempDatabase database;
    auto conn = database.connect();
    LocalWorkers workers;
    auto const events = workers.root.path() / "events";
    db::set_system_parameter(conn, "command_for_test_job_processing",
                             fmt::format(R"(["sh", "-c", "echo start $(date +%s.%N) >> {0}; sleep 0.3; )"
                                         R"(echo end $(date +%s.%N) >> {0}"])",
                                         events.string()));
    create_test_jobs(conn, 12);
    auto options = workers.options(database, 6);
    options.local.budget = budget;
    std::ostringstream out;
    auto const counts = dispatch::run_dispatch(conn, options, quiet, out);
    CHECK(counts.claimed == 12);
    CHECK(conn.query("select count(*) from hrsi.jobs where last_status = 9").get_int(0, 0) == 12);
    auto const text = read_file(events);
    CHECK(std::count(text.begin(), text.end(), '\n') == 24);
    return most_at_once(text);
}

}  // namespace

TEST_CASE("dispatch: the local executor never runs more flavor-weighted work than its budget",
          "[dispatch][local]") {
    constexpr std::uint64_t gib = std::uint64_t{1} << 30;
    SECTION("CPUs: 2 CPUs of extra_small jobs, 6 slots: at most 2 at once") {
        auto const most = run_under_budget({2, 100 * gib});
        CHECK(most <= 2);
        CHECK(most == 2);  // the budget, not the slots, held them back
    }
    SECTION("memory: 3 GiB of 1 GiB jobs, 6 slots: at most 3 at once") {
        auto const most = run_under_budget({100, 3 * gib});
        CHECK(most <= 3);
        CHECK(most >= 2);
    }
    SECTION("a flavor larger than the whole budget runs alone, never deadlocks") {
        CHECK(run_under_budget({0.5, 100 * gib}) == 1);
    }
}

TEST_CASE("dispatch: a worker asking to run again is rerun up to the retry limit", "[dispatch][local]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    LocalWorkers workers;
    db::set_system_parameter(conn, "command_for_test_job_processing", R"(["sh", "-c", "exit 150"])");
    auto const job = create_test_jobs(conn, 1).front();
    std::ostringstream out;
    dispatch::run_dispatch(conn, workers.options(database, 2), quiet, out);
    // Three runs (max_attempts): two external errors asking for more, then the final error.
    auto const statuses = history(conn, job);
    CHECK(std::count(statuses.begin(), statuses.end(), "started") == 3);
    CHECK(std::count(statuses.begin(), statuses.end(), "external_error[SIP expected error]") == 2);
    CHECK(statuses.back() == "internal_error[SIP expected error]");
    CHECK(status_of(conn, job) == "internal_error");
}

TEST_CASE("monitor: a worker killed mid-processing is detected, the job recovered, the worker fenced off",
          "[monitor][local]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    LocalWorkers workers;
    db::set_system_parameter(conn, "command_for_test_job_processing", R"(["sleep", "30.4321"])");
    auto const job = create_test_jobs(conn, 1).front();
    auto const attempt = jobs::claim_ready_job(conn, job);
    REQUIRE(attempt == 1);

    // A worker of attempt 1, killed with SIGKILL while its program runs.
    pid_t const worker = ::fork();
    if (worker == 0) {
        auto const id = std::to_string(job);
        ::execl(HRSI_RUN_WORKER, HRSI_RUN_WORKER, "--db", database.conninfo().c_str(), "-q", "--attempt", "1",
                id.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (status_of(conn, job) != "processing" && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(status_of(conn, job) == "processing");
    ::kill(worker, SIGKILL);
    ::waitpid(worker, nullptr, 0);
    // Its program lives on in its own process group: a host would lose it with the allocation.
    std::system("pkill -f 'sleep 30.4321' >/dev/null 2>&1");

    // The monitor sees that the heartbeat's process is gone (this host): no need to wait.
    monitor::MonitorOptions options;
    options.types = {"test_job"};
    std::ostringstream out;
    auto const counts = monitor::run_monitor(conn, options, quiet, out);
    CHECK(counts.recovered == 1);
    CHECK_THAT(out.str(), Catch::Contains("Worker lost"));
    auto statuses = history(conn, job);
    REQUIRE(statuses.size() >= 3);
    CHECK(std::vector<std::string>(statuses.end() - 3, statuses.end()) ==
          std::vector<std::string>{"internal_error[Worker lost]", "error_checked", "ready"});
    CHECK(conn.query("select attempt from hrsi.jobs where id = $1", job).get_int(0, 0) == 2);

    // The old worker, were it alive, could write nothing more.
    CHECK_THROWS_AS(jobs::set_job_status(conn, job, JobStatus::post_processing, {{}, {}, 1}), StaleAttempt);

    // A second pass finds nothing; the job is then dispatched again and processed.
    CHECK(monitor::run_monitor(conn, options, quiet, out).recovered == 0);
    db::set_system_parameter(conn, "command_for_test_job_processing", R"(["true"])");
    dispatch::run_dispatch(conn, workers.options(database, 1), quiet, out);
    CHECK(status_of(conn, job) == "processed");
    CHECK(conn.query("select attempt from hrsi.jobs where id = $1", job).get_int(0, 0) == 3);
}

TEST_CASE("monitor: past the retry limit a lost job stays in internal_error", "[monitor]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const job = create_test_jobs(conn, 1).front();
    // Two failed attempts already, then a third whose worker vanished without a heartbeat.
    for (int failed = 0; failed < 2; ++failed) {
        REQUIRE(jobs::claim_ready_job(conn, job));
        jobs::set_job_status(conn, job, JobStatus::internal_error, {std::string("SIP unrecoverable error"), {}, {}});
        jobs::set_job_status(conn, job, JobStatus::error_checked);
        jobs::set_job_status(conn, job, JobStatus::ready);
    }
    REQUIRE(jobs::claim_ready_job(conn, job));
    jobs::set_job_status(conn, job, JobStatus::started);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // ages are whole seconds

    monitor::MonitorOptions options;
    options.types = {"test_job"};
    options.heartbeat_timeout = std::chrono::seconds(1);
    options.dry_run = true;
    std::ostringstream plan;
    CHECK(monitor::run_monitor(conn, options, quiet, plan).recovered == 0);
    CHECK_THAT(plan.str(), Catch::Contains("without a heartbeat"));
    CHECK(status_of(conn, job) == "started");

    options.dry_run = false;
    std::ostringstream out;
    auto const counts = monitor::run_monitor(conn, options, quiet, out);
    CHECK(counts.given_up == 1);
    CHECK(status_of(conn, job) == "internal_error");
    CHECK_THAT(out.str(), Catch::Contains("no attempt left"));
}
