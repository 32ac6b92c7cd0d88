// SPDX-License-Identifier: Apache-2.0
// Option parsing of hrsi-status and hrsi-db: no database involved.
#include <hrsi/tools/db_command.hpp>
#include <hrsi/tools/status_command.hpp>

#include <catch2/catch.hpp>

#include <hrsi/error.hpp>

#include <sstream>
#include <vector>

namespace {

template <typename Options, typename Add>
Options parse(Add add, std::vector<char const*> args) {
    Options options;
    CLI::App app{"", "test"};
    add(app, options);
    args.insert(args.begin(), "test");
    app.parse(static_cast<int>(args.size()), args.data());
    return options;
}

hrsi::tools::StatusOptions parse_status(std::vector<char const*> args) {
    return parse<hrsi::tools::StatusOptions>(hrsi::tools::add_status_options, std::move(args));
}

}  // namespace

TEST_CASE("hrsi-status list options bind to the filter fields", "[tools]") {
    auto options = parse_status({"list", "--type", "test_job", "--status", "ready,queued",
                                 "--status", "done", "--tile", "32TLR", "--since", "2h",
                                 "--limit", "10", "--ids", "--db", "postgresql:///x"});
    CHECK(options.command == "list");
    CHECK(options.types == std::vector<std::string>{"test_job"});
    CHECK(hrsi::cli::split_list(options.statuses) ==
          std::vector<std::string>{"ready", "queued", "done"});
    CHECK(options.tile == "32TLR");
    CHECK(options.since == "2h");
    CHECK(options.limit == 10);
    CHECK(options.ids_only);
    CHECK(options.common.db == "postgresql:///x");
}

TEST_CASE("hrsi-status set takes ids, '-' and a status", "[tools]") {
    auto options = parse_status({"set", "1", "-", "3", "error_checked", "--subtype", "S",
                                 "--message", "M", "--attempt", "2", "-n"});
    CHECK(options.command == "set");
    CHECK(options.arguments == std::vector<std::string>{"1", "-", "3", "error_checked"});
    CHECK(options.subtype == "S");
    CHECK(options.message == "M");
    CHECK(options.attempt == 2);
    CHECK(options.dry_run);
}

TEST_CASE("hrsi-status refuses bad command lines", "[tools]") {
    // No command: the run refuses it before touching any database.
    std::istringstream in;
    std::ostringstream out;
    CHECK_THROWS_AS(hrsi::tools::run_status(parse_status({}), hrsi::jobs::builtin_job_types(), in, out), hrsi::UsageError);
    CHECK_THROWS_AS(parse_status({"frobnicate"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"list", "--json", "--ids"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"list", "--limit", "0"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"list", "--bogus"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"show"}), CLI::ParseError);
}

TEST_CASE("hrsi-status relaunch and cancel take ids or filters, --yes, --dry-run", "[tools]") {
    auto options = parse_status({"relaunch", "12", "-", "--message", "fixed", "-n"});
    CHECK(options.command == "relaunch");
    CHECK(options.arguments == std::vector<std::string>{"12", "-"});
    CHECK(options.message == "fixed");
    CHECK(options.dry_run);
    options = parse_status({"cancel", "--type", "test_job", "--status", "ready", "--tile", "32TLR",
                            "--since", "2h", "--until", "1h", "--yes"});
    CHECK(options.command == "cancel");
    CHECK(options.arguments.empty());
    CHECK(options.types == std::vector<std::string>{"test_job"});
    CHECK(options.tile == "32TLR");
    CHECK(options.until == "1h");
    CHECK(options.yes);
    options = parse_status({"set", "--status", "internal_error", "-y", "error_checked"});
    CHECK(options.arguments == std::vector<std::string>{"error_checked"});
    CHECK(options.yes);
    CHECK_THROWS_AS(parse_status({"cancel", "--limit", "3"}), CLI::ParseError);
}

TEST_CASE("hrsi-status refuses ids with filters, and neither, before any database", "[tools]") {
    std::istringstream in;
    std::ostringstream out;
    auto refused = [&](std::vector<char const*> args) {
        auto options = parse_status(std::move(args));
        options.common.db = "host=/nonexistent/hrsi-unit dbname=none connect_timeout=1";
        CHECK_THROWS_AS(hrsi::tools::run_status(options, hrsi::jobs::builtin_job_types(), in, out), hrsi::UsageError);
    };
    refused({"relaunch"});
    refused({"cancel"});
    refused({"relaunch", "12", "--status", "internal_error"});
    refused({"cancel", "-", "--tile", "32TLR"});
    refused({"set", "12", "ready", "--type", "test_job"});
    refused({"set", "ready"});
}

TEST_CASE("hrsi-status timeliness, metrics and watch options", "[tools]") {
    auto options = parse_status({"timeliness", "--type", "fsc_rlie_job", "--since", "7d", "--until", "1d", "--json"});
    CHECK(options.command == "timeliness");
    CHECK(options.since == "7d");
    CHECK(options.json);
    options = parse_status({"metrics", "--output", "/tmp/hrsi.prom", "--since", "6h"});
    CHECK(options.output == "/tmp/hrsi.prom");
    CHECK(options.since == "6h");
    options = parse_status({"watch", "--interval", "0.1", "--count", "2"});
    CHECK(options.interval == 0.1);
    CHECK(options.count == 2);
    CHECK(parse_status({"watch"}).interval == 2.0);
    CHECK_THROWS_AS(parse_status({"watch", "--interval", "0"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"watch", "--count", "0"}), CLI::ParseError);
    CHECK_THROWS_AS(parse_status({"metrics", "--status", "ready"}), CLI::ParseError);
}

TEST_CASE("hrsi-db params options", "[tools]") {
    auto options = parse<hrsi::tools::DbOptions>(hrsi::tools::add_db_options,
                                                 {"params", "set", "max_attempts", "5", "-n"});
    CHECK(options.command == "params");
    CHECK(options.params_action == "set");
    CHECK(options.name == "max_attempts");
    CHECK(options.value == "5");
    CHECK(options.dry_run);
    std::ostringstream out;
    CHECK_THROWS_AS(hrsi::tools::run_db(parse<hrsi::tools::DbOptions>(hrsi::tools::add_db_options, {"params"}), out),
                    hrsi::UsageError);
    CHECK_THROWS_AS(
        (parse<hrsi::tools::DbOptions>(hrsi::tools::add_db_options, {"params", "set", "x"})),
        CLI::ParseError);
}
