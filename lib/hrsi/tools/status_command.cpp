// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/status_command.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/status.hpp>
#include <hrsi/util/job_ids.hpp>
#include <hrsi/util/output.hpp>

#include <fmt/format.h>

#include <map>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-status";


jobs::JobFilter make_filter(StatusOptions const& options, db::Connection& conn) {
    jobs::JobFilter filter;
    filter.types = cli::split_list(options.types);
    jobs::check_job_types(conn, filter.types);
    for (auto const& status : cli::split_list(options.statuses)) {
        filter.statuses.push_back(parse_status(status));
    }
    if (!options.tile.empty()) {
        filter.tile = options.tile;
    }
    auto now = util::now();
    auto parse_option = [&](char const* option, std::string const& text) {
        try {
            return util::parse_time_or_age(text, now);
        } catch (InputError const& e) {
            throw UsageError(fmt::format("{}: {}", option, e.what()));
        }
    };
    if (!options.since.empty()) {
        filter.since = parse_option("--since", options.since);
    }
    if (!options.until.empty()) {
        filter.until = parse_option("--until", options.until);
    }
    filter.limit = options.limit;
    return filter;
}

// Reports unknown ids on stderr; returns exit_data when there were some.
int report_missing(util::Log const& log, std::vector<std::int64_t> const& missing) {
    if (missing.empty()) {
        return exit_ok;
    }
    log.error("no job with id {}", fmt::join(missing, ", "));
    return exit_data;
}

int run_show(StatusOptions const& options, db::Connection& conn, std::vector<std::int64_t> const& ids,
             std::ostream& out, util::Log const& log) {
    std::vector<std::int64_t> missing;
    bool first = true;
    for (auto id : ids) {
        auto job = jobs::show_job(conn, id);
        if (!job) {
            missing.push_back(id);
            continue;
        }
        if (options.json) {
            util::print_json_lines(out, *job);
        } else {
            if (!first) out << '\n';
            util::print_record(out, *job, 0, util::stdout_wants_style());
        }
        first = false;
    }
    return report_missing(log, missing);
}

int run_set(StatusOptions const& options, db::Connection& conn, std::istream& in,
            std::ostream& out, util::Log const& log) {
    if (options.arguments.size() < 2) {
        throw UsageError("set needs job ids (or '-') and then the status, e.g. 'set 12 13 ready'");
    }
    auto status = parse_status(options.arguments.back());
    std::vector<std::string> id_arguments(options.arguments.begin(), options.arguments.end() - 1);
    auto ids = util::read_job_ids(id_arguments, in);
    jobs::StatusNote note;
    if (!options.subtype.empty()) note.error_subtype = options.subtype;
    if (!options.message.empty()) note.error_message = options.message;
    note.attempt = options.attempt;

    int exit_code = exit_ok;
    std::size_t changed = 0;
    for (auto id : ids) {
        try {
            if (options.dry_run) {
                jobs::check_attempt(conn, id, note.attempt);
                auto current = jobs::current_status(conn, id);
                if (!is_allowed_transition(current, status)) {
                    throw InvalidTransition(fmt::format(
                        "invalid job status transition for job {}: {} -> {}", id,
                        current ? status_name(*current) : "(no status)", status_name(status)));
                }
            } else {
                jobs::set_job_status(conn, id, status, note);
            }
            out << id << '\n';
            ++changed;
        } catch (Error const& e) {
            log.error("{}", e.what());  // the message names the job
            if (exit_code == exit_ok) exit_code = e.exit_code();
            if (e.exit_code() == exit_unavailable) throw;
        }
    }
    log.info("{} {} of {} job(s) to {}", options.dry_run ? "would set" : "set", changed, ids.size(),
             status_name(status));
    return exit_code;
}

void run_summary(StatusOptions const& options, db::Connection& conn, std::ostream& out,
                 util::Log const& log) {
    auto summary = jobs::job_summary(conn);
    if (summary.rows() == 0) {
        log.info("no jobs yet");
    }
    if (options.json) {
        util::print_json_lines(out, summary);
        return;
    }
    // Pivot: one row per type, one column per status that some job is in.
    std::vector<std::string> statuses;
    std::map<std::string, std::map<std::string, std::int64_t>> counts;
    for (int r = 0; r < summary.rows(); ++r) {
        std::string status(summary.get(r, 1));
        if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
            statuses.push_back(status);
        }
        counts[std::string(summary.get(r, 0))][status] += summary.get_int(r, 2);
    }
    // Keep the lifecycle order of the statuses, not the order of first appearance.
    auto rank = [](std::string const& name) {
        for (auto s : all_statuses) {
            if (status_name(s) == name) return status_id(s);
        }
        return 0;
    };
    std::sort(statuses.begin(), statuses.end(),
              [&](auto const& a, auto const& b) { return rank(a) < rank(b); });
    util::Table table;
    table.headers.push_back("type");
    table.headers.insert(table.headers.end(), statuses.begin(), statuses.end());
    table.headers.push_back("total");
    std::map<std::string, std::int64_t> totals;
    std::int64_t grand_total = 0;
    for (auto const& [type, by_status] : counts) {
        auto& row = table.rows.emplace_back();
        row.push_back(type);
        std::int64_t total = 0;
        for (auto const& status : statuses) {
            auto found = by_status.find(status);
            std::int64_t n = found == by_status.end() ? 0 : found->second;
            row.push_back(std::to_string(n));
            total += n;
            totals[status] += n;
        }
        row.push_back(std::to_string(total));
        grand_total += total;
    }
    if (counts.size() > 1) {
        auto& row = table.rows.emplace_back();
        row.push_back("all");
        for (auto const& status : statuses) row.push_back(std::to_string(totals[status]));
        row.push_back(std::to_string(grand_total));
    }
    if (counts.empty()) {
        table.headers = {"type", "total"};
    }
    util::print_table(out, table, util::stdout_wants_style());
}

}  // namespace

void add_status_options(CLI::App& app, StatusOptions& options) {
    app.description(
        "Look at hrsi jobs and act on them: show, history, list, set, summary.\n"
        "Commands that take job ids read more from stdin when given '-'.");
    cli::add_common_options(app, options.common, program);
    auto add_command = [&](std::string const& name, std::string const& description) {
        return cli::add_command(app, options.command, name, description);
    };

    auto* show = add_command("show", "Show jobs: common columns, their type's columns, last status");
    show->add_option("ID", options.arguments, "Job ids, or '-' to read them from stdin")->required();
    show->add_flag("--json", options.json, "One JSON object per job (JSON Lines)");

    auto* history = add_command("history", "Every status change of jobs, with time, subtype, message");
    history->add_option("ID", options.arguments, "Job ids, or '-' to read them from stdin")->required();
    history->add_flag("--json", options.json, "JSON Lines instead of a table");

    auto* list = add_command("list", "List jobs that match all the given filters, by id");
    list->add_option("--type", options.types, "Job types (comma-separated or repeated)")
        ->type_name("TYPE");
    list->add_option("--status", options.statuses,
                     "Last statuses, names or ids (comma-separated or repeated)")
        ->type_name("STATUS");
    list->add_option("--tile", options.tile, "Tile id, e.g. 32TLR")->type_name("TILE");
    list->add_option("--since", options.since,
                     "Last status change at or after this time (2026-11-27T10:00Z) or age (2h, 7d)")
        ->type_name("TIME");
    list->add_option("--until", options.until, "Last status change before this time or age")
        ->type_name("TIME");
    list->add_option("--limit", options.limit, "At most this many jobs")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    auto* json = list->add_flag("--json", options.json, "JSON Lines instead of a table");
    list->add_flag("--ids", options.ids_only, "Only the job ids, one per line")->excludes(json);

    auto* set = add_command("set", "Write a status change to jobs (checked against the allowed transitions)");
    set->add_option("ARGS", options.arguments, "Job ids (or '-') followed by the status")
        ->required()
        ->type_name("ID... STATUS");
    set->add_option("--subtype", options.subtype, "Error subtype (a short category)")->type_name("TEXT");
    set->add_option("--message", options.message, "Message stored with the change")->type_name("TEXT");
    set->add_option("--attempt", options.attempt,
                    "Write as this attempt; refused if the job has moved on (as a worker would)")
        ->type_name("N");
    set->add_flag("-n,--dry-run", options.dry_run, "Check the transitions; change nothing");

    auto* summary = add_command("summary", "Jobs per type and status");
    summary->add_flag("--json", options.json, "JSON Lines: job_type, status, jobs");
}

int run_status(StatusOptions const& options, std::istream& in, std::ostream& out) {
    if (options.command.empty()) {
        throw UsageError("say which command: show, history, list, set or summary");
    }
    auto log = cli::make_log(program, options.common);
    auto conn = cli::connect_checked(options.common, program);
    log.debug("connected to {}", conn.describe_target());
    auto const& command = options.command;
    if (command == "show") {
        return run_show(options, conn, util::read_job_ids(options.arguments, in), out, log);
    }
    if (command == "history") {
        auto ids = util::read_job_ids(options.arguments, in);
        util::print_result(out, jobs::job_history(conn, ids), options.json);
        return report_missing(log, jobs::missing_job_ids(conn, ids));
    }
    if (command == "list") {
        auto filter = make_filter(options, conn);
        if (options.ids_only) {
            for (auto id : jobs::list_job_ids(conn, filter)) {
                out << id << '\n';
            }
        } else {
            util::print_result(out, jobs::list_jobs(conn, filter), options.json);
        }
        return exit_ok;
    }
    if (command == "set") {
        return run_set(options, conn, in, out, log);
    }
    if (command == "summary") {
        run_summary(options, conn, out, log);
    }
    return exit_ok;
}

}  // namespace hrsi::tools
