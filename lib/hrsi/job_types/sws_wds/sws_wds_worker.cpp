// SPDX-License-Identifier: Apache-2.0
// The SWS/WDS worker steps (reference §5.6). The type is not registered: until its worker is
// written here, a job of it that reaches a worker fails with an internal error.
#include <hrsi/job_types/sws_wds/sws_wds_job.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>

namespace hrsi::jobs {
namespace {

[[noreturn]] void no_worker() {
    throw InternalError("SWS/WDS worker steps are in sws_wds_worker.cpp");
}

}  // namespace

void SwsWdsJob::job_pre_processing(WorkerContext& context) {
    (void)context;
    no_worker();
}

void SwsWdsJob::write_parameters(WorkerContext const& context, JsonWriter& writer) const {
    (void)context;
    (void)writer;
    no_worker();
}

ProgramOutcome SwsWdsJob::interpret_program_result(util::ChildResult const& result) const {
    (void)result;
    no_worker();
}

void SwsWdsJob::job_post_processing(WorkerContext& context, ProgramOutcome const& outcome) {
    (void)context;
    (void)outcome;
    no_worker();
}

}  // namespace hrsi::jobs
