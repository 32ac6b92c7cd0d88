// SPDX-License-Identifier: Apache-2.0
#include <hrsi/worker/classify_failure.hpp>

#include <hrsi/containers/container.hpp>
#include <hrsi/storage/storage_error.hpp>
#include <hrsi/util/child_process.hpp>

#include <string_view>

namespace hrsi::worker {
namespace {

using jobs::FailureKind;
using Action = FailureClass::Action;

FailureClass failure(FailureKind kind, std::string subtype, std::string message, bool retry) {
    FailureClass result;
    result.kind = kind;
    result.subtype = std::move(subtype);
    result.message = std::move(message);
    result.retry = retry;
    return result;
}

FailureClass nothing_to_record(Action action, std::string message) {
    FailureClass result;
    result.action = action;
    result.message = std::move(message);
    return result;
}

// A storage error's message without its subtype, which the status records on its own.
std::string details_of(storage::StorageError const& error) {
    std::string_view message = error.what();
    auto const prefix = error.subtype() + ": ";
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
    return std::string(message);
}

}  // namespace

// The order of the clauses matters: EngineUnavailable is a ServiceUnavailable, and the storage
// and container errors are Errors.
FailureClass classify_failure(std::exception_ptr const& error) {
    try {
        std::rethrow_exception(error);
    } catch (storage::StorageInternalError const& e) {
        return failure(FailureKind::internal, e.subtype(), details_of(e), false);
    } catch (storage::StorageExternalError const& e) {
        auto result = failure(FailureKind::external, e.subtype(), details_of(e), true);
        result.stop_may_explain = true;
        return result;
    } catch (containers::EngineUnavailable const& e) {
        return failure(FailureKind::external, "Container engine error", e.what(), true);
    } catch (containers::RuntimeNotFound const& e) {
        return failure(FailureKind::internal, "Container runtime error", e.what(), false);
    } catch (containers::ImageNotFound const& e) {
        return failure(FailureKind::internal, "Container image error", e.what(), false);
    } catch (containers::ProgramNotFound const& e) {
        return failure(FailureKind::internal, "Program not found", e.what(), false);
    } catch (util::ChildStartError const& e) {
        return failure(FailureKind::internal, "Program not found", e.what(), false);
    } catch (StaleAttempt const& e) {
        return nothing_to_record(Action::stale_attempt, e.what());
    } catch (InvalidTransition const& e) {
        return nothing_to_record(Action::changed_status, e.what());
    } catch (jobs::WorkerFailure const& e) {
        return failure(e.kind(), e.subtype(), e.what(), e.retry());
    } catch (ServiceUnavailable const& e) {
        return nothing_to_record(Action::rethrow, e.what());
    } catch (TemporaryFailure const& e) {
        // A deadlock, a serialization failure, a full disk: worth another try.
        return failure(FailureKind::external, "Temporary failure", e.what(), true);
    } catch (std::exception const& e) {
        return failure(FailureKind::internal, "Unknown exception", e.what(), false);
    } catch (...) {
        return nothing_to_record(Action::rethrow, "not an std::exception");
    }
}

}  // namespace hrsi::worker
