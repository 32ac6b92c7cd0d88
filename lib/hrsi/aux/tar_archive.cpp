// SPDX-License-Identifier: Apache-2.0
#include <hrsi/aux/tar_archive.hpp>

#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/util/child_process.hpp>

#include <fmt/format.h>

#include <array>

namespace fs = std::filesystem;

namespace hrsi::aux {
namespace {

using jobs::FailureKind;
using jobs::WorkerFailure;

constexpr std::size_t max_complaint = 2000;

struct TarRun {
    util::ChildResult result;
    std::vector<std::string> lines;  // stdout
    std::string complaint;           // stderr, shortened
};

TarRun run_tar(std::vector<std::string> arguments) {
    util::ChildOptions options;
    options.arguments = std::move(arguments);
    options.environment = {{"LC_ALL", "C"}};
    TarRun run;
    run.result = util::run_child(options, [&run](util::OutputStream stream, std::string_view line) {
        if (stream == util::OutputStream::out) {
            run.lines.emplace_back(line);
        } else if (run.complaint.size() < max_complaint) {
            if (!run.complaint.empty()) run.complaint += "; ";
            run.complaint += line;
        }
    });
    return run;
}

bool succeeded(util::ChildResult const& result) {
    return result.ending == util::ChildResult::Ending::exited && result.exit_code == 0;
}

[[noreturn]] void refuse(fs::path const& archive, std::string const& member, std::string_view why) {
    throw WorkerFailure(FailureKind::internal, "Auxiliary data refused",
                        fmt::format("archive {}: member '{}' {}: refused", archive.string(), member, why), false);
}

void check_member_name(fs::path const& archive, std::string const& name) {
    if (name.starts_with('/')) refuse(archive, name, "has an absolute name");
    // GNU tar's default quoting escapes unusual characters with '\': not a name we can check.
    if (name.find('\\') != std::string::npos) refuse(archive, name, "has a name with escaped characters");
    fs::path const path(name);
    for (auto const& component : path) {
        if (component == "..") refuse(archive, name, "has a '..' component");
    }
}

// A symbolic link extracted under `root` must lead to somewhere under it.
void check_extracted(fs::path const& archive, fs::path const& root, std::string const& name) {
    auto const path = root / fs::path(name).lexically_normal();
    std::error_code error;
    auto const status = fs::symlink_status(path, error);
    if (error) return;  // a folder member listed before its content, or one tar skipped
    if (fs::is_symlink(status)) {
        auto const target = fs::read_symlink(path, error);
        if (error) return;
        auto const resolved = (path.parent_path() / target).lexically_normal();
        auto const relative = resolved.lexically_relative(root.lexically_normal());
        if (target.is_absolute() || relative.empty() || *relative.begin() == "..") {
            fs::remove(path, error);  // never left for the program to follow
            refuse(archive, name, fmt::format("is a symbolic link to {}, outside {}", target.string(), root.string()));
        }
    } else if (!fs::is_regular_file(status) && !fs::is_directory(status)) {
        refuse(archive, name, "is not a regular file, a folder or a symbolic link");
    }
}

}  // namespace

bool is_tar_name(std::string_view name) {
    static constexpr std::array suffixes{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.zst"};
    for (std::string_view const suffix : suffixes) {
        if (name.ends_with(suffix)) return true;
    }
    return false;
}

std::vector<std::string> list_tar(fs::path const& archive) {
    auto run = run_tar({"tar", "--list", "--file", archive.string()});
    if (!succeeded(run.result)) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data corrupt",
                            fmt::format("archive {} does not list ({}): {}", archive.string(),
                                        run.result.describe(), run.complaint.empty() ? "no message" : run.complaint),
                            true);
    }
    return std::move(run.lines);
}

void extract_tar(fs::path const& archive, fs::path const& destination) {
    auto const members = list_tar(archive);
    for (auto const& member : members) check_member_name(archive, member);
    std::error_code error;
    fs::create_directories(destination, error);
    if (error) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data error",
                            fmt::format("cannot create {}: {}", destination.string(), error.message()), true);
    }
    auto run = run_tar({"tar", "--extract", "--file", archive.string(), "--directory", destination.string(),
                        "--no-same-owner", "--no-same-permissions"});
    if (!succeeded(run.result)) {
        throw WorkerFailure(FailureKind::internal, "Auxiliary data corrupt",
                            fmt::format("archive {} does not extract into {} ({}): {}", archive.string(),
                                        destination.string(), run.result.describe(),
                                        run.complaint.empty() ? "no message" : run.complaint),
                            true);
    }
    for (auto const& member : members) check_extracted(archive, destination, member);
}

}  // namespace hrsi::aux
