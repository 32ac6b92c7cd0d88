// SPDX-License-Identifier: Apache-2.0
#include <hrsi/tools/status_command.hpp>

#include <hrsi/cli/environment.hpp>
#include <hrsi/db/reconnect.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_metrics.hpp>
#include <hrsi/jobs/job_products.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/operator_actions.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/status.hpp>
#include <hrsi/slurm/slurm_cli.hpp>
#include <hrsi/util/atomic_file.hpp>
#include <hrsi/util/job_ids.hpp>
#include <hrsi/util/output.hpp>
#include <hrsi/util/signal_stop.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>

namespace hrsi::tools {
namespace {

constexpr char const* program = "hrsi-status";
// Rows of `list` per cursor fetch; the table's widths come from the first of them.
constexpr int list_batch_rows = 10000;


util::TimePoint parse_time_option(char const* option, std::string const& text, util::TimePoint now) {
    try {
        return util::parse_time_or_age(text, now);
    } catch (InputError const& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

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
    if (!options.since.empty()) {
        filter.since = parse_time_option("--since", options.since, now);
    }
    if (!options.until.empty()) {
        filter.until = parse_time_option("--until", options.until, now);
    }
    filter.limit = options.limit;
    return filter;
}

bool has_filters(StatusOptions const& options) {
    return !options.types.empty() || !options.statuses.empty() || !options.tile.empty() ||
           !options.since.empty() || !options.until.empty();
}

// The id arguments of a command that takes ids (set: all but the last argument).
std::vector<std::string> id_arguments(StatusOptions const& options) {
    if (options.command == "set") {
        if (options.arguments.empty()) return {};
        return {options.arguments.begin(), options.arguments.end() - 1};
    }
    return options.arguments;
}

// Checks of the command line that need no database, so that they come first.
void check_command_line(StatusOptions const& options) {
    auto const& command = options.command;
    if (command == "set" || command == "relaunch" || command == "cancel") {
        auto ids = id_arguments(options);
        if (has_filters(options) && !ids.empty()) {
            throw UsageError(fmt::format(
                "{}: give job ids (or '-') or filters (--type, --status, --tile, --since, --until), not both",
                command));
        }
        if (!has_filters(options) && ids.empty()) {
            throw UsageError(command == "set"
                                 ? std::string("set needs job ids (or '-', or filters) and then the status, "
                                               "e.g. 'set 12 13 ready'")
                                 : fmt::format("{} needs job ids, '-' to read them from stdin, or filters "
                                               "(--type, --status, --tile, --since, --until)",
                                               command));
        }
    }
}

// The jobs a command acts on: its ids, or the jobs its filters select (with `default_statuses`
// when no --status is given). A selection by filters is counted on stderr; more than
// bulk_confirmation_threshold jobs need --yes (or --dry-run).
std::vector<std::int64_t> select_jobs(StatusOptions const& options, db::Connection& conn, std::istream& in,
                                      util::Log const& log, std::vector<JobStatus> const& default_statuses) {
    if (!has_filters(options)) {
        return util::read_job_ids(id_arguments(options), in);
    }
    auto filter = make_filter(options, conn);
    if (filter.statuses.empty()) filter.statuses = default_statuses;
    auto ids = jobs::list_job_ids(conn, filter);
    log.info("{} job{} match{}", ids.size(), ids.size() == 1 ? "" : "s", ids.size() == 1 ? "es" : "");
    if (ids.size() > bulk_confirmation_threshold && !options.yes && !options.dry_run) {
        throw UsageError(fmt::format("{} jobs match; add --yes to act on all of them", ids.size()));
    }
    return ids;
}

// Reports unknown ids on stderr; returns exit_data when there were some.
int report_missing(util::Log const& log, std::vector<std::int64_t> const& missing) {
    if (missing.empty()) {
        return exit_ok;
    }
    log.error("no job with id {}", fmt::join(missing, ", "));
    return exit_data;
}

// A job's products under its record: type, title, path and publication state.
void print_products(std::ostream& out, std::vector<jobs::JobProduct> const& products) {
    if (products.empty()) return;
    util::Table table;
    table.headers = {"product", "title", "path", "publication"};
    for (auto const& product : products) {
        table.rows.push_back({product.type, product.title, product.path, product.publication});
    }
    out << "products:\n";
    util::print_table(out, table, cli::stdout_wants_style());
}

int run_show(StatusOptions const& options, jobs::Registry const& job_types, db::Connection& conn, std::vector<std::int64_t> const& ids,
             std::ostream& out, util::Log const& log) {
    std::vector<std::int64_t> missing;
    bool first = true;
    for (auto id : ids) {
        auto job = jobs::show_job(conn, job_types, id);
        if (!job) {
            missing.push_back(id);
            continue;
        }
        if (options.json) {
            auto const products = jobs::job_products_json(jobs::job_products(conn, job_types, id));
            out << util::json_object_of_row(*job, 0, {{"output_products", products}}) << '\n';
        } else {
            if (!first) out << '\n';
            util::print_record(out, *job, 0, cli::stdout_wants_style());
            print_products(out, jobs::job_products(conn, job_types, id));
        }
        first = false;
    }
    return report_missing(log, missing);
}

int run_set(StatusOptions const& options, db::Connection& conn, std::istream& in,
            std::ostream& out, util::Log const& log) {
    auto status = parse_status(options.arguments.back());
    auto ids = select_jobs(options, conn, in, log, {});
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

// A cancelled or relaunched job's Slurm job, if it still runs, goes too (scancel): it would only
// be refused by the fencing, or keep a node busy.
void cancel_slurm_jobs(db::Connection& conn, std::vector<std::int64_t> const& ids, util::Log const& log) {
    if (ids.empty()) return;
    auto const rows = conn.query("select id, executor_handle from hrsi.jobs where id = any ($1::bigint[]) "
                                 "and executor_handle like 'slurm:%' order by id",
                                 ids);
    std::vector<std::string> slurm_ids;
    for (int r = 0; r < rows.rows(); ++r) slurm_ids.push_back(slurm::job_id_of(rows.get(r, 1)));
    if (slurm_ids.empty()) return;
    try {
        slurm::cancel(cli::slurm_options_from_environment(), slurm_ids);
        log.info("cancelled {} Slurm job(s): {}", slurm_ids.size(), fmt::join(slurm_ids, " "));
    } catch (slurm::SlurmError const& error) {
        log.warn("cannot cancel the Slurm job(s) {}: {}", fmt::join(slurm_ids, " "), error.what());
    }
}

int run_action(StatusOptions const& options, db::Connection& conn, std::istream& in, std::ostream& out,
               util::Log const& log) {
    bool const relaunch = options.command == "relaunch";
    std::vector<JobStatus> default_statuses;
    if (relaunch) {
        default_statuses = {JobStatus::internal_error, JobStatus::external_error, JobStatus::error_checked};
    } else {
        for (auto s : all_statuses) {
            if (is_allowed_transition(s, JobStatus::cancelled)) default_statuses.push_back(s);
        }
    }
    auto ids = select_jobs(options, conn, in, log, default_statuses);
    jobs::OperatorAction action{cli::operator_name(), options.message, options.dry_run};
    int exit_code = exit_ok;
    std::size_t done = 0;
    std::vector<std::int64_t> acted_on;
    for (auto id : ids) {
        try {
            auto outcome = relaunch ? jobs::relaunch_job(conn, id, action) : jobs::cancel_job(conn, id, action);
            if (outcome.done) {
                out << id << '\n';
                ++done;
                acted_on.push_back(id);
            } else {
                log.error("{}", outcome.reason);
                if (exit_code == exit_ok) exit_code = exit_data;
            }
        } catch (Error const& e) {
            log.error("{}", e.what());  // the message names the job
            if (exit_code == exit_ok) exit_code = e.exit_code();
            if (e.exit_code() == exit_unavailable) throw;
        }
    }
    if (!options.dry_run) cancel_slurm_jobs(conn, acted_on, log);
    log.info("{} {} of {} job(s)",
             options.dry_run ? (relaunch ? "would relaunch" : "would cancel") : (relaunch ? "relaunched" : "cancelled"),
             done, ids.size());
    return exit_code;
}

// "45s", "12m05s", "3h07m", "2d04h": a duration in seconds, rounded to the second.
std::string format_duration(double seconds) {
    auto total = static_cast<long long>(std::llround(std::fabs(seconds)));
    std::string sign = seconds < 0 && total > 0 ? "-" : "";
    if (total < 60) return fmt::format("{}{}s", sign, total);
    if (total < 3600) return fmt::format("{}{}m{:02}s", sign, total / 60, total % 60);
    if (total < 86400) return fmt::format("{}{}h{:02}m", sign, total / 3600, total % 3600 / 60);
    return fmt::format("{}{}d{:02}h", sign, total / 86400, total % 86400 / 3600);
}

void run_timeliness(StatusOptions const& options, jobs::Registry const& job_types, db::Connection& conn, std::ostream& out,
                    util::Log const& log) {
    jobs::TimelinessFilter filter;
    filter.types = cli::split_list(options.types);
    jobs::check_job_types(conn, filter.types);
    auto now = util::now();
    if (!options.since.empty()) filter.since = parse_time_option("--since", options.since, now);
    if (!options.until.empty()) filter.until = parse_time_option("--until", options.until, now);
    auto result = jobs::job_timeliness(conn, filter);
    if (result.rows() == 0) {
        log.info("no job has both publication times with an output published in the range");
    }
    if (options.json) {
        util::print_json_lines(out, result);
        return;
    }
    util::Table table;
    table.headers = {"type", "name", "jobs", "median", "p95", "missed", "target"};
    auto seconds = [&](int row, char const* column) {
        auto text = result.get(row, result.column(column));
        return std::stod(std::string(text));
    };
    for (int r = 0; r < result.rows(); ++r) {
        table.rows.push_back({std::string(result.get(r, 0)), std::string(job_types.job_name_of(result.get(r, 0))),
                              std::string(result.get(r, result.column("jobs"))),
                              format_duration(seconds(r, "median_seconds")),
                              format_duration(seconds(r, "p95_seconds")),
                              std::string(result.get(r, result.column("missed"))),
                              format_duration(60.0 * static_cast<double>(result.get_int(r, result.column("target_minutes"))))});
    }
    util::print_table(out, table, cli::stdout_wants_style());
}

void run_metrics(StatusOptions const& options, jobs::Registry const& job_types, db::Connection& conn, std::ostream& out, util::Log const& log) {
    auto now = util::now();
    auto since = options.since.empty() ? now - std::chrono::hours(24)
                                       : parse_time_option("--since", options.since, now);
    auto text = jobs::prometheus_metrics(conn, job_types, since);
    if (options.output.empty()) {
        out << text;
        return;
    }
    util::write_file_atomically(options.output, text);
    log.debug("wrote {}", options.output);
}

// Prints the summary table (or JSON Lines); returns false when there are no jobs.
bool print_summary(bool json, jobs::Registry const& job_types, db::Connection& conn, std::ostream& out) {
    auto summary = jobs::job_summary(conn, job_types);
    if (json) {
        util::print_json_lines(out, summary);
        return summary.rows() != 0;
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
    table.headers = {"type", "name"};
    table.headers.insert(table.headers.end(), statuses.begin(), statuses.end());
    table.headers.push_back("total");
    std::map<std::string, std::int64_t> totals;
    std::int64_t grand_total = 0;
    for (auto const& [type, by_status] : counts) {
        auto& row = table.rows.emplace_back();
        row.push_back(type);
        row.push_back(std::string(job_types.job_name_of(type)));
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
        row.push_back(std::nullopt);
        for (auto const& status : statuses) row.push_back(std::to_string(totals[status]));
        row.push_back(std::to_string(grand_total));
    }
    if (counts.empty()) {
        table.headers = {"type", "total"};
    }
    util::print_table(out, table, cli::stdout_wants_style());
    return summary.rows() != 0;
}

void run_summary(StatusOptions const& options, jobs::Registry const& job_types, db::Connection& conn, std::ostream& out,
                 util::Log const& log) {
    if (!print_summary(options.json, job_types, conn, out)) {
        log.info("no jobs yet");
    }
}

// The summary again and again: on a terminal the screen is cleared and redrawn; otherwise
// blocks separated by an empty line. Each starts with the time. Ctrl-C (or SIGTERM) ends it
// with exit status 0.
// A lost database connection is opened again, with a back-off and a log line per attempt.
void run_watch(StatusOptions const& options, jobs::Registry const& job_types, db::Connection& conn, std::ostream& out, util::Log const& log) {
    util::SignalStop stop;
    db::ReconnectPolicy const reconnect{cli::resolve_db(options.common), program};
    bool const terminal = util::stdout_is_terminal();
    auto const interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(options.interval));
    std::mutex mutex;
    std::condition_variable_any never_notified;
    for (int refresh = 0; !options.count || refresh < *options.count; ++refresh) {
        std::ostringstream block;
        auto time = util::format_rfc3339(std::chrono::floor<std::chrono::seconds>(util::now()));
        if (terminal) {
            block << "\033[H\033[2J"
                  << fmt::format("{}  every {}s, Ctrl-C to stop\n\n", time, options.interval);
        } else {
            if (refresh > 0) block << '\n';
            block << time << '\n';
        }
        try {
            print_summary(false, job_types, conn, block);
        } catch (std::exception const& error) {
            if (!db::connection_lost(conn, error)) throw;
            log.error("{}", error.what());
            if (!db::reconnect(conn, reconnect, log, stop.token())) break;
            --refresh;  // this refresh again
            continue;
        }
        out << block.str() << std::flush;
        if (options.count && refresh + 1 >= *options.count) break;
        std::unique_lock lock(mutex);
        auto token = stop.token();
        never_notified.wait_for(lock, token, interval, [] { return false; });
        if (token.stop_requested()) break;
    }
}

}  // namespace

namespace {

// The filters of list, for commands that take them instead of ids (set, relaunch, cancel).
void add_filter_options(CLI::App* command, StatusOptions& options, std::string const& status_help) {
    std::string const group = "Select jobs by filters instead of ids";
    command->add_option("--type", options.types, "Job types (comma-separated or repeated)")
        ->type_name("TYPE")
        ->group(group);
    command->add_option("--status", options.statuses, status_help)->type_name("STATUS")->group(group);
    command->add_option("--tile", options.tile, "Tile id, e.g. 32TLR")->type_name("TILE")->group(group);
    command
        ->add_option("--since", options.since,
                     "Last status change at or after this time (2026-11-27T10:00Z) or age (2h, 7d)")
        ->type_name("TIME")
        ->group(group);
    command->add_option("--until", options.until, "Last status change before this time or age")
        ->type_name("TIME")
        ->group(group);
    command
        ->add_flag("-y,--yes", options.yes,
                   fmt::format("Act even when more than {} jobs match", bulk_confirmation_threshold))
        ->group(group);
}

// Examples above the common footer (exit statuses, manual page).
void add_examples(CLI::App* command, CLI::App const& app, std::string const& examples) {
    command->footer("Examples:\n" + examples + "\n" + app.get_footer());
}

}  // namespace

void add_status_options(CLI::App& app, StatusOptions& options) {
    app.description(
        "Look at hrsi jobs and act on them: show, history, list, set, relaunch, cancel, summary,\n"
        "timeliness, metrics, watch. Commands that take job ids read more from stdin when given\n"
        "'-'; set, relaunch and cancel also take the filters of list instead of ids.");
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
        ->check(cli::positive_number());
    auto* json = list->add_flag("--json", options.json, "JSON Lines instead of a table");
    list->add_flag("--ids", options.ids_only, "Only the job ids, one per line")->excludes(json);

    auto* set = add_command("set", "Write a status change to jobs (checked against the allowed transitions)");
    set->add_option("ARGS", options.arguments, "Job ids (or '-') followed by the status; with filters, the status only")
        ->required()
        ->type_name("[ID...] STATUS");
    set->add_option("--subtype", options.subtype, "Error subtype (a short category)")->type_name("TEXT");
    set->add_option("--message", options.message, "Message stored with the change")->type_name("TEXT");
    set->add_option("--attempt", options.attempt,
                    "Write as this attempt; refused if the job has moved on (as a worker would)")
        ->type_name("N");
    set->add_flag("-n,--dry-run", options.dry_run, "Check the transitions; change nothing");
    add_filter_options(set, options, "Last statuses, names or ids (comma-separated or repeated)");

    auto* relaunch = add_command(
        "relaunch",
        "Send jobs in error back to ready: error_checked (subtype 'Operator relaunch', a new retry budget), ready");
    relaunch->add_option("ID", options.arguments, "Job ids, or '-' to read them from stdin");
    relaunch->add_option("--message", options.message, "Added to the message 'relaunched by USER'")
        ->type_name("TEXT");
    relaunch->add_flag("-n,--dry-run", options.dry_run, "Say which jobs would be relaunched; change nothing");
    add_filter_options(relaunch, options,
                       "Last statuses (default: internal_error, external_error, error_checked; others are refused)");
    add_examples(relaunch, app,
                 "  hrsi-status relaunch 42 43\n"
                 "  hrsi-status relaunch --status internal_error --tile 32TLR --yes\n"
                 "  hrsi-status relaunch --type fsc_rlie_job --since 6h --dry-run\n");

    auto* cancel = add_command("cancel", "Cancel jobs (a running worker stops at its next heartbeat)");
    cancel->add_option("ID", options.arguments, "Job ids, or '-' to read them from stdin");
    cancel->add_option("--message", options.message, "Added to the message 'cancelled by USER'")->type_name("TEXT");
    cancel->add_flag("-n,--dry-run", options.dry_run, "Say which jobs would be cancelled; change nothing");
    add_filter_options(cancel, options, "Last statuses (default: every status a job can be cancelled from)");
    add_examples(cancel, app,
                 "  hrsi-status cancel 42 --message 'wrong input product'\n"
                 "  hrsi-status cancel --tile 32TLR --status ready,configured --yes\n");

    auto* summary = add_command("summary", "Jobs per type and status");
    summary->add_flag("--json", options.json, "JSON Lines: job_type, status, jobs");

    auto* timeliness = add_command(
        "timeliness", "Per type: jobs published, median and 95th percentile of input to output publication, "
                      "how many missed the target");
    timeliness->add_option("--type", options.types, "Job types (comma-separated or repeated)")->type_name("TYPE");
    timeliness->add_option("--since", options.since, "Output published at or after this time or age (2h, 7d)")
        ->type_name("TIME");
    timeliness->add_option("--until", options.until, "Output published before this time or age")->type_name("TIME");
    timeliness->add_flag("--json", options.json,
                         "JSON Lines: job_type, jobs, median_seconds, p95_seconds, missed, target_minutes");
    add_examples(timeliness, app,
                 "  hrsi-status timeliness --since 7d\n"
                 "  hrsi-status timeliness --type fsc_rlie_job --since 2026-11-01 --until 2026-12-01 --json\n");

    auto* metrics = add_command("metrics", "Metrics in the Prometheus text format: jobs, errors, timeliness, workers");
    metrics->add_option("--since", options.since, "Timeliness of the outputs published since this time or age")
        ->type_name("TIME")
        ->default_str("24h");
    metrics->add_option("--output", options.output,
                        "Write to FILE atomically (for node_exporter's textfile collector) instead of stdout")
        ->type_name("FILE");
    add_examples(metrics, app,
                 "  hrsi-status metrics --output /var/lib/node_exporter/textfile/hrsi.prom   # cron, every minute\n");

    auto* watch = add_command("watch", "The summary, refreshed until Ctrl-C");
    watch->add_option("--interval", options.interval, "Seconds between refreshes")
        ->type_name("SECONDS")
        ->check(cli::positive_number())
        ->capture_default_str();
    watch->add_option("--count", options.count, "Stop after N refreshes")->type_name("N")->check(cli::positive_number());
    add_examples(watch, app, "  hrsi-status watch --interval 10\n");
}

int run_status(StatusOptions const& options, jobs::Registry const& job_types, std::istream& in, std::ostream& out) {
    if (options.command.empty()) {
        throw UsageError(
            "say which command: show, history, list, set, relaunch, cancel, summary, timeliness, metrics or watch");
    }
    check_command_line(options);
    auto log = cli::make_log(program, options.common);
    auto conn = cli::connect_checked(options.common, program);
    log.debug("connected to {}", conn.describe_target());
    auto const& command = options.command;
    if (command == "show") {
        return run_show(options, job_types, conn, util::read_job_ids(options.arguments, in), out, log);
    }
    if (command == "history") {
        auto ids = util::read_job_ids(options.arguments, in);
        util::print_result(out, jobs::job_history(conn, ids), options.json, cli::stdout_wants_style());
        return report_missing(log, jobs::missing_job_ids(conn, ids));
    }
    if (command == "list") {
        auto filter = make_filter(options, conn);
        // Streamed through a cursor: memory flat in the number of jobs, first lines at once.
        util::ResultWriter writer(out, options.json, cli::stdout_wants_style());
        jobs::stream_jobs(conn, filter, options.ids_only, list_batch_rows, [&](db::Result const& batch) {
            if (!options.ids_only) return writer.write(batch);
            for (int r = 0; r < batch.rows(); ++r) out << batch.get(r, 0) << '\n';
        });
        return exit_ok;
    }
    if (command == "set") {
        return run_set(options, conn, in, out, log);
    }
    if (command == "relaunch" || command == "cancel") {
        return run_action(options, conn, in, out, log);
    }
    if (command == "summary") {
        run_summary(options, job_types, conn, out, log);
    }
    if (command == "timeliness") {
        run_timeliness(options, job_types, conn, out, log);
    }
    if (command == "metrics") {
        run_metrics(options, job_types, conn, out, log);
    }
    if (command == "watch") {
        run_watch(options, job_types, conn, out, log);
    }
    return exit_ok;
}

}  // namespace hrsi::tools
