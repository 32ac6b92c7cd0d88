// SPDX-License-Identifier: Apache-2.0
// hrsi-sample-processor: an honestly-named stand-in for the scientific processors, with knobs
// to end in every way a real one can (README.md).
#include "exit_codes.hpp"
#include "files.hpp"
#include "fsc_rlie.hpp"
#include "gfsc.hpp"
#include "parameters.hpp"
#include "rlies1.hpp"
#include "rlies1s2.hpp"
#include "sws_wds.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

namespace sample {
namespace {

constexpr std::string_view usage = R"(Usage: hrsi-sample-processor [OPTIONS] PARAMETER_FILE

A stand-in for the FSC/RLIE processing chain, the RLIE-S1 programs, the SWS/WDS
program and the GFSC program, for tests: reads the
inputs named in the parameter file (JSON, written by hrsi-run-worker) and writes synthetic
products.

Options:
  --exit-code N    end with exit code N (0-255). 0: normal products; 200-207: processed
                   without product, none written; other: a partial output, then exit N
  --sleep SECONDS  sleep first (fractions allowed)
  --hang           sleep until killed
  --signal SIG     kill itself with signal SIG (TERM, KILL, SEGV, ... or a number) after
                   reading the parameters and writing a partial output
  --step STEP      rlies1_job: intersection (the GRD's tiles) or chain (the products;
                   the default)
  --flags N        sws_wds_job: end with the flags N (0-7: 1 assembly empty, 2 no SWS,
                   4 no WDS), exit code 0xD0 + N, writing only what they leave
  --help           this text

Exit codes: 0 products written, 10 bad options or parameters, 11 missing input,
12 cannot write the outputs, 200 too cloudy (no product), 208-215 (sws_wds_job: 0xD0 +
the flags), 31 and 32 (gfsc_job: no input product; an input product or its metadata
missing), or what --exit-code says.
)";

struct Options {
    int exit_code = 0;
    std::optional<double> sleep_seconds;
    bool hang = false;
    std::optional<int> signal;
    std::string parameter_file;
    std::string step = "chain";
    std::optional<int> flags;
    bool help = false;
};

[[noreturn]] void bad_option(std::string const& message) {
    throw Failure(exit_bad_parameters, message + " (see --help)");
}

int parse_exit_code(std::string_view text) {
    int value = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 255) {
        bad_option(fmt::format("--exit-code takes 0 to 255, not '{}'", text));
    }
    return value;
}

double parse_seconds(std::string_view text) {
    double value = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    // The upper bound keeps the conversion to a std::chrono duration from overflowing.
    if (error != std::errc() || end != text.data() + text.size() || !(value >= 0) || value > 1e9) {
        bad_option(fmt::format("--sleep takes seconds (e.g. 2.5), not '{}'", text));
    }
    return value;
}

int parse_signal(std::string_view text) {
    struct Named {
        std::string_view name;
        int number;
    };
    static constexpr Named names[]{
        {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},
        {"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},
        {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
        {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"XCPU", SIGXCPU},
    };
    int number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size() && number >= 1 &&
        number <= SIGRTMAX) {
        return number;
    }
    std::string name(text);
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view bare = name;
    if (bare.starts_with("SIG")) bare.remove_prefix(3);
    for (auto const& named : names) {
        if (named.name == bare) return named.number;
    }
    bad_option(fmt::format("--signal takes a signal name (TERM, KILL, SEGV, ...) or number, "
                           "not '{}'",
                           text));
}

Options parse_options(std::span<char* const> arguments) {
    Options options;
    bool options_done = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string_view argument = arguments[i];
        if (options_done || !argument.starts_with("-") || argument == "-") {
            if (!options.parameter_file.empty()) bad_option("more than one parameter file");
            options.parameter_file = argument;
            continue;
        }
        // --name VALUE or --name=VALUE
        auto equals = argument.find('=');
        auto name = argument.substr(0, equals);
        auto value = [&]() -> std::string_view {
            if (equals != std::string_view::npos) return argument.substr(equals + 1);
            if (i + 1 == arguments.size()) bad_option(fmt::format("{} needs a value", name));
            return arguments[++i];
        };
        if (argument == "--") {
            options_done = true;
        } else if (argument == "--help" || argument == "-h") {
            options.help = true;
        } else if (argument == "--hang") {
            options.hang = true;
        } else if (name == "--exit-code") {
            options.exit_code = parse_exit_code(value());
        } else if (name == "--sleep") {
            options.sleep_seconds = parse_seconds(value());
        } else if (name == "--signal") {
            options.signal = parse_signal(value());
        } else if (name == "--flags") {
            auto const text = value();
            if (text.size() != 1 || text[0] < '0' || text[0] > '7') {
                bad_option(fmt::format("--flags takes 0 to 7, not '{}'", text));
            }
            options.flags = text[0] - '0';
        } else if (name == "--step") {
            options.step = value();
        } else {
            bad_option(fmt::format("unknown option {}", argument));
        }
    }
    if (options.parameter_file.empty() && !options.help) bad_option("no parameter file");
    return options;
}

bool without_product(int exit_code) {
    return exit_code >= 200 && exit_code <= 207;
}

// Something unfinished, as a crashed processor leaves, for the worker to keep for
// investigation. Best effort: the exit code asked for matters more.
void write_partial_output(Parameters const& parameters) {
    try {
        auto data = fs::path(parameters.output_folder) / "data";
        create_folder(data);
        write_file(data / "partial.tmp", "unfinished output of hrsi-sample-processor\n");
        create_folder(parameters.temp_folder);
        write_file(fs::path(parameters.temp_folder) / "sample-processor-partial.tmp",
                   pseudo_random_bytes(static_cast<std::uint64_t>(parameters.job.id), 4096));
        fmt::print("sample processor: partial output written\n");
    } catch (Failure const& failure) {
        fmt::print(stderr, "sample processor: {}\n", failure.what());
    }
}

[[noreturn]] void die_by_signal(int signal) {
    // A deliberate crash should not leave a core file in the work folder.
    rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    std::signal(signal, SIG_DFL);  // fails harmlessly for KILL and STOP
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    std::fflush(stdout);
    std::raise(signal);
    // Only signals whose default action is to ignore or stop (CHLD, WINCH, STOP...) get here.
    fmt::print(stderr, "sample processor: signal {} did not end the process\n", signal);
    std::exit(128 + signal);
}

int run_test_job(Parameters const& parameters) {
    ReadSummary summary;
    for (auto const& input : parameters.inputs) {
        fmt::print("sample processor: reading {}\n", input);
        read_input(input, summary);
    }
    auto line = fmt::format("hello from the sample processor: job {}, {} input(s), {} bytes read",
                            parameters.job.id, parameters.inputs.size(), summary.bytes);
    fmt::print("{}\n", line);
    auto logs = fs::path(parameters.output_folder) / "logs";
    create_folder(logs);
    write_file(logs / "summary.txt", line + "\n");
    return 0;
}

int run(Options const& options) {
    if (options.sleep_seconds) {
        fmt::print("sample processor: sleeping {} s\n", *options.sleep_seconds);
        std::this_thread::sleep_for(std::chrono::duration<double>(*options.sleep_seconds));
    }
    if (options.hang) {
        fmt::print("sample processor: hanging until killed\n");
        for (;;) pause();
    }
    auto parameters = read_parameters(options.parameter_file);
    fmt::print("sample processor: job {} ({}), {} input(s)\n", parameters.job.id,
               parameters.job.type, parameters.inputs.size());
    if (options.signal) {
        write_partial_output(parameters);
        fmt::print("sample processor: ending with signal {} ({})\n", *options.signal,
                   strsignal(*options.signal));
        die_by_signal(*options.signal);
    }
    if (without_product(options.exit_code)) {
        fmt::print("sample processor: processed without product (exit code {})\n",
                   options.exit_code);
        return options.exit_code;
    }
    if (options.exit_code != 0) {
        write_partial_output(parameters);
        fmt::print(stderr, "sample processor: failing with exit code {} as asked\n",
                   options.exit_code);
        return options.exit_code;
    }
    if (parameters.fsc_rlie) return run_fsc_rlie(parameters);
    if (parameters.rlies1) return run_rlies1(parameters, options.step);
    if (parameters.sws_wds) return run_sws_wds(parameters, options.flags);
    if (parameters.rlies1s2) return run_rlies1s2(parameters);
    if (parameters.gfsc) return run_gfsc(parameters);
    return run_test_job(parameters);
}

}  // namespace
}  // namespace sample

int main(int argc, char** argv) {
    // Line-buffered even into a pipe, so the progress lines survive a kill.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    try {
        auto options = sample::parse_options({argv + 1, static_cast<std::size_t>(argc - 1)});
        if (options.help) {
            fmt::print("{}", sample::usage);
            return 0;
        }
        return sample::run(options);
    } catch (sample::Failure const& failure) {
        fmt::print(stderr, "sample processor: {}\n", failure.what());
        return failure.exit_code();
    } catch (std::exception const& error) {
        fmt::print(stderr, "sample processor: {}\n", error.what());
        return sample::exit_io_error;
    }
}
