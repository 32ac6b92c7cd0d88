// SPDX-License-Identifier: Apache-2.0
// hrsi-publish's logic against a real PostgreSQL and a real RabbitMQ: exact messages, jobs
// without product, reruns, returned messages, refused credentials, a broker gone before and
// during a run (through a TCP proxy the test cuts), and endpoint failure reports.
#include "temp_database.hpp"

#include <hrsi/amqp/connection.hpp>
#include <hrsi/amqp/errors.hpp>
#include <hrsi/amqp/url.hpp>
#include <hrsi/jobs/job_creation.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/publish/failure_reports.hpp>
#include <hrsi/publish/outbox.hpp>
#include <hrsi/publish/publisher.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace hrsi;

namespace {

util::Log const quiet{"test", -1};

std::string broker_url() {
    char const* url = std::getenv("HRSI_TEST_AMQP");
    if (url == nullptr || *url == '\0') {
        FAIL("HRSI_TEST_AMQP is not set: start the private RabbitMQ with `scripts/local-services up` and load its "
             "settings with `eval \"$(scripts/local-services env)\"` (scripts/test does both)");
    }
    return url;
}

std::string unique(std::string const& what) {
    static std::mt19937_64 random{std::random_device{}()};
    return fmt::format("hrsi-test-{}-{}-{}", what, ::getpid(), random() % 1'000'000'000);
}

// FSC/RLIE jobs as a worker leaves them: processed, with products and their metadata.
std::vector<std::int64_t> processed_fsc_jobs(db::Connection& conn, int count, bool with_products = true) {
    std::string answer = R"({"value":[)";
    for (int i = 0; i < count; ++i) {
        answer += fmt::format(
            R"({}{{"Name":"S2B_MSIL1C_202501{:02}T103429_N0511_R108_T32TLR_202501{:02}T124512.SAFE","S3Path":"/eodata/x/{}.SAFE","PublicationDate":"2025-01-{:02}T12:00:00Z"}})",
            i == 0 ? "" : ",", i + 1, i + 1, i, i + 1);
    }
    std::istringstream in(answer + "]}");
    jobs::create_jobs(conn, jobs::builtin_job_types().find("fsc_rlie_job"), in, {}, quiet);
    auto const rows = conn.query("select job_id, to_char(measurement_date, 'YYYYMMDD') from hrsi.fsc_rlie_jobs "
                                 "order by measurement_date");
    std::vector<std::int64_t> ids;
    for (int r = 0; r < rows.rows(); ++r) {
        auto const id = rows.get_int(r, 0);
        auto const day = std::string(rows.get(r, 1));
        ids.push_back(id);
        // Whatever configuration decided, the job is walked through to processed.
        auto const status = std::string(conn.query("select last_status from hrsi.jobs where id = $1", id).get(0, 0));
        if (status == "2") jobs::set_job_status(conn, id, JobStatus::ready);
        for (auto s : {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                       JobStatus::post_processing, JobStatus::processed}) {
            jobs::set_job_status(conn, id, s);
        }
        if (!with_products) continue;
        auto const infos = fmt::format(
            R"j({{"resto":{{"geometry":{{"wkt":"POLYGON((6 45, 7 45, 7 46, 6 45))"}},"properties":{{"resourceSize":{},"startDate":"{}-{}-{}T10:34:29.024000","resolution":20,"cloudCover":12.5}}}}}})j",
            100 + r, day.substr(0, 4), day.substr(4, 2), day.substr(6, 2));
        conn.query(
            "update hrsi.fsc_rlie_jobs set fsc_path = $2, fsc_infos = $3::jsonb, fsc_completion_date = now(), "
            "rlie_path = $4, rlie_infos = $3::jsonb, rlie_completion_date = now() where job_id = $1",
            id,
            fmt::format("/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/x/FSC_{}T103429_S2B_T32TLR_V102_0", day),
            infos,
            fmt::format("/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE/x/RLIE_{}T103429_S2B_T32TLR_V102_0", day));
    }
    return ids;
}

std::string status_of(db::Connection& conn, std::int64_t job) {
    return std::string(conn.query("select s.name from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status "
                                  "where j.id = $1",
                                  job)
                           .get(0, 0));
}

std::int64_t count_in(db::Connection& conn, std::string const& status) {
    return conn.query("select count(*) from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status "
                      "where s.name = $1",
                      status)
        .get_int(0, 0);
}

// A publication route of its own: exchange and queue, deleted at the end; an independent
// connection reads what arrived.
struct Route {
    std::string exchange = unique("exchange");
    std::string queue = unique("queue");
    amqp::Connection reader = amqp::Connection::open(amqp::Url::parse(broker_url()));
    ~Route() {
        try {
            reader.delete_queue(queue);
            reader.delete_exchange(exchange);
        } catch (std::exception const&) {
        }
    }
    publish::PublishOptions options(std::string const& url = broker_url()) const {
        publish::PublishOptions options;
        options.broker.url = url;
        options.broker.exchange = exchange;
        options.broker.queue = queue;
        options.broker.confirm_timeout = std::chrono::seconds(10);
        options.broker.connect_timeout = std::chrono::seconds(3);
        options.types = {"fsc_rlie_job", "test_job"};
        return options;
    }
    std::vector<amqp::Message> drain() {
        std::vector<amqp::Message> messages;
        while (auto message = reader.get(queue)) {
            reader.ack(message->delivery_tag);
            messages.push_back(std::move(*message));
        }
        return messages;
    }
};

// A TCP proxy to the broker that the test can cut, to lose the connection mid-run.
class CuttableProxy {
public:
    // Cuts both ways once the client has sent more than `cut_after` bytes (0: never).
    explicit CuttableProxy(std::size_t cut_after) : m_cut_after(cut_after) {
        auto const target = amqp::Url::parse(broker_url());
        m_target_port = target.port;
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        ::listen(m_listener, 4);
        m_thread = std::thread([this] { serve(); });
    }
    ~CuttableProxy() {
        m_stop = true;
        m_thread.join();
        ::close(m_listener);
    }
    [[nodiscard]] std::string url() const {
        auto text = broker_url();
        auto const port = std::to_string(m_target_port);
        return text.replace(text.rfind(":" + port), port.size() + 1, ":" + std::to_string(m_port));
    }
    [[nodiscard]] bool cut() const { return m_cut; }

private:
    void serve() {
        pollfd listening{m_listener, POLLIN, 0};
        while (!m_stop) {
            if (::poll(&listening, 1, 100) <= 0) continue;
            int const client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) continue;
            int const server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            address.sin_port = htons(m_target_port);
            if (::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                ::close(client);
                ::close(server);
                continue;
            }
            forward(client, server);
            ::close(client);
            ::close(server);
        }
    }
    void forward(int client, int server) {
        std::size_t from_client = 0;
        char buffer[16384];
        while (!m_stop) {
            pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(fds, 2, 100) <= 0) continue;
            for (int side = 0; side < 2; ++side) {
                if (fds[side].revents == 0) continue;
                auto const n = ::read(fds[side].fd, buffer, sizeof buffer);
                if (n <= 0) return;
                if (side == 0) {
                    from_client += static_cast<std::size_t>(n);
                    if (m_cut_after > 0 && from_client > m_cut_after) {
                        m_cut = true;
                        return;  // both sockets closed by the caller: the broker is "gone"
                    }
                }
                if (::write(fds[1 - side].fd, buffer, static_cast<std::size_t>(n)) != n) return;
            }
        }
    }
    std::size_t m_cut_after;
    std::uint16_t m_target_port = 0;
    std::uint16_t m_port = 0;
    int m_listener = -1;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::thread m_thread;
};

}  // namespace

TEST_CASE("publish: every product message arrives exactly as built, jobs end in done", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = processed_fsc_jobs(conn, 2);
    // And a test job, which has no product.
    std::istringstream list("no-product-job\n");
    jobs::create_jobs(conn, jobs::builtin_job_types().find("test_job"), list, {}, quiet);
    auto const test_job = conn.query("select id from hrsi.jobs where job_type = 'test_job'").get_int(0, 0);
    for (auto s : {JobStatus::queued, JobStatus::started, JobStatus::pre_processing, JobStatus::processing,
                   JobStatus::post_processing, JobStatus::processed}) {
        jobs::set_job_status(conn, test_job, s);
    }
    Route route;
    std::ostringstream out;
    auto const counts = publish::run_publish(conn, route.options(), quiet, out);
    CHECK(counts.published == 2);
    CHECK(counts.messages == 4);
    CHECK(counts.without_product == 1);
    CHECK(status_of(conn, ids[0]) == "done");
    CHECK(status_of(conn, test_job) == "done");
    // The test job went straight to done; the FSC/RLIE ones through start_publication and published.
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = $1 and status in (10, 11)", test_job)
              .get_int(0, 0) == 0);
    CHECK(conn.query("select string_agg(status::text, ',' order by id) from hrsi.job_status_changes "
                     "where job_id = $1 and status >= 9",
                     ids[0])
              .get(0, 0) == "9,10,11,12");
    CHECK(conn.query("select count(*) from hrsi.jobs where output_published_at is not null").get_int(0, 0) == 2);
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where fsc_json_publication_date is not null "
                     "and rlie_json_publication_date is not null")
              .get_int(0, 0) == 2);

    // What the independent reader got: the outbox bodies, byte for byte, with their properties.
    auto const messages = route.drain();
    REQUIRE(messages.size() == 4);
    std::map<std::string, std::string> bodies;
    std::map<std::string, std::string> job_of;
    auto const outbox = conn.query("select message_id, body, job_id::text, product from hrsi.publications");
    for (int r = 0; r < outbox.rows(); ++r) {
        bodies[std::string(outbox.get(r, 0))] = std::string(outbox.get(r, 1));
        job_of[std::string(outbox.get(r, 0))] = std::string(outbox.get(r, 2));
    }
    for (auto const& message : messages) {
        CHECK(message.delivery_mode == 2);
        CHECK(message.content_type == "application/json");
        CHECK(message.routing_key == "json");
        REQUIRE(bodies.contains(message.message_id));
        CHECK(message.body == bodies[message.message_id]);
        rapidjson::Document document;
        document.Parse(message.body.c_str());
        REQUIRE(document.IsObject());  // the document itself, not a JSON string holding it
        CHECK(document["resto"]["properties"]["title"].GetString() == message.message_id);
        using Header = std::pair<std::string, std::string>;
        CHECK(std::count(message.headers.begin(), message.headers.end(), Header{"job_id", job_of[message.message_id]}) == 1);
        CHECK(std::count(message.headers.begin(), message.headers.end(),
                         Header{"product_type", message.message_id.substr(0, message.message_id.find('_'))}) == 1);
    }
    // The done jobs' ids on stdout.
    CHECK_THAT(out.str(), Catch::Contains(std::to_string(test_job)) && Catch::Contains(std::to_string(ids[1])));

    // A second run sends nothing again.
    std::ostringstream again;
    auto const second = publish::run_publish(conn, route.options(), quiet, again);
    CHECK(second.published == 0);
    CHECK(second.messages == 0);
    CHECK(route.drain().empty());
}

TEST_CASE("publish: a returned message is not published, the next run sends it", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = processed_fsc_jobs(conn, 1);
    Route route;
    auto options = route.options();
    options.broker.queue.clear();  // nothing bound: the broker returns the mandatory messages
    route.reader.declare_exchange(route.exchange, "direct", true);
    std::ostringstream out;
    auto const counts = publish::run_publish(conn, options, quiet, out);
    CHECK(counts.not_published == 1);
    CHECK(counts.published == 0);
    CHECK(status_of(conn, ids[0]) == "processed");
    CHECK(conn.query("select string_agg(coalesce(error_subtype, s.name), ',' order by c.id) from hrsi.job_status_changes c "
                     "join hrsi.job_status s on s.id = c.status where job_id = $1 "
                     "and c.id >= (select min(id) from hrsi.job_status_changes where job_id = $1 and status = 10)",
                     ids[0])
              .get(0, 0) == "start_publication,RabbitMQ Queue Error,error_checked,processed");
    CHECK_THAT(std::string(conn.query("select last_error from hrsi.publications where product = 'FSC'").get(0, 0)),
               Catch::Contains("312 NO_ROUTE"));
    CHECK(conn.query("select count(*) from hrsi.publications where confirmed_at is not null").get_int(0, 0) == 0);

    // With the queue bound, the same (stored) messages go.
    auto const counts_after = publish::run_publish(conn, route.options(), quiet, out);
    CHECK(counts_after.published == 1);
    CHECK(status_of(conn, ids[0]) == "done");
    CHECK(route.drain().size() == 2);
    CHECK(conn.query("select min(attempts) from hrsi.publications").get_int(0, 0) == 2);
}

TEST_CASE("publish: refused credentials or no broker: nothing written, nothing left in start_publication",
          "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    processed_fsc_jobs(conn, 2);
    Route route;
    auto url = broker_url();
    auto const at = url.find('@');
    auto const colon = url.rfind(':', at);
    auto const wrong = url.substr(0, colon + 1) + "wrong-password" + url.substr(at);
    std::ostringstream out;
    CHECK_THROWS_AS(publish::run_publish(conn, route.options(wrong), quiet, out), amqp::AccessRefused);
    CHECK_THROWS_WITH(publish::run_publish(conn, route.options(wrong), quiet, out),
                      !Catch::Contains("wrong-password") && Catch::Contains("refused"));
    CHECK(count_in(conn, "processed") == 2);
    CHECK(conn.query("select count(*) from hrsi.publications").get_int(0, 0) == 0);

    // A broker that is not there (stopped before the run): the same.
    CHECK_THROWS_AS(publish::run_publish(conn, route.options("amqp://guest:guest@127.0.0.1:1/%2F"), quiet, out),
                    ServiceUnavailable);
    CHECK(count_in(conn, "processed") == 2);
    CHECK(count_in(conn, "start_publication") == 0);
}

TEST_CASE("publish: a connection lost mid-run loses nothing, the next run sends the rest", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = processed_fsc_jobs(conn, 12);
    Route route;
    // One job per batch, so that some are confirmed before the cut.
    auto options = route.options();
    options.batch = 1;
    std::ostringstream out;
    {
        // The handshake and a few messages pass; then the "broker" is gone.
        CuttableProxy proxy(9000);
        options.broker.url = proxy.url();
        CHECK_THROWS_AS(publish::run_publish(conn, options, quiet, out), ServiceUnavailable);
        CHECK(proxy.cut());
    }
    auto const done_first = count_in(conn, "done");
    CHECK(done_first >= 1);
    CHECK(done_first < 12);
    CHECK(count_in(conn, "start_publication") == 0);  // none stuck half-way
    CHECK(count_in(conn, "processed") == 12 - done_first);

    // The next run (the broker reachable again) publishes the rest; every product arrives.
    options.broker.url = broker_url();
    auto const counts = publish::run_publish(conn, options, quiet, out);
    CHECK(counts.published == 12 - done_first);
    CHECK(count_in(conn, "done") == 12);
    std::set<std::string> titles;
    std::size_t received = 0;
    for (auto const& message : route.drain()) {
        titles.insert(message.message_id);
        ++received;
    }
    CHECK(titles.size() == 24);  // at least once each ...
    CHECK(received <= 24 + 2);   // ... and at most the one job in flight twice
    // Jobs confirmed before the cut were not sent again.
    CHECK(conn.query("select count(*) from hrsi.publications where attempts > 1").get_int(0, 0) <= 2);
}

TEST_CASE("publish: endpoint failure reports: sent again, then internal_error after 3", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = processed_fsc_jobs(conn, 1);
    Route route;
    std::ostringstream out;
    REQUIRE(publish::run_publish(conn, route.options(), quiet, out).published == 1);
    route.drain();
    auto const body = std::string(conn.query("select body from hrsi.publications where product = 'FSC'").get(0, 0));

    publish::FailureReportOptions reports;
    reports.broker = route.options().broker;
    reports.exchange = unique("indexering");
    reports.queue = unique("failed");
    auto report = [&] {
        // The endpoint reports the product (double-encoded, as the reference endpoint sends it).
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        writer.String(body.c_str());
        route.reader.declare_exchange(reports.exchange, "topic", true);
        route.reader.declare_queue(reports.queue, true);
        route.reader.bind_queue(reports.queue, reports.exchange, "failed_products");
        route.reader.publish(reports.exchange, "failed_products", buffer.GetString());
    };
    for (int failure = 1; failure <= 3; ++failure) {
        report();
        auto const counts = publish::handle_failure_reports(conn, reports, quiet);
        CHECK(counts.resent == 1);
        CHECK(status_of(conn, ids[0]) == "done");
        auto const again = route.drain();
        REQUIRE(again.size() == 1);
        CHECK(again[0].body == body);
    }
    report();
    auto const counts = publish::handle_failure_reports(conn, reports, quiet);
    CHECK(counts.given_up == 1);
    CHECK(status_of(conn, ids[0]) == "internal_error");
    CHECK(route.drain().empty());
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where job_id = $1 and status = 14 "
                     "and error_subtype = 'Endpoint Publication Failure'",
                     ids[0])
              .get_int(0, 0) == 3);
    // A report of a product nobody published is dropped.
    route.reader.publish(reports.exchange, "failed_products", R"({"resto":{"properties":{"title":"FSC_unknown"}}})");
    CHECK(publish::handle_failure_reports(conn, reports, quiet).unknown == 1);
    route.reader.delete_queue(reports.queue);
    route.reader.delete_exchange(reports.exchange);
}

TEST_CASE("publish: two runs at once publish each job once", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    processed_fsc_jobs(conn, 6);
    Route route;
    auto options = route.options();
    options.batch = 2;
    std::vector<publish::PublishCounts> counts(2);
    std::vector<std::thread> runs;
    for (std::size_t i = 0; i < 2; ++i) {
        runs.emplace_back([&, i] {
            auto own = database.connect();
            std::ostringstream out;
            counts[i] = publish::run_publish(own, options, quiet, out);
        });
    }
    for (auto& run : runs) run.join();
    CHECK(counts[0].published + counts[1].published == 6);
    CHECK(count_in(conn, "done") == 6);
    CHECK(route.drain().size() == 12);  // each product once
    CHECK(conn.query("select count(*) from hrsi.job_status_changes where status = 10").get_int(0, 0) == 6);
}

TEST_CASE("publish: a job with three products of one type is published as three messages", "[publish]") {
    testing::TempDatabase database;
    auto conn = database.connect();
    auto const ids = processed_fsc_jobs(conn, 1);
    auto const job = ids.front();
    // As RLIE-S1 makes them: one RLIE product per Sentinel-2 tile the job covers.
    jobs::set_job_status(conn, job, JobStatus::start_publication);
    publish::JobMessages three{job, {}};
    for (auto const* tile : {"T32TLR", "T32TLS", "T32TMR"}) {
        auto const title = fmt::format("RLIE_20250101T103429_S2B_{}_V102_0", tile);
        three.products.push_back({"RLIE", title, fmt::format(R"({{"resto":{{"properties":{{"title":"{}"}}}}}})", title)});
    }
    {
        db::Transaction transaction(conn);
        publish::add_messages(conn, {three});
        transaction.commit();
    }
    REQUIRE(conn.query("select count(*) from hrsi.publications where job_id = $1", job).get_int(0, 0) == 3);

    Route route;
    std::ostringstream out;
    auto const counts = publish::run_publish(conn, route.options(), quiet, out);
    CHECK(counts.published == 1);
    CHECK(counts.messages == 3);
    CHECK(status_of(conn, job) == "done");
    CHECK(conn.query("select count(*) from hrsi.fsc_rlie_jobs where job_id = $1 and rlie_json_publication_date is not null",
                     job)
              .get_int(0, 0) == 1);
    auto const messages = route.drain();
    REQUIRE(messages.size() == 3);
    std::set<std::string> titles;
    for (auto const& message : messages) titles.insert(message.message_id);
    CHECK(titles == std::set<std::string>{three.products[0].title, three.products[1].title, three.products[2].title});

    // The job processed again with two of them: their confirmed rows are replaced, to be sent
    // again; the third product's row is dropped.
    {
        db::Transaction transaction(conn);
        three.products.pop_back();
        publish::add_messages(conn, {three});
        transaction.commit();
    }
    CHECK(conn.query("select count(*) from hrsi.publications where job_id = $1", job).get_int(0, 0) == 2);
    CHECK(conn.query("select count(*) from hrsi.publications where job_id = $1 and confirmed_at is null", job)
              .get_int(0, 0) == 2);
    CHECK(conn.query("select count(*) from hrsi.publications where message_id = $1", three.products[0].title)
              .get_int(0, 0) == 1);
}
