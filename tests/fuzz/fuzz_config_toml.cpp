// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a --config file (TOML, read by CLI11) for hrsi-status, whose options and
// [subcommand] sections are the richest: parsed as the program parses it, then checked.
// A bad file ends in a CLI11 or hrsi error (exit 64 for the program), never in a crash.
#include <hrsi/error.hpp>
#include <hrsi/tools/status_command.hpp>

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    CLI::App app{"", "hrsi-status"};
    hrsi::tools::StatusOptions options;
    hrsi::tools::add_status_options(app, options);
    std::istringstream config(std::string(reinterpret_cast<char const*>(data), size));
    try {
        app.parse_from_stream(config);
    } catch (CLI::Error const&) {
    } catch (hrsi::Error const&) {
    }
    return 0;
}
