// SPDX-License-Identifier: Apache-2.0
// job_processing overridden by a type that runs two programs in sequence (as RLIE-S1 runs an
// intersection program, then the chain), through the worker's real program runner (runtime
// none, real processes): each program's result read by its own table, the second not run when
// the first failed or found nothing to do, each program's log apart.
#include "temp_database.hpp"
#include "test_files.hpp"

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/job_types/test/test_job.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/worker/program_runner.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace hrsi;
namespace fs = std::filesystem;
using testing::TempFolder;

namespace {

// Each program touches a marker file, then exits with its code.
jobs::ProgramRun marking_program(std::string name, int exit_code) {
    jobs::ProgramRun program;
    program.name = name;
    program.command = {"/bin/sh", "-c", fmt::format("echo {} ran; touch \"$0\"; exit {}", name, exit_code),
                       "/work/temp/" + name + ".ran"};
    return program;
}

// A test double of a two-program type. The intersection program's table: 0 go on, 3 no tile
// to process (no product), anything else an external failure.
class TwoProgramJob final : public jobs::JobTemplate {
public:
    int intersection_code = 0;
    int chain_code = 0;

    [[nodiscard]] jobs::JobTypeInfo const& info() const noexcept override { return jobs::TestJob::info_; }
    void from_database_value(db::Result const&, int) override {}
    [[nodiscard]] jobs::ColumnValues to_database_value() const override { return {}; }
    jobs::Configuration configure_single_job(jobs::JobContext&) override { return {}; }
    [[nodiscard]] bool generated_a_product() const override { return false; }
    void job_pre_processing(jobs::WorkerContext&) override {}
    void job_post_processing(jobs::WorkerContext&, jobs::ProgramOutcome const&) override {}

    jobs::ProgramOutcome job_processing(jobs::WorkerContext&, jobs::ProgramRunner& runner) override {
        auto const first = read_intersection(runner.run(marking_program("intersection", intersection_code)));
        if (first.kind != jobs::ProgramOutcome::Kind::products) return first;
        return interpret_program_result(runner.run(marking_program("chain", chain_code)));
    }

private:
    static jobs::ProgramOutcome read_intersection(util::ChildResult const& result) {
        jobs::ProgramOutcome outcome;
        outcome.return_code = result.exit_code;
        outcome.description = "intersection: " + result.describe();
        if (result.ending == util::ChildResult::Ending::exited && result.exit_code == 0) {
            outcome.kind = jobs::ProgramOutcome::Kind::products;
        } else if (result.ending == util::ChildResult::Ending::exited && result.exit_code == 3) {
            outcome.kind = jobs::ProgramOutcome::Kind::no_product;
        } else {
            outcome.kind = jobs::ProgramOutcome::Kind::failed;
            outcome.failure = jobs::FailureKind::external;
            outcome.subtype = "Intersection error";
        }
        return outcome;
    }
};

struct Run {
    testing::TempDatabase database;
    db::Connection conn = database.connect();
    TempFolder root{"hrsi-job-processing"};
    util::Log log{"test", -1};
    db::SystemParameterValues parameters = db::load_system_parameters(conn);
    jobs::StorageRoots roots = jobs::StorageRoots::from(parameters);
    storage::Storage storage{storage::StorageOptions{}};
    jobs::WorkFolder folder;
    aux::AuxCache cache{{root.path() / "aux-cache"}, log};
    aux::AuxiliaryData auxiliary{cache, storage::Location::parse(roots.auxiliary), roots.auxiliary_version, storage,
                                 log};

    Run() {
        folder.root = root.path() / "job";
        folder.program_root = folder.root.string();
        for (auto const& path : {folder.logs(), folder.temp()}) fs::create_directories(path);
    }

    jobs::ProgramOutcome process(TwoProgramJob& job) {
        jobs::WorkerContext context{conn, parameters, log, storage, roots, folder, 1, {}, {}, auxiliary};
        worker::ProgramSettings settings;
        settings.runtime = containers::Runtime::none;
        settings.job_id = 1;
        settings.attempt = 1;
        worker::ContainerProgramRunner runner(job.info(), context, settings, {}, {});
        return job.job_processing(context, runner);
    }
    [[nodiscard]] bool ran(std::string const& name) const { return fs::exists(folder.temp() / (name + ".ran")); }
    [[nodiscard]] bool logged(std::string const& name) const {
        return testing::read_file(folder.logs() / (name + ".log")).find(name + " ran") != std::string::npos;
    }
};

}  // namespace

TEST_CASE("job_processing: two programs in sequence, each read by its own table", "[worker][job_processing]") {
    Run run;
    TwoProgramJob job;

    SECTION("both succeed: the chain's outcome, each program's log apart") {
        auto const outcome = run.process(job);
        CHECK(outcome.kind == jobs::ProgramOutcome::Kind::products);
        CHECK(run.ran("intersection"));
        CHECK(run.ran("chain"));
        CHECK(run.logged("intersection"));
        CHECK(run.logged("chain"));
    }
    SECTION("the first fails: its own subtype, and the second is not run") {
        job.intersection_code = 1;
        auto const outcome = run.process(job);
        CHECK(outcome.kind == jobs::ProgramOutcome::Kind::failed);
        CHECK(outcome.subtype == "Intersection error");
        CHECK(outcome.failure == jobs::FailureKind::external);
        CHECK(outcome.return_code == 1);
        CHECK(run.ran("intersection"));
        CHECK_FALSE(run.ran("chain"));
        CHECK_FALSE(fs::exists(run.folder.logs() / "chain.log"));
    }
    SECTION("the first's code 3 means no tile by its table (a failure by the standard one)") {
        job.intersection_code = 3;
        auto const outcome = run.process(job);
        CHECK(outcome.kind == jobs::ProgramOutcome::Kind::no_product);
        CHECK(outcome.description == "intersection: exit code 3");
        CHECK_FALSE(run.ran("chain"));
    }
    SECTION("the second's code is read by the type's return-code table") {
        job.chain_code = 205;
        CHECK(run.process(job).kind == jobs::ProgramOutcome::Kind::no_product);
        job.chain_code = 150;
        auto const external = run.process(job);
        CHECK(external.kind == jobs::ProgramOutcome::Kind::failed);
        CHECK(external.failure == jobs::FailureKind::external);
        CHECK(external.subtype == "SIP expected error");
        job.chain_code = 3;
        auto const internal = run.process(job);
        CHECK(internal.kind == jobs::ProgramOutcome::Kind::failed);
        CHECK(internal.subtype == "SIP unrecoverable error");
        CHECK(run.ran("intersection"));
        CHECK(run.ran("chain"));
    }
}

TEST_CASE("job_processing: the default runs the type's single program", "[worker][job_processing]") {
    Run run;
    db::set_system_parameter(run.conn, "command_for_test_job_processing",
                             R"(["/bin/sh", "-c", "touch \"$0\"; exit 201", "/work/temp/program.ran"])");
    run.parameters = db::load_system_parameters(run.conn);
    jobs::TestJob job;
    jobs::WorkerContext context{run.conn, run.parameters, run.log, run.storage, run.roots, run.folder, 1, {}, {}, run.auxiliary};
    worker::ProgramSettings settings;
    settings.runtime = containers::Runtime::none;
    worker::ContainerProgramRunner runner(job.info(), context, settings, {}, {});
    auto const outcome = job.job_processing(context, runner);
    CHECK(outcome.kind == jobs::ProgramOutcome::Kind::no_product);
    CHECK(outcome.return_code == 201);
    CHECK(run.ran("program"));
    CHECK(fs::exists(run.folder.logs() / "program.log"));
}
