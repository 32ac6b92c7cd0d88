// SPDX-License-Identifier: Apache-2.0
// Running rclone. The only file that includes Boost.Process (slow to compile).
#include "rclone_backend.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>
#include <fmt/format.h>

#include <future>

namespace bp = boost::process;

namespace hrsi::storage::rclone {

Result run(StorageOptions const& options, std::vector<std::string> const& arguments) {
    boost::filesystem::path program = options.rclone;
    if (options.rclone.find('/') == std::string::npos) program = bp::search_path(options.rclone);
    if (program.empty()) {
        throw StorageInternalError(subtype::not_configured,
                                   fmt::format("'{}' not found on PATH: install rclone (Debian package rclone) "
                                               "or set HRSI_RCLONE", options.rclone));
    }
    // Bounded network waits: rclone's own timeouts and retries, so a dead endpoint ends as a
    // network error within about a minute per request instead of hanging the worker.
    std::vector<std::string> all{"--contimeout", "10s", "--timeout", "60s", "--retries", "2",
                                 "--low-level-retries", "3"};
    all.insert(all.end(), arguments.begin(), arguments.end());

    auto environment = boost::this_process::environment();
    bp::environment child_environment = environment;
    // This machine's AWS_CA_BUNDLE makes rclone 1.60 fail every S3 call (SERVICES.md); rclone
    // uses the system certificates without it.
    child_environment.erase("AWS_CA_BUNDLE");

    boost::asio::io_context io;
    std::future<std::string> out;
    std::future<std::string> err;
    Result result;
    try {
        bp::child child(program, bp::args(all), child_environment, bp::std_in < bp::null, bp::std_out > out,
                        bp::std_err > err, io);
        io.run();
        child.wait();
        result.exit_code = child.exit_code();
    } catch (bp::process_error const& error) {
        throw StorageInternalError(subtype::not_configured,
                                   fmt::format("cannot run {}: {}", program.string(), error.what()));
    }
    result.out = out.get();
    result.err = err.get();
    return result;
}

}  // namespace hrsi::storage::rclone
