// SPDX-License-Identifier: Apache-2.0
#include <hrsi/publish/publisher.hpp>

#include <hrsi/amqp/errors.hpp>
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/dispatch/promotion.hpp>
#include <hrsi/error.hpp>
#include <hrsi/jobs/job_store.hpp>
#include <hrsi/jobs/output_products.hpp>
#include <hrsi/jobs/registry.hpp>
#include <hrsi/jobs/status_changes.hpp>
#include <hrsi/publish/broker_session.hpp>
#include <hrsi/publish/outbox.hpp>
#include <hrsi/util/progress.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <thread>

namespace hrsi::publish {
namespace {

constexpr char const* queue_error_subtype = "RabbitMQ Queue Error";
constexpr char const* checked_message =
    "Error automatically checked as the publication failed; the job is processed again and its unconfirmed "
    "messages are sent by the next run.";

struct Candidate {
    std::int64_t id = 0;
    std::string type;
    JobStatus status = JobStatus::processed;
};

// Jobs in processed, start_publication or published (a run that stopped half-way), by id.
std::vector<Candidate> candidates(db::Connection& conn, PublishOptions const& options, util::Log const& log,
                                  PublishCounts& counts) {
    std::vector<Candidate> found;
    auto read = [&found](db::Result const& rows) {
        for (int r = 0; r < rows.rows(); ++r) {
            found.push_back({rows.get_int(r, 0), std::string(rows.get(r, 1)),
                             status_from_id(static_cast<int>(rows.get_int(r, 2))).value_or(JobStatus::processed)});
        }
    };
    if (!options.ids) {
        auto const types = dispatch::active_job_types(conn, *options.job_types, options.types);
        read(conn.query("select id, job_type, last_status from hrsi.jobs "
                        "where last_status in (9, 10, 11) and job_type = any ($1::text[]) order by id",
                        types));
        return found;
    }
    auto const rows = conn.query(
        "select j.id, j.job_type, coalesce(j.last_status, 0), s.name from unnest($1::bigint[]) with ordinality i(id, n) "
        "left join hrsi.jobs j on j.id = i.id left join hrsi.job_status s on s.id = j.last_status order by i.n",
        *options.ids);
    std::set<std::int64_t> wanted(options.ids->begin(), options.ids->end());
    for (int r = 0; r < rows.rows(); ++r) {
        if (rows.is_null(r, 0)) continue;
        wanted.erase(rows.get_int(r, 0));
        if (!options.types.empty() &&
            std::find(options.types.begin(), options.types.end(), rows.get(r, 1)) == options.types.end()) {
            log.warn("job {} is a {}, not one of the --type given; leaving it alone", rows.get(r, 0), rows.get(r, 1));
            ++counts.left_alone;
            continue;
        }
        auto const status = rows.get_int(r, 2);
        if (status < 9 || status > 11) {
            log.warn("job {} is {}: publication takes processed jobs (or finishes one that stopped half-way); "
                     "leaving it alone",
                     rows.get(r, 0), rows.is_null(r, 3) ? "without status" : rows.get(r, 3));
            ++counts.left_alone;
            continue;
        }
        found.push_back({rows.get_int(r, 0), std::string(rows.get(r, 1)), status_from_id(static_cast<int>(status)).value_or(JobStatus::processed)});
    }
    for (auto const id : wanted) throw NotFound(fmt::format("job {} does not exist", id));
    return found;
}

}  // namespace

void take_run_lock(db::Connection& conn, std::string const& name, util::Log const& log) {
    if (conn.query("select pg_try_advisory_lock(hashtext($1))", name).get(0, 0) == "t") return;
    log.info("another {} run is active: waiting for it (at most a minute)", name);
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        if (conn.query("select pg_try_advisory_lock(hashtext($1))", name).get(0, 0) == "t") return;
    }
    throw TemporaryFailure(fmt::format("another {} run has been active for more than a minute; try again later", name));
}

namespace {

struct ChunkPlan;

class Publisher {
public:
    Publisher(db::Connection& conn, PublishOptions const& options, util::Log const& log, std::ostream& out)
        : m_conn(conn), m_options(options), m_log(log), m_out(out), m_broker(options.broker, log),
          m_parameters(db::load_system_parameters(conn)) {}

    PublishCounts run();

private:
    void chunk(std::string const& type, std::vector<Candidate> const& jobs);
    ChunkPlan make_plan(std::vector<Candidate> const& part, jobs::JobList const& loaded, std::vector<std::int64_t> const& ids);
    void record_without_messages(ChunkPlan& plan);
    bool connect(std::vector<std::int64_t> const& sending);
    void queue_documents(ChunkPlan& plan);
    std::set<std::int64_t> send(std::vector<std::int64_t> const& sending);
    void dry_run(std::string const& type, std::vector<Candidate> const& jobs);
    void finish(std::vector<std::int64_t> const& ids, jobs::JobList& loaded);
    void fail(std::int64_t job_id, std::string const& message);
    void print_done(std::vector<std::int64_t> const& ids);

    db::Connection& m_conn;
    PublishOptions const& m_options;
    util::Log const& m_log;
    std::ostream& m_out;
    BrokerSession m_broker;
    db::SystemParameterValues m_parameters;
    PublishCounts m_counts;
    std::optional<std::string> m_broker_failure;
    bool m_missing_url = false;
};

PublishCounts Publisher::run() {
    // One publication run at a time: two would both take the same processed jobs (the second
    // then failing on start_publication) and send the same outbox rows. A second run waits for
    // the first (the lock goes with the session), then finds what is left.
    if (!m_options.dry_run) take_run_lock(m_conn, "hrsi-publish", m_log);
    auto const found = candidates(m_conn, m_options, m_log, m_counts);
    // By type (each has its own columns), in chunks.
    std::map<std::string, std::vector<Candidate>> by_type;
    for (auto const& job : found) by_type[job.type].push_back(job);
    util::Progress progress(m_log, "publishing", "jobs", static_cast<std::int64_t>(found.size()));
    std::int64_t handled = 0;
    for (auto const& [type, jobs] : by_type) {
        for (std::size_t start = 0; start < jobs.size() && !m_broker_failure; start += m_options.batch) {
            progress.update(handled);
            auto const end = std::min(jobs.size(), start + m_options.batch);
            std::vector<Candidate> const part(jobs.begin() + static_cast<std::ptrdiff_t>(start),
                                              jobs.begin() + static_cast<std::ptrdiff_t>(end));
            if (m_options.dry_run) {
                dry_run(type, part);
            } else {
                chunk(type, part);
            }
            handled += static_cast<std::int64_t>(part.size());
        }
    }
    if (m_missing_url) {
        throw UsageError("jobs with products wait in processed: no broker to publish to; set HRSI_AMQP_URL "
                         "(amqp://user:password@host:port/vhost), or --amqp-url-file FILE (for example in a "
                         "--config file)");
    }
    if (m_broker_failure) {
        throw ServiceUnavailable(fmt::format("publication stopped: {}; the jobs whose messages were not confirmed "
                                             "are back in processed and the next run sends them",
                                             *m_broker_failure));
    }
    return m_counts;
}

void Publisher::print_done(std::vector<std::int64_t> const& ids) {
    for (auto const id : ids) m_out << id << '\n';
    m_out.flush();
}

void Publisher::dry_run(std::string const& type_name, std::vector<Candidate> const& part) {
    auto const& type = m_options.job_types->find(type_name);
    std::vector<std::int64_t> ids;
    for (auto const& job : part) ids.push_back(job.id);
    for (auto const& job : jobs::load_jobs(m_conn, type, ids)) {
        if (!job->generated_a_product()) continue;
        auto documents = job->get_products_publication_jsons(m_parameters);
        jobs::keep_output_products(job->info(), documents);
        for (auto const& product : documents.products) m_out << product.json << '\n';
        for (auto const& reason : documents.skipped) m_log.warn("job {}: {}", job->common.id, reason);
    }
    m_out.flush();
}

// What a chunk's jobs need, by their status and products.
struct ChunkPlan {
    std::map<std::int64_t, JobStatus> status_of;
    std::vector<jobs::StatusWrite> writes;  // published → done, without product → done
    std::vector<std::int64_t> done_now;
    std::vector<std::int64_t> sending;      // start_publication with their messages in the outbox
    std::vector<std::pair<std::int64_t, std::string>> no_document;  // with the reasons
    std::vector<std::pair<std::int64_t, jobs::PublicationDocuments>> documents;  // to the outbox
    // In start_publication by hand, without any message and without product.
    std::vector<std::int64_t> finish_without_messages;
};

// Sorts a chunk's processed jobs: those without product are done; the others get their
// documents. Jobs in start_publication normally have their messages in the outbox; one put
// there by hand has none and gets them built now (its status stays).
ChunkPlan Publisher::make_plan(std::vector<Candidate> const& part, jobs::JobList const& loaded,
                          std::vector<std::int64_t> const& ids) {
    ChunkPlan plan;
    for (auto const& job : part) plan.status_of[job.id] = job.status;
    std::set<std::int64_t> has_messages;
    auto const rows = m_conn.query("select distinct job_id from hrsi.publications where job_id = any ($1::bigint[])", ids);
    for (int r = 0; r < rows.rows(); ++r) has_messages.insert(rows.get_int(r, 0));
    for (auto const& job : loaded) {
        auto const id = job->common.id;
        auto const status = plan.status_of[id];
        if (status == JobStatus::published) {
            plan.writes.push_back({id, JobStatus::done, std::nullopt, std::nullopt});
            plan.done_now.push_back(id);
        } else if (status == JobStatus::start_publication && has_messages.contains(id)) {
            plan.sending.push_back(id);
        } else if (status == JobStatus::start_publication && !job->generated_a_product()) {
            // Put there by hand with nothing to publish: it is published, as done by a run.
            plan.finish_without_messages.push_back(id);
        } else if (!job->generated_a_product()) {
            plan.writes.push_back({id, JobStatus::done, std::nullopt, std::nullopt});
            plan.done_now.push_back(id);
            ++m_counts.without_product;
        } else {
            auto docs = job->get_products_publication_jsons(m_parameters);
            jobs::keep_output_products(job->info(), docs);
            if (docs.products.empty()) {
                plan.no_document.emplace_back(id, docs.skipped.empty() ? std::string("no product document")
                                                                       : fmt::format("{}", fmt::join(docs.skipped, "; ")));
                continue;
            }
            for (auto const& reason : docs.skipped) m_log.warn("job {}: {}", id, reason);
            plan.documents.emplace_back(id, std::move(docs));
        }
    }
    return plan;
}

// Jobs without product (done) and without a document (internal_error), in one transaction:
// they need no broker.
void Publisher::record_without_messages(ChunkPlan& plan) {
    if (plan.writes.empty() && plan.no_document.empty()) return;
    db::Transaction transaction(m_conn);
    for (auto const& [id, reasons] : plan.no_document) {
        plan.writes.push_back({id, JobStatus::internal_error, std::string("Publication JSON setting Error"), reasons});
        ++m_counts.internal_errors;
        m_log.error("job {}: no publication document: {}", id, reasons);
    }
    if (!plan.writes.empty()) jobs::append_status_changes(m_conn, plan.writes);
    transaction.commit();
    print_done(plan.done_now);
}

// Connects before anything is written for the jobs to send: refused credentials leave nothing
// half-way (amqp::AccessRefused passes through); a broker that cannot be reached stops the run
// (false, the jobs already sending back to processed).
bool Publisher::connect(std::vector<std::int64_t> const& sending) {
    try {
        m_broker.connection();
        return true;
    } catch (amqp::AccessRefused const&) {
        throw;
    } catch (ServiceUnavailable const& error) {
        m_broker_failure = error.what();
        for (auto const id : sending) fail(id, fmt::format("the broker cannot be reached: {}", error.what()));
        return false;
    }
}

// The new documents into the outbox, their jobs to start_publication, in one transaction; they
// join the jobs to send.
void Publisher::queue_documents(ChunkPlan& plan) {
    db::Transaction transaction(m_conn);
    std::vector<jobs::StatusWrite> starts;
    std::vector<JobMessages> added;
    for (auto& [id, docs] : plan.documents) {
        if (plan.status_of[id] != JobStatus::start_publication) {
            starts.push_back({id, JobStatus::start_publication, std::nullopt, std::nullopt});
        }
        added.push_back({id, std::move(docs.products)});
        plan.sending.push_back(id);
    }
    add_messages(m_conn, added);
    if (!starts.empty()) jobs::append_status_changes(m_conn, starts);
    transaction.commit();
}

// Sends the jobs' unconfirmed messages and records what the broker said; returns the jobs
// with a message not confirmed.
std::set<std::int64_t> Publisher::send(std::vector<std::int64_t> const& sending) {
    auto const messages = unconfirmed_messages(m_conn, sending);
    std::set<std::int64_t> failed_jobs;
    if (messages.empty()) return failed_jobs;
    std::vector<std::int64_t> message_ids;
    for (auto const& message : messages) message_ids.push_back(message.id);
    mark_sent(m_conn, message_ids);
    auto const result = m_broker.send(messages);
    std::vector<std::int64_t> confirmed;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        auto const& outcome = result.outcomes[i];
        if (outcome.confirmed()) {
            confirmed.push_back(messages[i].id);
            continue;
        }
        auto const error = fmt::format("{} {} not published: {} by the broker{} (exchange {}, routing key {})",
                                       messages[i].product, messages[i].message_id, amqp::to_string(outcome.status),
                                       outcome.detail.empty() ? "" : ": " + outcome.detail,
                                       m_options.broker.exchange, m_options.broker.routing_key);
        mark_failed(m_conn, messages[i].id, error);
        failed_jobs.insert(messages[i].job_id);
        m_log.error("job {}: {}", messages[i].job_id, error);
    }
    if (!confirmed.empty()) mark_confirmed(m_conn, confirmed);
    m_counts.messages += static_cast<std::int64_t>(confirmed.size());
    if (result.failure) m_broker_failure = result.failure;
    return failed_jobs;
}

void Publisher::chunk(std::string const& type_name, std::vector<Candidate> const& part) {
    auto const& type = m_options.job_types->find(type_name);
    std::vector<std::int64_t> ids;
    for (auto const& job : part) ids.push_back(job.id);
    auto loaded = jobs::load_jobs(m_conn, type, ids);
    auto plan = make_plan(part, loaded, ids);
    record_without_messages(plan);
    for (auto const id : plan.finish_without_messages) {
        fail(id, "in start_publication without any message and without product: back to processed");
    }
    if (plan.documents.empty() && plan.sending.empty()) return;
    if (!m_options.broker.url) {
        // Not configured: jobs with products wait; the run ends with a usage error.
        m_missing_url = true;
        return;
    }
    if (!connect(plan.sending)) return;
    queue_documents(plan);
    auto const failed_jobs = send(plan.sending);
    for (auto const id : failed_jobs) {
        auto const errors = m_conn.query(
            "select string_agg(last_error, '; ' order by id) from hrsi.publications "
            "where job_id = $1 and confirmed_at is null",
            id);
        fail(id, std::string(errors.get(0, 0)));
    }
    std::vector<std::int64_t> complete;
    std::ranges::copy_if(plan.sending, std::back_inserter(complete), [&](std::int64_t id) { return !failed_jobs.contains(id); });
    finish(complete, loaded);
}

// A job whose messages were not all confirmed goes back to processed (reference §2.3:
// start_publication → external_error → error_checked → processed); the next run sends them.
void Publisher::fail(std::int64_t job_id, std::string const& message) {
    db::Transaction transaction(m_conn);
    if (m_conn.query("select 1 from hrsi.jobs where id = $1 and last_status = 10 for update", job_id).rows() == 0) {
        m_log.warn("job {} left start_publication meanwhile (an operator?); its outcome is not recorded: {}", job_id,
                   message);
        return;
    }
    jobs::set_job_status(m_conn, job_id, JobStatus::external_error, {std::string(queue_error_subtype), message, std::nullopt});
    jobs::set_job_status(m_conn, job_id, JobStatus::error_checked, {std::nullopt, std::string(checked_message), std::nullopt});
    jobs::set_job_status(m_conn, job_id, JobStatus::processed);
    transaction.commit();
    ++m_counts.not_published;
}

// Jobs whose messages are all confirmed: the publication dates recorded (the type's
// set_product_publication_date and jobs.output_published_at), then published and done.
void Publisher::finish(std::vector<std::int64_t> const& ids, jobs::JobList& loaded) {
    if (ids.empty()) return;
    auto const messages = all_messages(m_conn, ids);
    auto const confirmed_at = m_conn.query(
        "select job_id, max(confirmed_at)::text, bool_and(confirmed_at is not null) from hrsi.publications "
        "where job_id = any ($1::bigint[]) group by job_id",
        ids);
    std::map<std::int64_t, std::pair<util::TimePoint, bool>> times;
    for (int r = 0; r < confirmed_at.rows(); ++r) {
        times[confirmed_at.get_int(r, 0)] = {
            confirmed_at.is_null(r, 1) ? util::now() : util::parse_time(confirmed_at.get(r, 1)),
            confirmed_at.get(r, 2) == "t"};
    }
    // The jobs as the chunk loaded them (their columns have not changed since).
    std::set<std::int64_t> const wanted(ids.begin(), ids.end());
    std::vector<jobs::JobTemplate*> jobs_loaded;
    for (auto& job : loaded) {
        if (wanted.contains(job->common.id)) jobs_loaded.push_back(job.get());
    }
    std::vector<jobs::JobSnapshot> before;
    before.reserve(jobs_loaded.size());
    for (auto const& job : jobs_loaded) before.push_back(jobs::snapshot_of(*job));
    std::vector<jobs::StatusWrite> writes;
    std::vector<std::int64_t> finished;
    std::vector<jobs::JobTemplate const*> changed;
    std::vector<jobs::JobSnapshot const*> changed_before;
    for (std::size_t j = 0; j < jobs_loaded.size(); ++j) {
        auto& job = *jobs_loaded[j];
        auto const time = times.find(job.common.id);
        if (time == times.end() || !time->second.second) continue;  // not all confirmed
        // Once per product type, however many products of that type the job has.
        std::set<std::string> types;
        for (auto const& message : messages) {
            if (message.job_id == job.common.id && types.insert(message.product).second) {
                job.set_product_publication_date(message.product, time->second.first);
            }
        }
        if (jobs::differs(job, before[j])) {
            changed.push_back(&job);
            changed_before.push_back(&before[j]);
        }
        writes.push_back({job.common.id, JobStatus::published, std::nullopt, std::nullopt});
        writes.push_back({job.common.id, JobStatus::done, std::nullopt, std::nullopt});
        finished.push_back(job.common.id);
    }
    db::Transaction transaction(m_conn);
    // Only jobs still in start_publication (an operator may have cancelled one meanwhile).
    {
        auto const still = m_conn.query(
            "select id from hrsi.jobs where id = any ($1::bigint[]) and last_status = 10 order by id for update",
            finished);
        std::set<std::int64_t> kept;
        for (int r = 0; r < still.rows(); ++r) kept.insert(still.get_int(r, 0));
        if (kept.size() != finished.size()) {
            std::erase_if(writes, [&kept](jobs::StatusWrite const& write) { return !kept.contains(write.job_id); });
            std::vector<jobs::JobTemplate const*> changed_kept;
            std::vector<jobs::JobSnapshot const*> before_kept;
            for (std::size_t i = 0; i < changed.size(); ++i) {
                if (kept.contains(changed[i]->common.id)) {
                    changed_kept.push_back(changed[i]);
                    before_kept.push_back(changed_before[i]);
                }
            }
            changed = std::move(changed_kept);
            changed_before = std::move(before_kept);
            for (auto const id : finished) {
                if (!kept.contains(id)) m_log.warn("job {} left start_publication meanwhile; its messages were confirmed", id);
            }
            std::erase_if(finished, [&kept](std::int64_t id) { return !kept.contains(id); });
        }
    }
    if (!changed.empty()) jobs::update_jobs(m_conn, changed, changed_before);
    m_conn.query("update hrsi.jobs j set output_published_at = p.at from "
                 "(select job_id, max(confirmed_at) as at from hrsi.publications where job_id = any ($1::bigint[]) "
                 " group by job_id) p where j.id = p.job_id",
                 finished);
    if (!writes.empty()) jobs::append_status_changes(m_conn, writes);
    transaction.commit();
    m_counts.published += static_cast<std::int64_t>(finished.size());
    print_done(finished);
}

}  // namespace

PublishCounts run_publish(db::Connection& conn, PublishOptions const& options, util::Log const& log, std::ostream& out) {
    Publisher publisher(conn, options, log, out);
    return publisher.run();
}

}  // namespace hrsi::publish
