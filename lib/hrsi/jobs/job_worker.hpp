// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a job type's worker steps (the seed's "Run worker" methods) get from hrsi-run-worker,
// and what they give back. lib/hrsi/worker/ runs the steps; each type implements them.

#include <hrsi/aux/auxiliary_data.hpp>
#include <hrsi/db/connection.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_template.hpp>
#include <hrsi/storage/storage.hpp>
#include <hrsi/util/child_process.hpp>
#include <hrsi/util/log.hpp>

#include <rapidjson/document.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

// Whether a failure is ours (will fail again: a bug, bad configuration, a program that refuses
// its input) or the world's (may succeed later: network, storage, a killed program), as the
// reference classifies them (§2.4).
enum class FailureKind { internal, external };

// A worker step failed. `retry`: worth running the job again (up to the retry limit);
// otherwise the job ends in internal_error at once.
class WorkerFailure : public Error {
public:
    WorkerFailure(FailureKind kind, std::string subtype, std::string const& message, bool retry)
        : Error(message), m_kind(kind), m_subtype(std::move(subtype)), m_retry(retry) {}
    [[nodiscard]] int exit_code() const noexcept override {
        return m_kind == FailureKind::internal ? exit_internal : exit_unavailable;
    }
    [[nodiscard]] FailureKind kind() const noexcept { return m_kind; }
    [[nodiscard]] std::string const& subtype() const noexcept { return m_subtype; }
    [[nodiscard]] bool retry() const noexcept { return m_retry; }

private:
    FailureKind m_kind;
    std::string m_subtype;
    bool m_retry;
};

// The job's own folder on the worker host: <work root>/jobs/<unique_id>/, seen by the
// program as /work in a container (runtime none: as itself).
struct WorkFolder {
    std::filesystem::path root;
    std::string program_root = "/work";

    [[nodiscard]] std::filesystem::path inputs() const { return root / "inputs"; }
    [[nodiscard]] std::filesystem::path outputs() const { return root / "outputs"; }
    [[nodiscard]] std::filesystem::path data() const { return root / "outputs" / "data"; }
    [[nodiscard]] std::filesystem::path logs() const { return root / "outputs" / "logs"; }
    [[nodiscard]] std::filesystem::path temp() const { return root / "temp"; }
    [[nodiscard]] std::filesystem::path parameter_file() const { return root / "parameters.json"; }
    // A path under the folder as the program sees it: "<program_root>/<relative>".
    [[nodiscard]] std::string in_program(std::filesystem::path const& path) const;
};

// Where the storage of each kind of path is (system parameters, reference §5.4).
struct StorageRoots {
    std::string eodata = "file:///eodata";  // catalogue paths /eodata/...
    std::string internal = "s3://";         // /<bucket>/<key> paths (L2A time series)
    std::string products = "s3://HRSI";     // product uploads
    std::string products_path_prefix = "/eodata/HRSI";  // products as recorded and published
    std::optional<std::string> results;     // failed work folders; nothing: not kept
    std::string auxiliary = "s3://sip_aux";  // auxiliary data (aux_storage_url)
    std::string auxiliary_version = "1";     // its version as the cache keys it (aux_data_version)

    [[nodiscard]] static StorageRoots from(db::SystemParameterValues const& parameters);

    // An input path: a URL (file://, s3://) as it is; /eodata/<rest> under `eodata`; any other
    // absolute path as a local path. Throws WorkerFailure (internal) for a relative path.
    [[nodiscard]] storage::Location input(std::string_view path) const;
    // An internal path /<bucket>/<key> under `internal`.
    [[nodiscard]] storage::Location internal_path(std::string_view path) const;
    // Where a product's object path (CLMS/...) is uploaded, and how it is recorded.
    [[nodiscard]] storage::Location product(std::string_view object_path) const;
    [[nodiscard]] std::string product_public_path(std::string_view object_path) const;
};

// What a type's worker steps may use.
struct WorkerContext {
    db::Connection& conn;
    db::SystemParameterValues const& parameters;
    util::Log const& log;
    storage::Storage const& storage;
    StorageRoots const& roots;
    WorkFolder const& folder;
    int attempt;
    // Staged input products, in the order the program takes them (job_pre_processing fills
    // it; the parameter file lists them as "inputs").
    std::vector<std::filesystem::path> inputs;
    // The image the program ran in ("" for runtime none), for the type's records.
    std::string image;
    // Auxiliary data (aux_storage_url) through the host's cache: stage(object key[, version]),
    // extract(tar, folder). See lib/hrsi/aux/auxiliary_data.hpp.
    aux::AuxiliaryData const& auxiliary;
};

// What the program's ending means, from the type's return-code table.
struct ProgramOutcome {
    enum class Kind { products, no_product, failed };
    Kind kind = Kind::failed;
    int return_code = -1;  // the program's exit code, -1 when a signal or timeout ended it
    std::string description;  // "exit code 205 (L1C parsing error)", "timed out after 240 min"
    // For failed: the error to record.
    FailureKind failure = FailureKind::internal;
    std::string subtype;
    bool retry = true;
};

// One program of a job's processing.
struct ProgramRun {
    std::string image;                 // ignored by runtime none
    std::vector<std::string> command;  // as the program sees it: the work folder is /work
    // Its output goes to outputs/logs/<name>.log and to the worker's log as "<name>: <line>".
    std::string name = "program";
};

// Runs a job's programs the way the worker runs them (its runtime, the type's flavor limits
// and time limit, the job's logs), one at a time; what job_processing gets.
class ProgramRunner {
public:
    virtual ~ProgramRunner() = default;
    // The type's own program: its image and command system parameters, or the type's defaults.
    [[nodiscard]] virtual ProgramRun type_program() const = 0;
    // Runs it and returns how it ended. Throws the container errors of run_container; a stop
    // request ends the job there (the worker records the interruption).
    virtual util::ChildResult run(ProgramRun const& program) = 0;
};

// The return-code table of reference §5.5, which fits most scientific programs: 0 products;
// 200–207 processed without product; 1–99 and 208–255 internal ("SIP unrecoverable error",
// retried; the reference took 208–255 silently as "no product"); 100–199, a signal or a timeout
// external ("SIP expected error", retried).
[[nodiscard]] ProgramOutcome standard_program_outcome(util::ChildResult const& result);

// The subtype of a job whose program left a symbolic link (or a FIFO, socket, device) among its
// outputs: refused, never followed nor published; final (a program that does so will again).
inline constexpr std::string_view unsafe_output_subtype = "Program output link refused";

// Reads a whole small file (metadata written by the program) without following a link;
// WorkerFailure (internal, `subtype`) when it is missing or unreadable, (internal,
// unsafe_output_subtype, final) when it is a symbolic link or not a regular file.
[[nodiscard]] std::string read_program_file(std::filesystem::path const& path,
                                            std::string const& subtype);

// The subtype of a program that broke its contract (reference: "SIP unrecoverable error").
inline constexpr std::string_view unrecoverable_subtype = "SIP unrecoverable error";

// A program whose outputs break its contract (a file it must write missing or malformed):
// WorkerFailure (internal, unrecoverable_subtype, retried).
[[noreturn]] void program_broke_contract(std::string const& message);

// A JSON object the program wrote (product_dict.json, ...), read as read_program_file reads
// it; program_broke_contract("<file> is not a JSON object") when it is not one.
[[nodiscard]] rapidjson::Document read_program_json_object(std::filesystem::path const& path);

}  // namespace hrsi::jobs
