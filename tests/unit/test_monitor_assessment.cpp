// SPDX-License-Identifier: Apache-2.0
// The monitor's rules, one observation at a time.
#include <hrsi/monitor/assessment.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::monitor;
using namespace std::chrono_literals;

namespace {

Limits limits() {
    Limits limits;
    limits.queued = 60min;
    limits.started = 30min;
    limits.pre_processing = 30min;
    limits.processing = 270min;
    limits.heartbeat_timeout = 180s;
    return limits;
}

JobState processing(std::chrono::seconds age, std::optional<Heartbeat> beat) {
    JobState job;
    job.id = 7;
    job.status = JobStatus::processing;
    job.status_age = age;
    job.attempt = 2;
    job.executor_handle = "local:worker-1:100";
    job.heartbeat = std::move(beat);
    return job;
}

Observations on(std::string host) {
    Observations seen;
    seen.this_host = std::move(host);
    return seen;
}

}  // namespace

TEST_CASE("monitor: a live worker within its limits is left alone", "[monitor]") {
    auto const job = processing(600s, Heartbeat{"worker-1", 42, 2, 20s});
    auto seen = on("worker-1");
    seen.worker_process_alive = true;
    CHECK_FALSE(assess(job, seen, limits()));
    // Seen from another host, the process cannot be checked; the fresh beat suffices.
    CHECK_FALSE(assess(job, on("monitor-host"), limits()));
}

TEST_CASE("monitor: a step over its time limit is overdue, whatever the worker says", "[monitor]") {
    auto const job = processing(271min, Heartbeat{"worker-1", 42, 2, 5s});
    auto const verdict = assess(job, on("worker-1"), limits());
    REQUIRE(verdict);
    CHECK(verdict->cause == Cause::overdue);
    CHECK(verdict->subtype == "Step time limit exceeded");
    CHECK_THAT(verdict->message, Catch::Contains("271 min") && Catch::Contains("270 min"));
    // post_processing has no limit by default.
    auto post = job;
    post.status = JobStatus::post_processing;
    CHECK_FALSE(assess(post, on("other"), limits()));
}

TEST_CASE("monitor: a worker whose process is gone on this host is lost at once", "[monitor]") {
    auto const job = processing(10s, Heartbeat{"worker-1", 42, 2, 1s});
    auto seen = on("worker-1");
    seen.worker_process_alive = false;
    auto const verdict = assess(job, seen, limits());
    REQUIRE(verdict);
    CHECK(verdict->subtype == "Worker lost");
    CHECK_THAT(verdict->message, Catch::Contains("pid 42 on worker-1") && Catch::Contains("gone"));
}

TEST_CASE("monitor: a stale heartbeat, or none past the timeout, means a lost worker", "[monitor]") {
    auto const stale = assess(processing(600s, Heartbeat{"worker-1", 42, 2, 181s}), on("elsewhere"), limits());
    REQUIRE(stale);
    CHECK_THAT(stale->message, Catch::Contains("181 s"));
    CHECK_FALSE(assess(processing(100s, std::nullopt), on("elsewhere"), limits()));
    auto const none = assess(processing(200s, std::nullopt), on("elsewhere"), limits());
    REQUIRE(none);
    CHECK_THAT(none->message, Catch::Contains("without a heartbeat of attempt 2"));
    // A heartbeat of an earlier attempt is not this worker's.
    auto const old = assess(processing(200s, Heartbeat{"worker-1", 42, 1, 1s}), on("elsewhere"), limits());
    REQUIRE(old);
    CHECK(old->subtype == "Worker lost");
}

TEST_CASE("monitor: queued jobs, by executor", "[monitor]") {
    JobState job;
    job.id = 9;
    job.status = JobStatus::queued;
    job.attempt = 1;
    job.status_age = 300s;

    SECTION("Nomad dispatch gone or ended: inconsistency; running: alone") {
        job.executor_handle = "si-processing/dispatch-1700000000-ab12cd34";
        CHECK(handled_by_nomad(job.executor_handle));
        auto seen = on("monitor");
        seen.dispatch_missing = true;
        auto const missing = assess(job, seen, limits());
        REQUIRE(missing);
        CHECK(missing->subtype == "Job inconsistency with Nomad");
        CHECK(missing->checked_message == "Error automatically checked as it's coming from Nomad.");
        seen.dispatch_missing = false;
        seen.allocations = std::vector<nomad::Allocation>{{"a1", "failed", "run"}, {"a2", "lost", "stop"}};
        CHECK(assess(job, seen, limits()));
        seen.allocations = std::vector<nomad::Allocation>{{"a1", "failed", "run"}, {"a2", "running", "run"}};
        CHECK_FALSE(assess(job, seen, limits()));
        job.status_age = 100s;  // within the grace period: Nomad is not even asked
        CHECK_FALSE(assess(job, on("monitor"), limits()));
    }
    SECTION("local: the dispatcher that was to run it is gone") {
        job.executor_handle = "local:host-a:4242";
        auto const dispatcher = local_dispatcher(job.executor_handle);
        REQUIRE(dispatcher);
        CHECK(dispatcher->first == "host-a");
        CHECK(dispatcher->second == 4242);
        auto seen = on("host-a");
        seen.dispatcher_process_alive = false;
        auto const verdict = assess(job, seen, limits());
        REQUIRE(verdict);
        CHECK_THAT(verdict->message, Catch::Contains("pid 4242"));
        seen.dispatcher_process_alive = true;
        CHECK_FALSE(assess(job, seen, limits()));
    }
    SECTION("print: only the time limit applies") {
        job.executor_handle = "print";
        CHECK_FALSE(handled_by_nomad(job.executor_handle));
        CHECK_FALSE(assess(job, on("x"), limits()));
        job.status_age = 61min;
        CHECK(assess(job, on("x"), limits())->cause == Cause::overdue);
    }
    CHECK_FALSE(local_dispatcher("local:host"));
    CHECK_FALSE(local_dispatcher("local:host:pid"));
}

TEST_CASE("monitor: a job whose worker asked to run again, and nobody did", "[monitor]") {
    JobState job;
    job.id = 11;
    job.status = JobStatus::external_error;
    job.attempt = 1;
    job.status_age = 100s;
    CHECK_FALSE(assess(job, on("x"), limits()));  // Nomad's restart may still come
    job.status_age = 200s;
    auto const verdict = assess(job, on("x"), limits());
    REQUIRE(verdict);
    CHECK(verdict->cause == Cause::rerun_lost);
    CHECK_THAT(verdict->message, Catch::Contains("asked to run again 200 s ago"));
    // A worker of this attempt beating: the rerun is under way.
    job.status = JobStatus::error_checked;
    job.heartbeat = Heartbeat{"w", 5, 1, 10s};
    CHECK_FALSE(assess(job, on("x"), limits()));
}
