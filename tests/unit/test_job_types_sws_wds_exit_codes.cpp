// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_exit_codes.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

util::ChildResult exited(int code) {
    util::ChildResult result;
    result.ending = util::ChildResult::Ending::exited;
    result.exit_code = code;
    return result;
}

}  // namespace

TEST_CASE("sws_wds exit codes: 0 is processed with every product", "[sws_wds]") {
    auto const exit = read_sws_wds_exit(exited(0));
    CHECK(exit.outcome.kind == ProgramOutcome::Kind::products);
    CHECK(exit.outcome.return_code == 0);
    CHECK_FALSE(exit.assembly_empty);
    CHECK_FALSE(exit.no_sws);
    CHECK_FALSE(exit.no_wds);
}

TEST_CASE("sws_wds exit codes: each of 0xD0-0xD7 gives its three flags", "[sws_wds]") {
    for (int code = 0xD0; code <= 0xD7; ++code) {
        CAPTURE(code);
        auto const exit = read_sws_wds_exit(exited(code));
        CHECK(exit.assembly_empty == ((code & 1) != 0));
        CHECK(exit.no_sws == ((code & 2) != 0));
        CHECK(exit.no_wds == ((code & 4) != 0));
        CHECK(exit.outcome.return_code == code);
        CHECK(exit.outcome.subtype.empty());
        // Only "nothing at all" is a run without product: an assembly alone is an output.
        CHECK(exit.outcome.kind ==
              (code == 0xD7 ? ProgramOutcome::Kind::no_product : ProgramOutcome::Kind::products));
    }
}

TEST_CASE("sws_wds exit codes: the flags are named in the description", "[sws_wds]") {
    CHECK(read_sws_wds_exit(exited(0xD0)).outcome.description == "exit code 208 (no flag)");
    CHECK(read_sws_wds_exit(exited(0xD1)).outcome.description == "exit code 209 (assembly empty)");
    CHECK(read_sws_wds_exit(exited(0xD2)).outcome.description == "exit code 210 (no SWS)");
    CHECK(read_sws_wds_exit(exited(0xD4)).outcome.description == "exit code 212 (no WDS)");
    CHECK(read_sws_wds_exit(exited(0xD7)).outcome.description ==
          "exit code 215 (assembly empty, no SWS, no WDS)");
}

TEST_CASE("sws_wds exit codes: 200-249 outside the flags is processed, no flag", "[sws_wds]") {
    for (int code : {200, 205, 207, 216, 240, 249}) {
        CAPTURE(code);
        auto const exit = read_sws_wds_exit(exited(code));
        CHECK(exit.outcome.kind == ProgramOutcome::Kind::products);
        CHECK_FALSE(exit.assembly_empty);
        CHECK_FALSE(exit.no_sws);
        CHECK_FALSE(exit.no_wds);
    }
}

TEST_CASE("sws_wds exit codes: failures as the reference classifies them", "[sws_wds]") {
    SECTION("1-99: internal, SIP unrecoverable error") {
        for (int code : {1, 42, 99}) {
            auto const exit = read_sws_wds_exit(exited(code));
            CHECK(exit.outcome.kind == ProgramOutcome::Kind::failed);
            CHECK(exit.outcome.failure == FailureKind::internal);
            CHECK(exit.outcome.subtype == "SIP unrecoverable error");
            CHECK(exit.outcome.retry);
        }
    }
    SECTION("100-199: external, SIP expected error") {
        for (int code : {100, 150, 199}) {
            auto const exit = read_sws_wds_exit(exited(code));
            CHECK(exit.outcome.kind == ProgramOutcome::Kind::failed);
            CHECK(exit.outcome.failure == FailureKind::external);
            CHECK(exit.outcome.subtype == "SIP expected error");
        }
    }
    SECTION("250-255: internal, the reference's subtype") {
        for (int code : {250, 255}) {
            auto const exit = read_sws_wds_exit(exited(code));
            CHECK(exit.outcome.kind == ProgramOutcome::Kind::failed);
            CHECK(exit.outcome.failure == FailureKind::internal);
            CHECK(exit.outcome.subtype == "SIP expected error");
            CHECK_FALSE(exit.assembly_empty);
        }
    }
    SECTION("a signal or a timeout: external, no flag") {
        util::ChildResult killed;
        killed.ending = util::ChildResult::Ending::signalled;
        killed.signal = 9;
        killed.exit_code = -1;
        auto const exit = read_sws_wds_exit(killed);
        CHECK(exit.outcome.kind == ProgramOutcome::Kind::failed);
        CHECK(exit.outcome.failure == FailureKind::external);
        CHECK_FALSE(exit.assembly_empty);
        util::ChildResult late;
        late.ending = util::ChildResult::Ending::timed_out;
        late.exit_code = 0xD1;  // what it might have ended with after the kill: not read
        auto const timed_out = read_sws_wds_exit(late);
        CHECK(timed_out.outcome.kind == ProgramOutcome::Kind::failed);
        CHECK_FALSE(timed_out.assembly_empty);
    }
}
