// SPDX-License-Identifier: Apache-2.0
// hrsi-status timeliness, metrics (Prometheus text, written atomically) and watch.
#include "temp_database.hpp"

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_metrics.hpp>
#include <hrsi/jobs/job_queries.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/tools/status_command.hpp>
#include <hrsi/util/atomic_file.hpp>
#include <hrsi/util/prometheus.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace hrsi;
namespace fs = std::filesystem;

namespace {

// A test job whose input was published `input_hours_ago` and its output `output_hours_ago`
// (null: not published), in hours before now (fractions allowed).
std::int64_t published_job(db::Connection& conn, std::string const& name, std::optional<double> input_hours_ago,
                           std::optional<double> output_hours_ago, std::string const& type = "test_job") {
    // A job keeps its type: the others are made with their type (their child rows play no part here).
    auto id = type == "test_job"
                  ? testing::insert_test_job(conn, name)
                  : conn.query("insert into hrsi.jobs (job_type, name) values ($1, $2) returning id", type, name)
                        .get_int(0, 0);
    conn.query("update hrsi.jobs set "
               "input_published_at = now() - make_interval(secs => $2::float8 * 3600), "
               "output_published_at = now() - make_interval(secs => $3::float8 * 3600) where id = $1",
               id, input_hours_ago ? db::Param{std::to_string(*input_hours_ago)} : db::Param{},
               output_hours_ago ? db::Param{std::to_string(*output_hours_ago)} : db::Param{});
    return id;
}

std::string run(testing::TempDatabase const& database, tools::StatusOptions options) {
    options.common.db = database.conninfo();
    options.common.quiet = true;
    std::istringstream in;
    std::ostringstream out;
    REQUIRE(tools::run_status(options, hrsi::jobs::builtin_job_types(), in, out) == exit_ok);
    return out.str();
}

std::string read_file(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> folder_entries(fs::path const& folder) {
    std::set<std::string> names;
    for (auto const& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
    return names;
}

// A folder of its own, removed at the end.
struct TempFolder {
    fs::path path;
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "hrsi-status-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempFolder() { fs::remove_all(path); }
};

// Reads the Prometheus text format back: every sample line parsed (labels unescaped), every
// family with its HELP and TYPE before its samples. Returns "name{a=\"x\",b=\"y\"}" -> value.
std::map<std::string, double> parse_prometheus(std::string const& text) {
    static std::regex const help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
    static std::regex const type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|summary|untyped))");
    static std::regex const sample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+))");
    static std::regex const label(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$))re");
    std::map<std::string, double> samples;
    std::set<std::string> helped, typed;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, help)) {
            helped.insert(m[1]);
        } else if (std::regex_match(line, m, type)) {
            typed.insert(m[1]);
        } else {
            REQUIRE(std::regex_match(line, m, sample));
            CHECK(helped.contains(m[1]));
            CHECK(typed.contains(m[1]));
            std::string key = m[1].str() + "{";
            std::string labels = m[3];
            bool first = true;
            for (std::sregex_iterator it(labels.begin(), labels.end(), label), end; it != end; ++it) {
                std::string value;
                std::string escaped = (*it)[2];
                for (std::size_t i = 0; i < escaped.size(); ++i) {
                    if (escaped[i] == '\\' && i + 1 < escaped.size()) {
                        ++i;
                        value += escaped[i] == 'n' ? '\n' : escaped[i];
                    } else {
                        value += escaped[i];
                    }
                }
                key += (first ? "" : ",") + (*it)[1].str() + "=" + value;
                first = false;
            }
            samples[key + "}"] = std::stod(m[4]);
        }
    }
    return samples;
}

}  // namespace

TEST_CASE("timeliness: count, median, 95th percentile and missed target per type", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    // test_job durations 1h, 2h, 3h, 4h, 10h (outputs within the last day); sorted:
    // median 3h = 10800 s; p95 at rank 0.95 * 4 = 3.8: 4h + 0.8 * (10h - 4h) = 8.8h = 31680 s;
    // missed (more than 180 min): 4h and 10h, not 3h exactly.
    published_job(conn, "one", 2, 1);
    published_job(conn, "two", 2.5, 0.5);
    published_job(conn, "three", 3.25, 0.25);
    published_job(conn, "four", 5, 1);
    published_job(conn, "ten", 12, 2);
    published_job(conn, "old", 24 * 10 + 1, 24 * 10);  // 1h, published 10 days ago
    published_job(conn, "unpublished", 2, std::nullopt);
    published_job(conn, "no-input", std::nullopt, 1);
    published_job(conn, "fsc", 1.5, 1, "fsc_rlie_job");  // 30 min

    jobs::TimelinessFilter filter;
    filter.since = util::now() - std::chrono::hours(24 * 7);
    auto result = jobs::job_timeliness(conn, filter);
    REQUIRE(result.rows() == 2);
    CHECK(result.get(0, 0) == "fsc_rlie_job");
    CHECK(result.get(1, result.column("job_type")) == "test_job");
    CHECK(result.get_int(1, result.column("jobs")) == 5);
    CHECK(std::stod(std::string(result.get(1, result.column("median_seconds")))) == Approx(10800).margin(0.01));
    CHECK(std::stod(std::string(result.get(1, result.column("p95_seconds")))) == Approx(31680).margin(0.01));
    CHECK(result.get_int(1, result.column("missed")) == 2);
    CHECK(result.get_int(1, result.column("target_minutes")) == 180);
    CHECK(result.get_int(0, result.column("missed")) == 0);

    // The whole time: the old job too (6 values: 1, 1, 2, 3, 4, 10 h; median 2.5 h).
    filter.since.reset();
    filter.types = {"test_job"};
    result = jobs::job_timeliness(conn, filter);
    REQUIRE(result.rows() == 1);
    CHECK(result.get_int(0, result.column("jobs")) == 6);
    CHECK(std::stod(std::string(result.get(0, result.column("median_seconds")))) == Approx(9000).margin(0.01));
    // --until before the recent ones: the old job alone.
    filter.until = util::now() - std::chrono::hours(24);
    result = jobs::job_timeliness(conn, filter);
    REQUIRE(result.rows() == 1);
    CHECK(result.get_int(0, result.column("jobs")) == 1);

    // The target is a live system parameter.
    conn.query("update hrsi.system_parameters set timeliness_target_minutes = 300");
    tools::StatusOptions options;
    options.command = "timeliness";
    options.types = {"test_job"};
    options.since = "7d";
    options.json = true;
    CHECK(run(database, options) ==
          R"({"job_type":"test_job","jobs":5,"median_seconds":10800,"p95_seconds":31680,"missed":1,"target_minutes":300})"
          "\n");
    options.json = false;
    CHECK(run(database, options) ==
          "type      name      jobs  median  p95    missed  target\n"
          "test_job  test_job  5     3h00m   8h48m  1       5h00m\n");
}

TEST_CASE("metrics: the Prometheus text of a small data set, exactly", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto a = published_job(conn, "a", 3, 1);    // 7200 s
    auto b = published_job(conn, "b", 5, 0.5);  // 16200 s: missed
    auto c = published_job(conn, "c", 50, 49);  // outside the last 24 hours
    for (auto s : {JobStatus::initialized, JobStatus::configured, JobStatus::ready}) {
        jobs::set_job_status(conn, a, s);
        jobs::set_job_status(conn, b, s);
    }
    jobs::set_job_status(conn, c, JobStatus::initialized);
    jobs::set_job_status(conn, c, JobStatus::internal_error);
    testing::insert_test_job(conn, "no-status");
    conn.query("insert into hrsi.worker_heartbeats (job_id, attempt, host, pid, status, started_at, beat_at) "
               "values ($1, 1, 'node-1', 42, 7, now(), now())",
               a);

    // Types other than test_job (fsc_rlie_job, and any later migration's) have no jobs.
    std::string others_raised, others_jobs, others_missed;
    for (auto const& type : jobs::known_job_types(conn)) {
        if (type == "test_job") continue;
        // job_type_name: the type's JOB_NAME ("FSC/RLIE").
        auto const labels = fmt::format("type=\"{}\",job_type_name=\"{}\"", type, jobs::builtin_job_types().job_name_of(type));
        others_raised += fmt::format("hrsi_jobs_error_raised{{{}}} 0\n", labels);
        others_jobs += fmt::format("hrsi_timeliness_jobs{{{}}} 0\n", labels);
        others_missed += fmt::format("hrsi_timeliness_missed_total{{{}}} 0\n", labels);
    }
    auto const expected =
        "# HELP hrsi_jobs Jobs per type and last status.\n"
        "# TYPE hrsi_jobs gauge\n"
        "hrsi_jobs{type=\"test_job\",job_type_name=\"test_job\",status=\"ready\"} 2\n"
        "hrsi_jobs{type=\"test_job\",job_type_name=\"test_job\",status=\"internal_error\"} 1\n"
        "hrsi_jobs{type=\"test_job\",job_type_name=\"test_job\",status=\"none\"} 1\n"
        "# HELP hrsi_jobs_error_raised Jobs that have been in an error status (internal_error, external_error, "
        "error_checked) at least once, per type.\n"
        "# TYPE hrsi_jobs_error_raised gauge\n" +
        others_raised +
        "hrsi_jobs_error_raised{type=\"test_job\",job_type_name=\"test_job\"} 1\n"
        "# HELP hrsi_timeliness_seconds Median (quantile 0.5) and 95th percentile (quantile 0.95) of the time "
        "from input publication to output publication, in seconds, of the jobs whose output was published in "
        "the window (hrsi-status metrics --since, default the last 24 hours).\n"
        "# TYPE hrsi_timeliness_seconds gauge\n"
        "hrsi_timeliness_seconds{type=\"test_job\",job_type_name=\"test_job\",quantile=\"0.5\"} 11700\n"
        "hrsi_timeliness_seconds{type=\"test_job\",job_type_name=\"test_job\",quantile=\"0.95\"} 15750\n"
        "# HELP hrsi_timeliness_jobs Jobs whose output was published in the window, with both publication "
        "times, per type.\n"
        "# TYPE hrsi_timeliness_jobs gauge\n" +
        others_jobs +
        "hrsi_timeliness_jobs{type=\"test_job\",job_type_name=\"test_job\"} 2\n"
        "# HELP hrsi_timeliness_missed_total Jobs whose output was published in the window later than "
        "timeliness_target_minutes after their input, per type.\n"
        "# TYPE hrsi_timeliness_missed_total gauge\n" +
        others_missed +
        "hrsi_timeliness_missed_total{type=\"test_job\",job_type_name=\"test_job\"} 1\n"
        "# HELP hrsi_worker_heartbeats Workers holding a job (rows of hrsi.worker_heartbeats).\n"
        "# TYPE hrsi_worker_heartbeats gauge\n"
        "hrsi_worker_heartbeats 1\n";
    auto text = jobs::prometheus_metrics(conn, jobs::builtin_job_types(), util::now() - std::chrono::hours(24));
    CHECK(text == expected);
    // The name a person reads (JOB_NAME) labels every type's samples.
    CHECK(text.find("hrsi_jobs_error_raised{type=\"fsc_rlie_job\",job_type_name=\"FSC/RLIE\"} 0\n") !=
          std::string::npos);

    // Parsed back.
    auto samples = parse_prometheus(text);
    CHECK(samples.at("hrsi_jobs{type=test_job,job_type_name=test_job,status=ready}") == 2);
    CHECK(samples.at("hrsi_timeliness_seconds{type=test_job,job_type_name=test_job,quantile=0.95}") == 15750);
    CHECK(samples.at("hrsi_worker_heartbeats{}") == 1);

    // A wider window takes the old job in; through the command, --since.
    tools::StatusOptions options;
    options.command = "metrics";
    options.since = "3d";
    samples = parse_prometheus(run(database, options));
    CHECK(samples.at("hrsi_timeliness_jobs{type=test_job,job_type_name=test_job}") == 3);
    CHECK(samples.at("hrsi_timeliness_seconds{type=test_job,job_type_name=test_job,quantile=0.5}") == 7200);

    SECTION("--output FILE: the same text, written atomically, no temporary file left") {
        TempFolder folder;
        options.since.clear();
        auto file = folder.path / "hrsi.prom";
        options.output = file.string();
        CHECK(run(database, options).empty());
        CHECK(read_file(file) == expected);
        CHECK(folder_entries(folder.path) == std::set<std::string>{"hrsi.prom"});
        CHECK((fs::status(file).permissions() & fs::perms::others_read) != fs::perms::none);
        options.output = (folder.path / "missing" / "hrsi.prom").string();
        options.common.db = database.conninfo();
        std::istringstream in;
        std::ostringstream out;
        CHECK_THROWS_AS(tools::run_status(options, hrsi::jobs::builtin_job_types(), in, out), InputError);
    }
}

TEST_CASE("Prometheus text: label values and help escaped as the format requires", "[status]") {
    util::PrometheusFamily family{"x_total", "Back\\slash and\nnew line", "counter",
                                  {{{{"path", "C:\\dir \"quoted\"\nnext"}, {"b", ""}}, 1.5},
                                   {{}, 3},
                                   {{{"v", "ü"}}, std::numeric_limits<double>::infinity()}}};
    auto text = util::format_prometheus({family});
    CHECK(text ==
          "# HELP x_total Back\\\\slash and\\nnew line\n"
          "# TYPE x_total counter\n"
          "x_total{path=\"C:\\\\dir \\\"quoted\\\"\\nnext\",b=\"\"} 1.5\n"
          "x_total 3\n"
          "x_total{v=\"ü\"} +Inf\n");
    auto samples = parse_prometheus(text);
    CHECK(samples.at("x_total{path=C:\\dir \"quoted\"\nnext,b=}") == 1.5);
    CHECK(util::format_sample_value(0.1) == "0.1");
    CHECK(util::format_sample_value(-2) == "-2");
    CHECK(util::format_sample_value(std::nan("")) == "NaN");
}

TEST_CASE("atomic file write: readers see a whole file, never a part, nothing left behind", "[status]") {
    TempFolder folder;
    auto file = folder.path / "metrics.prom";
    std::string const first(300000, 'a'), second(200000, 'b');
    util::write_file_atomically(file, first);
    CHECK(read_file(file) == first);

    std::atomic<bool> writing{true};
    std::atomic<int> partial{0}, reads{0};
    std::thread reader([&] {
        while (writing) {
            auto text = read_file(file);
            if (text != first && text != second) ++partial;
            ++reads;
        }
    });
    for (int i = 0; i < 20; ++i) util::write_file_atomically(file, i % 2 == 0 ? second : first);
    writing = false;
    reader.join();
    CHECK(partial == 0);
    CHECK(reads > 0);
    CHECK(read_file(file) == first);
    CHECK(folder_entries(folder.path) == std::set<std::string>{"metrics.prom"});

    // Failures name the file; the temporary file is removed.
    fs::create_directory(folder.path / "a-folder");
    CHECK_THROWS_WITH(util::write_file_atomically(folder.path / "a-folder", "x"),
                      Catch::Contains("a-folder") && Catch::Contains("rename"));
    CHECK_THROWS_AS(util::write_file_atomically(folder.path / "missing" / "f", "x"), InputError);
    CHECK(folder_entries(folder.path) == std::set<std::string>{"a-folder", "metrics.prom"});
}

TEST_CASE("watch: the summary every interval, blocks separated by an empty line", "[status]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto id = testing::insert_test_job(conn, "watched");
    jobs::set_job_status(conn, id, JobStatus::initialized);
    tools::StatusOptions options;
    options.command = "watch";
    options.count = 3;
    options.interval = 0.05;
    auto started = std::chrono::steady_clock::now();
    auto text = run(database, options);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(100));
    std::regex const block(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\ntype +name +initialized +total\ntest_job +test_job +1 +1\n)");
    std::vector<std::string> blocks;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\n\n", start);
        blocks.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end + 1 - start));
        start = end == std::string::npos ? text.size() : end + 2;
    }
    REQUIRE(blocks.size() == 3);
    for (auto const& b : blocks) CHECK(std::regex_match(b, block));
}
