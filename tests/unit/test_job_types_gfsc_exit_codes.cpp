// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_exit_codes.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

util::ChildResult exited(int code) {
    util::ChildResult result;
    result.ending = util::ChildResult::Ending::exited;
    result.exit_code = code;
    return result;
}

util::ChildResult ended(util::ChildResult::Ending ending) {
    util::ChildResult result;
    result.ending = ending;
    result.exit_code = -1;
    result.signal = ending == util::ChildResult::Ending::signalled ? 9 : 0;
    return result;
}

}  // namespace

TEST_CASE("gfsc exit codes: 0 is processed", "[gfsc]") {
    auto const outcome = gfsc_program_outcome(exited(0));
    CHECK(outcome.kind == ProgramOutcome::Kind::products);
    CHECK(outcome.return_code == 0);
    CHECK(outcome.description == "exit code 0");
}

TEST_CASE("gfsc exit codes: gf.py's codes below 100 are internal, retried, with their meaning", "[gfsc]") {
    struct Case {
        int code;
        char const* meaning;
    };
    Case const cases[] = {{31, "no input product to process"},
                          {32, "an input product or its metadata could not be read"},
                          {33, "empty input product list"}};
    for (auto const& c : cases) {
        CAPTURE(c.code);
        auto const outcome = gfsc_program_outcome(exited(c.code));
        CHECK(outcome.kind == ProgramOutcome::Kind::failed);
        CHECK(outcome.failure == FailureKind::internal);
        CHECK(outcome.subtype == "SIP unrecoverable error");
        CHECK(outcome.retry);
        CHECK(outcome.return_code == c.code);
        CHECK(outcome.description == fmt::format("exit code {} ({})", c.code, c.meaning));
    }
    // A code gf.py does not use (a Python traceback exits 1): internal, no meaning added.
    auto const crash = gfsc_program_outcome(exited(1));
    CHECK(crash.kind == ProgramOutcome::Kind::failed);
    CHECK(crash.failure == FailureKind::internal);
    CHECK(crash.description == "exit code 1");
}

TEST_CASE("gfsc exit codes: 100-199 are external, retried", "[gfsc]") {
    for (int code : {100, 120, 121, 122, 123, 131, 137, 199}) {
        CAPTURE(code);
        auto const outcome = gfsc_program_outcome(exited(code));
        CHECK(outcome.kind == ProgramOutcome::Kind::failed);
        CHECK(outcome.failure == FailureKind::external);
        CHECK(outcome.subtype == "SIP expected error");
        CHECK(outcome.retry);
        CHECK(outcome.return_code == code);
    }
    CHECK(gfsc_program_outcome(exited(120)).description == "exit code 120 (parameters file not given)");
    CHECK(gfsc_program_outcome(exited(121)).description ==
          "exit code 121 (parameters file incomplete, or the rasters could not be written)");
    CHECK(gfsc_program_outcome(exited(123)).description ==
          "exit code 123 (a raster is not a valid cloud-optimized GeoTIFF)");
    CHECK(gfsc_program_outcome(exited(131)).description ==
          "exit code 131 (an input product could not be processed)");
    CHECK(gfsc_program_outcome(exited(137)).description == "exit code 137");
}

TEST_CASE("gfsc exit codes: 200-255 read the outputs, as the reference", "[gfsc]") {
    for (int code : {200, 207, 208, 250, 255}) {
        CAPTURE(code);
        auto const outcome = gfsc_program_outcome(exited(code));
        CHECK(outcome.kind == ProgramOutcome::Kind::products);
        CHECK(outcome.subtype.empty());
        CHECK(outcome.return_code == code);
        CHECK_THAT(outcome.description, Catch::Contains("not a gf.py code"));
    }
}

TEST_CASE("gfsc exit codes: a signal, a timeout or a stop are external", "[gfsc]") {
    using Ending = util::ChildResult::Ending;
    for (auto ending : {Ending::signalled, Ending::timed_out, Ending::stopped}) {
        auto const outcome = gfsc_program_outcome(ended(ending));
        CHECK(outcome.kind == ProgramOutcome::Kind::failed);
        CHECK(outcome.failure == FailureKind::external);
        CHECK(outcome.return_code == -1);
    }
}

TEST_CASE("gfsc exit codes: every meaning is gf.py's", "[gfsc]") {
    CHECK(gfsc_exit_code_meaning(gfsc_exit_no_input) == "no input product to process");
    CHECK_FALSE(gfsc_exit_code_meaning(30).has_value());
    CHECK_FALSE(gfsc_exit_code_meaning(124).has_value());
    CHECK_FALSE(gfsc_exit_code_meaning(-1).has_value());
}
