#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A service lost in the middle of hrsi-publish (issue 16), on a private PostgreSQL and
# RabbitMQ: 1,000 processed fsc_rlie jobs (2,000 product messages, made by
# bench/publish_data.sql) published in batches of 10, and
#   - PostgreSQL stopped at once mid-run: the run exits 69; PostgreSQL started again,
#     `hrsi-db check` passes, a second run takes every job to done, and every message the
#     broker received is in the outbox (hrsi.publications), received no more often than the
#     outbox counts its sends (at least once: duplicates, each recorded; none lost);
#   - RabbitMQ killed (kill -9 of its Erlang VM) mid-run: the run exits 69; no job is published
#     or done without all its outbox rows confirmed; RabbitMQ started again (same node, same
#     durable queue), a second run takes every job to done and the queue holds every product
#     at least once (confirmed messages survive the crash).
# The messages are drained with tests/support/amqp-peek, which shares no code with hrsi.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
peek=$source_dir/tests/support/amqp-peek
for tool in python3 psql; do
  command -v "$tool" >/dev/null || { echo "faults: $tool is not installed" >&2; exit 1; }
done
# Acknowledged commits must survive the immediate stop (the outbox counts every send).
export HRSI_PG_FSYNC=on
use_private_services postgresql,rabbitmq
server=$HRSI_DB
[[ -n ${HRSI_AMQP_URL:-} ]] || { echo "faults: no private RabbitMQ (is rabbitmq-server installed?)" >&2; exit 1; }

jobs=1000
background=()
at_exit 'for p in "${background[@]}"; do kill -KILL "$p" 2>/dev/null; done; true'

# A fresh database ($1) with $jobs processed fsc_rlie jobs with two products each (ids 1..$jobs).
make_jobs() {
  psql -X -q "$server" -c "create database $1" >/dev/null || fail "cannot create the database $1"
  HRSI_DB=$(conninfo_with_dbname "$server" "$1")
  hrsi-db -q init || fail "hrsi-db init failed on $1"
  psql -X -q "$HRSI_DB" -v jobs="$jobs" -f "$source_dir/bench/publish_data.sql" >"$_tmp/data.log" 2>&1 ||
    fail "bench/publish_data.sql failed: $(cat "$_tmp/data.log")"
}
# hrsi-publish in the background (batches of 10) to exchange $1, queue $2; waits until it has
# taken at least 100 jobs to done (its stdout), then returns with $pid still running.
start_publish() {
  : >"$_tmp/first.out"
  hrsi-publish --batch 10 --exchange "$1" --queue "$2" </dev/null >"$_tmp/first.out" 2>"$_tmp/first.err" &
  pid=$!
  background+=("$pid")
  local deadline=$((SECONDS + 30))
  while (($(wc -l <"$_tmp/first.out") < 100)) && kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.02
  done
  kill -0 "$pid" 2>/dev/null || fail "hrsi-publish ended before the fault (exit: $(wait "$pid"; echo $?)): $(cat "$_tmp/first.err")"
}
# Waits (at most 30 s) for $pid to end; checks the exit status 69 and that the run stopped early.
expect_stopped_with_69() {
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "hrsi-publish still runs 30 s after the fault"; }
  wait "$pid"
  expect_equal "$?" 69 "exit status of the run that lost $1 (stderr: $(tail -n 3 "$_tmp/first.err"))"
  local done_first; done_first=$(wc -l <"$_tmp/first.out")
  ((done_first < jobs)) || fail "the fault landed after the run: all $done_first jobs done"
  echo "# the first run took $done_first of $jobs jobs to done before $1 was lost" >&2
}
# The second run, to the end: exit 0, every job done, hrsi-db check passes.
second_run_completes() {
  run hrsi-publish --batch 500 --exchange "$1" --queue "$2"
  expect_status 0
  expect_equal "$(sql "select count(*) from hrsi.jobs where last_status = 12")" "$jobs" "jobs done after the second run"
  expect_equal "$(sql "select count(*) from hrsi.publications where confirmed_at is null")" 0 "unconfirmed outbox rows"
  expect_equal "$(sql "select count(*) from hrsi.publications")" $((2 * jobs)) "outbox rows"
  run hrsi-db check
  expect_status 0
}
# Every message of queue $1 against the outbox: each one is an outbox row (same message id and
# body), received no more often than its recorded sends (attempts); every row received.
queue_matches_outbox() {
  "$peek" "$HRSI_AMQP_URL" "$1" >"$_tmp/messages.jsonl" || fail "amqp-peek could not drain $1"
  sql "select message_id, attempts, md5(body) from hrsi.publications" >"$_tmp/outbox.txt"
  python3 - "$_tmp/messages.jsonl" "$_tmp/outbox.txt" <<'EOF' || fail "the queue and the outbox disagree (see above)"
import collections, hashlib, json, sys
received = collections.Counter()
problems = []
outbox = {}
for line in open(sys.argv[2]):
    message_id, attempts, digest = line.rstrip("\n").split("|")
    outbox[message_id] = (int(attempts), digest)
for line in open(sys.argv[1]):
    message = json.loads(line)
    received[message["message_id"]] += 1
    row = outbox.get(message["message_id"])
    if row is None:
        problems.append(f"received {message['message_id']}, which is not in the outbox")
    elif hashlib.md5(message["body"].encode()).hexdigest() != row[1]:
        problems.append(f"{message['message_id']}: the body received differs from the outbox")
for message_id, (attempts, _) in outbox.items():
    if received[message_id] == 0:
        problems.append(f"{message_id}: in the outbox, never received (lost)")
    elif received[message_id] > attempts:
        problems.append(f"{message_id}: received {received[message_id]} times, {attempts} send(s) recorded")
for problem in problems[:20]:
    print(problem, file=sys.stderr)
total = sum(received.values())
print(f"# {total} messages received for {len(outbox)} outbox rows ({total - len(outbox)} duplicates, "
      f"{len(problems)} problems)", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}

TEST "PostgreSQL stopped at once mid-publication: exit 69; started again, a second run completes; every message received is in the outbox"
make_jobs hrsi_faults_database
start_publish pg-products pg-json
pg_stop_immediately
expect_stopped_with_69 "the database"
grep -q "lost the database connection" "$_tmp/first.err" || fail "stderr: $(tail -n 3 "$_tmp/first.err")"
pg_start
second_run_completes pg-products pg-json
queue_matches_outbox pg-json

TEST "RabbitMQ killed mid-publication: exit 69, nothing published unconfirmed; started again, a second run completes, every product in the queue"
make_jobs hrsi_faults_broker
mq_home=$private_state/rabbitmq
start_publish mq-products mq-json
kill -KILL "$(cat "$mq_home/rabbit.pid")" || fail "cannot kill the private RabbitMQ"
expect_stopped_with_69 "the broker"
# Nothing half-way and nothing marked without its confirmation.
expect_equal "$(sql "select count(*) from hrsi.jobs where last_status in (10, 11)")" 0 \
  "jobs left in start_publication or published"
expect_equal "$(sql "select count(*) from hrsi.jobs j where j.last_status = 12 and exists
                     (select 1 from hrsi.publications p where p.job_id = j.id and p.confirmed_at is null)")" 0 \
  "jobs done with an unconfirmed outbox row"
expect_equal "$(sql "select count(*) from hrsi.jobs j where j.last_status = 12 and
                     (select count(*) from hrsi.publications p where p.job_id = j.id) <> 2")" 0 \
  "jobs done without both outbox rows"
expect_equal "$(sql "select count(*) from hrsi.jobs where last_status = 12")" "$(wc -l <"$_tmp/first.out")" \
  "jobs done against the ids the run printed"
run hrsi-db check
expect_status 0
HRSI_SERVICES=rabbitmq "$services_script" up --state "$private_state" 2>>"$private_state/up.log" ||
  fail "cannot start the private RabbitMQ again: $(tail -n 3 "$private_state/up.log")"
database=$HRSI_DB
eval "$("$services_script" env --state "$private_state")"
HRSI_DB=$database
second_run_completes mq-products mq-json
queue_matches_outbox mq-json

finish
