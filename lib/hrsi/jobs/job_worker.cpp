// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/job_worker.hpp>

#include <hrsi/catalogue/product_checks.hpp>

#include <fmt/format.h>

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hrsi::jobs {
namespace {

bool starts_with_path(std::string_view path, std::string_view prefix) {
    return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

// A local input under the eodata root must resolve (links included) to a path under it.
void check_under_root(std::filesystem::path const& path, std::filesystem::path const& root) {
    std::error_code error;
    auto const real_root = std::filesystem::weakly_canonical(root, error);
    if (error) return;  // the root cannot be resolved: staging reports what is missing
    auto const real = std::filesystem::weakly_canonical(path, error);
    if (error) return;
    auto const relative = real.lexically_relative(real_root);
    if (!relative.empty() && relative != "." && relative.begin()->string() != "..") return;
    throw WorkerFailure(FailureKind::internal, "Input path error",
                        fmt::format("input {} resolves to {}, outside the eodata storage root {}: refused",
                                    path.string(), real.string(), real_root.string()),
                        false);
}

}  // namespace

std::string WorkFolder::in_program(std::filesystem::path const& path) const {
    auto const relative = path.lexically_relative(root);
    if (relative.empty() || relative == ".") return program_root;
    if (relative.begin()->string() == "..") {
        throw InternalError(fmt::format("{} is not inside the work folder {}", path.string(),
                                        root.string()));
    }
    return (std::filesystem::path(program_root) / relative).generic_string();
}

StorageRoots StorageRoots::from(db::SystemParameterValues const& parameters) {
    StorageRoots roots;
    if (auto value = parameters.text("eodata_storage_url")) roots.eodata = *value;
    if (auto value = parameters.text("internal_storage_url")) roots.internal = *value;
    if (auto value = parameters.text("products_storage_url")) roots.products = *value;
    if (auto value = parameters.text("products_path_prefix")) roots.products_path_prefix = *value;
    roots.results = parameters.text("results_storage_url");
    if (auto value = parameters.text("aux_storage_url")) roots.auxiliary = *value;
    if (auto value = parameters.text("aux_data_version")) roots.auxiliary_version = *value;
    return roots;
}

storage::Location StorageRoots::input(std::string_view path) const {
    if (catalogue::has_dot_component(path)) {
        throw WorkerFailure(FailureKind::internal, "Input path error",
                            fmt::format("input path '{}' has a '.' or '..' component: refused, it could lead "
                                        "out of the storage root",
                                        catalogue::shortened(path)),
                            false);
    }
    if (path.find("://") != std::string_view::npos) return storage::Location::parse(path);
    if (starts_with_path(path, "/eodata")) {
        auto const root = storage::Location::parse(eodata);
        auto location = root.child(path.substr(std::string_view("/eodata").size()));
        if (location.is_local()) check_under_root(location.path, root.path);
        return location;
    }
    if (path.starts_with("/")) return storage::Location::local_path(std::filesystem::path(path));
    throw WorkerFailure(FailureKind::internal, "Input path error",
                        fmt::format("input path '{}' is neither a URL nor an absolute path", path),
                        false);
}

storage::Location StorageRoots::internal_path(std::string_view path) const {
    auto const relative = path.starts_with("/") ? path.substr(1) : path;
    auto const slash = relative.find('/');
    if (relative.empty() || slash == 0) {
        throw WorkerFailure(FailureKind::internal, "Input path error",
                            fmt::format("internal path '{}' does not start with a bucket", path), false);
    }
    if (internal == "s3://" || internal == "s3:") {
        auto const bucket = relative.substr(0, slash);
        auto const key = slash == std::string_view::npos ? std::string_view{} : relative.substr(slash + 1);
        return storage::Location::s3(std::string(bucket), std::string(key));
    }
    return storage::Location::parse(internal).child(relative);
}

storage::Location StorageRoots::product(std::string_view object_path) const {
    return storage::Location::parse(products).child(object_path);
}

std::string StorageRoots::product_public_path(std::string_view object_path) const {
    auto prefix = std::string_view(products_path_prefix);
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    while (object_path.starts_with('/')) object_path.remove_prefix(1);
    return fmt::format("{}/{}", prefix, object_path);
}

ProgramOutcome standard_program_outcome(util::ChildResult const& result) {
    ProgramOutcome outcome;
    outcome.description = result.describe();
    using Ending = util::ChildResult::Ending;
    if (result.ending != Ending::exited) {
        // Killed, timed out or stopped: the host or the input was too much this time.
        outcome.kind = ProgramOutcome::Kind::failed;
        outcome.failure = FailureKind::external;
        outcome.subtype = "SIP expected error";
        return outcome;
    }
    auto const code = result.exit_code;
    outcome.return_code = code;
    if (code == 0) {
        outcome.kind = ProgramOutcome::Kind::products;
    } else if (code >= 200 && code <= 207) {
        outcome.kind = ProgramOutcome::Kind::no_product;
    } else if (code >= 208) {
        // Not in the table (an exit(-1) is 255): a failure, not a silent "no product".
        outcome.kind = ProgramOutcome::Kind::failed;
        outcome.failure = FailureKind::internal;
        outcome.subtype = unrecoverable_subtype;
    } else if (code >= 100) {
        outcome.kind = ProgramOutcome::Kind::failed;
        outcome.failure = FailureKind::external;
        outcome.subtype = "SIP expected error";
    } else {
        outcome.kind = ProgramOutcome::Kind::failed;
        outcome.failure = FailureKind::internal;
        outcome.subtype = unrecoverable_subtype;
    }
    return outcome;
}

ProgramOutcome JobTemplate::job_processing(WorkerContext& context, ProgramRunner& runner) {
    (void)context;
    return interpret_program_result(runner.run(runner.type_program()));
}

ProgramOutcome JobTemplate::interpret_program_result(util::ChildResult const& result) const {
    return standard_program_outcome(result);
}

std::string read_program_file(std::filesystem::path const& path, std::string const& subtype) {
    // O_NOFOLLOW: a link the program left there could lead to any file of the host.
    int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno == ELOOP) {
        throw WorkerFailure(FailureKind::internal, std::string(unsafe_output_subtype),
                            fmt::format("{} is a symbolic link: the worker reads no link a program leaves",
                                        path.string()),
                            false);
    }
    if (fd < 0) {
        throw WorkerFailure(FailureKind::internal, subtype,
                            fmt::format("the program did not write {}", path.string()), true);
    }
    std::string content;
    struct stat info {};
    bool ok = ::fstat(fd, &info) == 0;
    if (ok && !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw WorkerFailure(FailureKind::internal, std::string(unsafe_output_subtype),
                            fmt::format("{} is not a regular file", path.string()), false);
    }
    char buffer[64 * 1024];
    while (ok) {
        auto const n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (!ok) {
        throw WorkerFailure(FailureKind::internal, subtype,
                            fmt::format("cannot read {}", path.string()), true);
    }
    return content;
}

void program_broke_contract(std::string const& message) {
    throw WorkerFailure(FailureKind::internal, std::string(unrecoverable_subtype), message, true);
}

rapidjson::Document read_program_json_object(std::filesystem::path const& path) {
    auto const text = read_program_file(path, std::string(unrecoverable_subtype));
    rapidjson::Document document;
    document.Parse(text.data(), text.size());
    if (document.HasParseError() || !document.IsObject()) {
        program_broke_contract(fmt::format("{} is not a JSON object", path.string()));
    }
    return document;
}

}  // namespace hrsi::jobs
