// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;

TEST_CASE("errors map to the exit codes of DESIGN.md", "[error]") {
    CHECK(exit_code_for(UsageError("x")) == 64);
    CHECK(exit_code_for(InputError("x")) == 65);
    CHECK(exit_code_for(NotFound("x")) == 65);
    CHECK(exit_code_for(InvalidTransition("x")) == 65);
    CHECK(exit_code_for(StaleAttempt("x")) == 65);
    CHECK(exit_code_for(ServiceUnavailable("x")) == 69);
    CHECK(exit_code_for(InternalError("x")) == 70);
    CHECK(exit_code_for(TemporaryFailure("x")) == 75);
    CHECK(exit_code_for(std::runtime_error("x")) == 70);
}
