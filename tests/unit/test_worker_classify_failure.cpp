// SPDX-License-Identifier: Apache-2.0
// classify_failure(): every exception a worker step may end with, and what the worker records.
#include <hrsi/containers/container.hpp>
#include <hrsi/storage/storage_error.hpp>
#include <hrsi/util/child_process.hpp>
#include <hrsi/worker/classify_failure.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>

using hrsi::jobs::FailureKind;
using hrsi::worker::FailureClass;
using hrsi::worker::classify_failure;
using Action = FailureClass::Action;

namespace {

template <typename E>
FailureClass classify(E const& error) {
    return classify_failure(std::make_exception_ptr(error));
}

void check_failure(FailureClass const& result, FailureKind kind, std::string const& subtype,
                   std::string const& message, bool retry) {
    CHECK(result.action == Action::record_failure);
    CHECK(result.kind == kind);
    CHECK(result.subtype == subtype);
    CHECK(result.message == message);
    CHECK(result.retry == retry);
}

}  // namespace

TEST_CASE("a storage internal error is final, with its subtype apart from its message", "[worker]") {
    auto const result = classify(hrsi::storage::StorageInternalError("Storage link refused", "a link at x"));
    check_failure(result, FailureKind::internal, "Storage link refused", "a link at x", false);
    CHECK_FALSE(result.stop_may_explain);
}

TEST_CASE("a storage external error runs again, unless a stop request explains it", "[worker]") {
    auto const result = classify(hrsi::storage::StorageExternalError("Storage network error", "timed out"));
    check_failure(result, FailureKind::external, "Storage network error", "timed out", true);
    CHECK(result.stop_may_explain);
}

TEST_CASE("an unreachable container engine is external and runs again", "[worker]") {
    auto const result = classify(hrsi::containers::EngineUnavailable("no daemon"));
    check_failure(result, FailureKind::external, "Container engine error", "no daemon", true);
    CHECK_FALSE(result.stop_may_explain);
}

TEST_CASE("container configuration errors are internal and final", "[worker]") {
    check_failure(classify(hrsi::containers::RuntimeNotFound("no podman")), FailureKind::internal,
                  "Container runtime error", "no podman", false);
    check_failure(classify(hrsi::containers::ImageNotFound("no image")), FailureKind::internal,
                  "Container image error", "no image", false);
    check_failure(classify(hrsi::containers::InvalidImageReference("bad ref")), FailureKind::internal,
                  "Container image error", "bad ref", false);
    check_failure(classify(hrsi::containers::ProgramNotFound("no program")), FailureKind::internal,
                  "Program not found", "no program", false);
    check_failure(classify(hrsi::util::ChildStartError("cannot exec")), FailureKind::internal,
                  "Program not found", "cannot exec", false);
}

TEST_CASE("a stale attempt or a changed status records nothing", "[worker]") {
    auto const stale = classify(hrsi::StaleAttempt("attempt 3 is current"));
    CHECK(stale.action == Action::stale_attempt);
    CHECK(stale.message == "attempt 3 is current");
    auto const changed = classify(hrsi::InvalidTransition("cancelled"));
    CHECK(changed.action == Action::changed_status);
    CHECK(changed.message == "cancelled");
}

TEST_CASE("a worker step's own failure is recorded as it says", "[worker]") {
    check_failure(classify(hrsi::jobs::WorkerFailure(FailureKind::external, "Download error", "gone", true)),
                  FailureKind::external, "Download error", "gone", true);
    check_failure(classify(hrsi::jobs::WorkerFailure(FailureKind::internal, "Bad input", "refused", false)),
                  FailureKind::internal, "Bad input", "refused", false);
}

TEST_CASE("an unreachable database is let through", "[worker]") {
    CHECK(classify(hrsi::ServiceUnavailable("no server")).action == Action::rethrow);
    CHECK(classify_failure(std::make_exception_ptr(42)).action == Action::rethrow);
}

TEST_CASE("a temporary failure runs again, any other exception is internal and final", "[worker]") {
    check_failure(classify(hrsi::TemporaryFailure("deadlock")), FailureKind::external, "Temporary failure",
                  "deadlock", true);
    check_failure(classify(hrsi::NotFound("no row")), FailureKind::internal, "Unknown exception", "no row", false);
    check_failure(classify(std::runtime_error("boom")), FailureKind::internal, "Unknown exception", "boom", false);
}
