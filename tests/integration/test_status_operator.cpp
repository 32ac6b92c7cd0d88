// SPDX-License-Identifier: Apache-2.0
// hrsi-status relaunch and cancel, one job at a time and by bulk selection.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/operator_actions.hpp>
#include <hrsi/jobs/retry_policy.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/tools/status_command.hpp>

#include <catch2/catch.hpp>

#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace hrsi;

namespace {

// A test job taken through `statuses`.
std::int64_t job_in(db::Connection& conn, std::string const& name, std::initializer_list<JobStatus> statuses) {
    auto id = testing::insert_test_job(conn, name);
    for (auto s : statuses) jobs::set_job_status(conn, id, s);
    return id;
}

constexpr std::initializer_list<JobStatus> to_ready = {JobStatus::initialized, JobStatus::configured,
                                                        JobStatus::ready};
constexpr std::initializer_list<JobStatus> to_processing = {
    JobStatus::initialized, JobStatus::configured, JobStatus::ready,         JobStatus::queued,
    JobStatus::started,     JobStatus::pre_processing, JobStatus::processing};

struct Change {
    std::string status, subtype, message;
    bool operator==(Change const&) const = default;
};

std::vector<Change> history(db::Connection& conn, std::int64_t id) {
    auto result = conn.query(
        "select s.name, coalesce(c.error_subtype, ''), coalesce(c.error_message, '') "
        "from hrsi.job_status_changes c join hrsi.job_status s on s.id = c.status "
        "where c.job_id = $1 order by c.id",
        id);
    std::vector<Change> changes;
    for (int r = 0; r < result.rows(); ++r) {
        changes.push_back({std::string(result.get(r, 0)), std::string(result.get(r, 1)), std::string(result.get(r, 2))});
    }
    return changes;
}

// A shortest list of allowed transitions from no status to `target` (breadth first).
std::vector<JobStatus> path_to(JobStatus target) {
    std::vector<std::vector<JobStatus>> paths;
    std::set<JobStatus> seen;
    for (auto s : all_statuses) {
        if (is_allowed_transition(std::nullopt, s)) {
            paths.push_back({s});
            seen.insert(s);
        }
    }
    for (std::size_t i = 0; i < paths.size(); ++i) {
        auto path = paths[i];
        if (path.back() == target) return path;
        for (auto s : all_statuses) {
            if (is_allowed_transition(path.back(), s) && seen.insert(s).second) {
                auto longer = path;
                longer.push_back(s);
                paths.push_back(longer);
            }
        }
    }
    return {};
}

Change last_change(db::Connection& conn, std::int64_t id) { return history(conn, id).back(); }

std::string last_status(db::Connection& conn, std::int64_t id) { return last_change(conn, id).status; }

jobs::OperatorAction as_tester(bool dry_run = false) { return {"tester", "", dry_run}; }

// Runs hrsi-status on the test database; stdout in `out`.
int status_command(testing::TempDatabase const& database, tools::StatusOptions options, std::string& out,
                   std::string const& stdin_text = "") {
    options.common.db = database.conninfo();
    options.common.quiet = true;
    std::istringstream in(stdin_text);
    std::ostringstream output;
    int code = tools::run_status(options, hrsi::jobs::builtin_job_types(), in, output);
    out = output.str();
    return code;
}

std::string lines(std::vector<std::int64_t> const& ids) {
    std::string text;
    for (auto id : ids) text += std::to_string(id) + '\n';
    return text;
}

}  // namespace

TEST_CASE("relaunch: error -> error_checked [Operator relaunch] -> ready, retry count reset", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto failed = job_in(conn, "failed", to_processing);
    jobs::set_job_status(conn, failed, JobStatus::internal_error, {"SIP error", "exit code 3", {}});
    REQUIRE(jobs::failed_attempts(conn, failed) == 1);

    auto outcome = jobs::relaunch_job(conn, failed, {"alice", "input fixed", false});
    CHECK(outcome.done);
    CHECK(outcome.previous == JobStatus::internal_error);
    auto changes = history(conn, failed);
    REQUIRE(changes.size() == 10);
    CHECK(changes[8] == Change{"error_checked", jobs::relaunch_subtype, "relaunched by alice: input fixed"});
    CHECK(changes[9] == Change{"ready", "", ""});
    CHECK(jobs::failed_attempts(conn, failed) == 0);

    SECTION("external_error too") {
        auto external = job_in(conn, "external", to_processing);
        jobs::set_job_status(conn, external, JobStatus::external_error);
        CHECK(jobs::relaunch_job(conn, external, as_tester()).done);
        CHECK(last_status(conn, external) == "ready");
    }
    SECTION("error_checked written by someone else: a new Operator relaunch, then ready") {
        auto checked = job_in(conn, "checked", to_processing);
        jobs::set_job_status(conn, checked, JobStatus::internal_error);
        jobs::set_job_status(conn, checked, JobStatus::error_checked, {"Monitor", "worker lost", {}});
        CHECK(jobs::relaunch_job(conn, checked, as_tester()).done);
        auto h = history(conn, checked);
        CHECK(h[h.size() - 2] == Change{"error_checked", jobs::relaunch_subtype, "relaunched by tester"});
        CHECK(h.back().status == "ready");
        CHECK(jobs::failed_attempts(conn, checked) == 0);
    }
    SECTION("already error_checked by an operator relaunch: only ready") {
        auto checked = job_in(conn, "checked", to_processing);
        jobs::set_job_status(conn, checked, JobStatus::internal_error);
        jobs::set_job_status(conn, checked, JobStatus::error_checked, {jobs::relaunch_subtype, "by hand", {}});
        auto before = history(conn, checked).size();
        CHECK(jobs::relaunch_job(conn, checked, as_tester()).done);
        auto h = history(conn, checked);
        CHECK(h.size() == before + 1);
        CHECK(h.back().status == "ready");
    }
    SECTION("a worker still running the job is fenced off: its late interruption is refused") {
        auto forced = job_in(conn, "forced", to_processing);
        auto const worker_attempt = static_cast<int>(conn.query("select attempt from hrsi.jobs where id = $1", forced).get_int(0, 0));
        jobs::set_job_status(conn, forced, JobStatus::internal_error, {"Operator", "forced", {}});
        CHECK(jobs::relaunch_job(conn, forced, as_tester()).done);
        CHECK_THROWS_AS(jobs::set_job_status(conn, forced, JobStatus::external_error,
                                             {std::string(jobs::interrupted_subtype), "SIGTERM", worker_attempt}),
                        StaleAttempt);
        CHECK(last_status(conn, forced) == "ready");
    }
    SECTION("dry run: decided, nothing written") {
        auto external = job_in(conn, "external", to_processing);
        jobs::set_job_status(conn, external, JobStatus::external_error);
        CHECK(jobs::relaunch_job(conn, external, as_tester(true)).done);
        CHECK(last_status(conn, external) == "external_error");
    }
}

TEST_CASE("relaunch: refused with a reason for a job not in error, unknown job", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto done = job_in(conn, "done", to_processing);
    for (auto s : {JobStatus::post_processing, JobStatus::processed, JobStatus::start_publication,
                   JobStatus::published, JobStatus::done}) {
        jobs::set_job_status(conn, done, s);
    }
    auto before = history(conn, done);
    auto outcome = jobs::relaunch_job(conn, done, as_tester());
    CHECK_FALSE(outcome.done);
    CHECK(outcome.previous == JobStatus::done);
    CHECK_THAT(outcome.reason, Catch::Contains(fmt::format("job {} is done", done)) &&
                                   Catch::Contains("internal_error, external_error or error_checked"));
    CHECK(history(conn, done) == before);

    auto ready = job_in(conn, "ready", to_ready);
    CHECK_FALSE(jobs::relaunch_job(conn, ready, as_tester()).done);
    auto fresh = testing::insert_test_job(conn, "no-status");
    CHECK_THAT(jobs::relaunch_job(conn, fresh, as_tester()).reason, Catch::Contains("without status"));
    CHECK_THROWS_AS(jobs::relaunch_job(conn, 987654, as_tester()), NotFound);

    // Through the command: the others are still done, exit 65.
    auto failed = job_in(conn, "failed", to_processing);
    jobs::set_job_status(conn, failed, JobStatus::internal_error);
    tools::StatusOptions options;
    options.command = "relaunch";
    options.arguments = {std::to_string(done), "-"};
    std::string out;
    CHECK(status_command(database, options, out, std::to_string(failed) + "\n") == exit_data);
    CHECK(out == lines({failed}));
    CHECK(last_status(conn, failed) == "ready");
    CHECK(last_status(conn, done) == "done");
}

TEST_CASE("cancel: where the transitions allow it, refused with a reason otherwise", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto ready = job_in(conn, "ready", to_ready);
    auto outcome = jobs::cancel_job(conn, ready, {"bob", "", false});
    CHECK(outcome.done);
    CHECK(outcome.previous == JobStatus::ready);
    CHECK(last_change(conn, ready) == Change{"cancelled", "", "cancelled by bob"});

    auto processing = job_in(conn, "processing", to_processing);
    CHECK(jobs::cancel_job(conn, processing, {"bob", "wrong tile", false}).done);
    CHECK(last_change(conn, processing) == Change{"cancelled", "", "cancelled by bob: wrong tile"});
    // Its worker, still running, is fenced off.
    auto const stale = static_cast<int>(conn.query("select attempt - 1 from hrsi.jobs where id = $1", processing).get_int(0, 0));
    CHECK_THROWS_AS(jobs::set_job_status(conn, processing, JobStatus::post_processing, {{}, {}, stale}), StaleAttempt);

    auto checked = job_in(conn, "checked", to_processing);
    jobs::set_job_status(conn, checked, JobStatus::internal_error);
    auto refused = jobs::cancel_job(conn, checked, as_tester());
    CHECK_FALSE(refused.done);
    CHECK_THAT(refused.reason, Catch::Contains("is internal_error") && Catch::Contains("error_checked"));
    jobs::set_job_status(conn, checked, JobStatus::error_checked);
    CHECK(jobs::cancel_job(conn, checked, as_tester()).done);

    auto queued = job_in(conn, "queued", {JobStatus::initialized, JobStatus::configured, JobStatus::ready,
                                          JobStatus::queued});
    CHECK_THAT(jobs::cancel_job(conn, queued, as_tester()).reason, Catch::Contains("is queued"));
    CHECK(last_status(conn, queued) == "queued");
    CHECK_THAT(jobs::cancel_job(conn, ready, as_tester()).reason, Catch::Contains("already cancelled"));

    auto fresh = testing::insert_test_job(conn, "no-status");
    CHECK(jobs::cancel_job(conn, fresh, as_tester(true)).done);
    CHECK(history(conn, fresh).empty());

    // Every status: the outcome agrees with the transitions table.
    for (auto from : all_statuses) {
        auto id = testing::insert_test_job(conn, fmt::format("from-{}", status_name(from)));
        for (auto s : path_to(from)) jobs::set_job_status(conn, id, s);
        CAPTURE(status_name(from));
        CHECK(jobs::cancel_job(conn, id, as_tester(true)).done == is_allowed_transition(from, JobStatus::cancelled));
    }
}

TEST_CASE("bulk selection: filters instead of ids, a count, --yes above 5 jobs", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    std::vector<std::int64_t> failed;
    for (int i = 0; i < 7; ++i) {
        failed.push_back(job_in(conn, fmt::format("failed-{}", i), to_processing));
        jobs::set_job_status(conn, failed.back(), JobStatus::internal_error);
    }
    auto ready = job_in(conn, "ready", to_ready);
    conn.query("update hrsi.jobs set tile_id = '32TLR' where id = any ($1::bigint[])",
               std::vector<std::int64_t>{failed[0], failed[1], ready});

    tools::StatusOptions options;
    options.command = "relaunch";
    std::string out;

    SECTION("more than 5 jobs without --yes: usage error, nothing done") {
        options.types = {"test_job"};  // default status: the error ones, so 7 (not 8) match
        CHECK_THROWS_WITH(status_command(database, options, out),
                          "7 jobs match; add --yes to act on all of them");
        for (auto id : failed) CHECK(last_status(conn, id) == "internal_error");
        options.dry_run = true;  // a dry run needs no --yes
        CHECK(status_command(database, options, out) == exit_ok);
        CHECK(out == lines(failed));
        CHECK(last_status(conn, failed[0]) == "internal_error");
        options.dry_run = false;
        options.yes = true;
        CHECK(status_command(database, options, out) == exit_ok);
        CHECK(out == lines(failed));
        for (auto id : failed) CHECK(last_status(conn, id) == "ready");
    }
    SECTION("5 jobs or fewer need no --yes; an explicit status that is refused counts as refusal") {
        options.tile = "32TLR";
        CHECK(status_command(database, options, out) == exit_ok);
        CHECK(out == lines({failed[0], failed[1]}));
        options.command = "cancel";
        options.statuses = {"ready"};  // failed[0], failed[1] (just relaunched) and `ready`
        CHECK(status_command(database, options, out) == exit_ok);
        CHECK(out == lines({failed[0], failed[1], ready}));
        options.statuses = {"cancelled"};
        CHECK(status_command(database, options, out) == exit_data);  // already cancelled
        CHECK(out.empty());
    }
    SECTION("set takes the filters too, the status as its only argument") {
        options.command = "set";
        options.statuses = {"internal_error"};
        options.arguments = {"error_checked"};
        CHECK_THROWS_WITH(status_command(database, options, out), Catch::StartsWith("7 jobs match"));
        options.yes = true;
        CHECK(status_command(database, options, out) == exit_ok);
        CHECK(out == lines(failed));
        CHECK(last_status(conn, failed[6]) == "error_checked");
    }
    SECTION("ids and filters together, or neither: usage errors") {
        options.arguments = {std::to_string(failed[0])};
        options.statuses = {"internal_error"};
        CHECK_THROWS_AS(status_command(database, options, out), UsageError);
        options.arguments.clear();
        options.statuses.clear();
        CHECK_THROWS_AS(status_command(database, options, out), UsageError);
        options.command = "set";
        options.arguments = {std::to_string(failed[0]), "ready"};
        options.tile = "32TLR";
        CHECK_THROWS_AS(status_command(database, options, out), UsageError);
    }
}
