// SPDX-License-Identifier: Apache-2.0
// The progress line: count, rate, share and time left.
#include <hrsi/util/progress.hpp>

#include <catch2/catch.hpp>

using hrsi::util::Progress;
using namespace std::chrono_literals;

TEST_CASE("progress: count and rate without a total, share and time left with one", "[util]") {
    CHECK(Progress::line("fsc_rlie_job jobs", "products read", 120000, std::nullopt, 16.83s) ==
          "fsc_rlie_job jobs: 120,000 products read, 7,130/s");
    CHECK(Progress::line("publishing", "jobs", 4000, 10000, 2s) ==
          "publishing: 4,000 of 10,000 jobs (40%), 2,000/s, about 3 s left");
    CHECK(Progress::line("publishing", "jobs", 10, 1000000, 1s) ==
          "publishing: 10 of 1,000,000 jobs (0%), 10/s, about 27 h 46 min left");
    CHECK(Progress::line("x", "items", 0, std::nullopt, 0s) == "x: 0 items");
}

TEST_CASE("progress: nothing is drawn when stderr is not a terminal or the log is quiet or JSON", "[util]") {
    hrsi::util::Log const quiet("test", -1);
    CHECK_FALSE(Progress(quiet, "x", "items").shown());
    hrsi::util::Log const json("test", 0, hrsi::util::Log::Format::json);
    CHECK_FALSE(Progress(json, "x", "items").shown());
}
