#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A lost database connection (issue 16, defect 6), on a private PostgreSQL: a one-shot program
# whose session is ended under it exits 69 (service unavailable), not 70; the --loop modes
# (hrsi-dispatch, hrsi-monitor, hrsi-status watch) live through PostgreSQL stopped at once and
# started again: a log line per reconnection attempt, then on with their work.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

unset NOMAD_META_job_id NOMAD_META_attempt HRSI_EXECUTOR
root=$(mktemp -d)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work
use_private_services postgresql

# Background programs still running at exit are stopped.
background=()
at_exit 'for p in "${background[@]}"; do kill -KILL "$p" 2>/dev/null; done; true'
terminate_sessions() {
  sql "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = '$1'"
}

TEST "one-shot hrsi-dispatch whose session is ended while its worker runs: exit 69, the job still processed"
program '["sleep", "2"]'
job=$(new_jobs one-shot)
hrsi-dispatch --executor local --parallel 1 </dev/null >"$root/one.out" 2>"$root/one.err" &
pid=$!
background+=("$pid")
wait_for_status "$job" processing 20 || fail "the job never reached processing: $(statuses "$job")"
expect_equal "$(terminate_sessions hrsi-dispatch)" 1 "sessions of hrsi-dispatch ended"
wait_for_exit "$pid" 30
expect_equal "$bg_status" 69 "exit status (stderr: $(cat "$root/one.err"))"
grep -q "lost the database connection" "$root/one.err" || fail "stderr: $(cat "$root/one.err")"
wait_for_status "$job" processed 20 || fail "the job was not processed: $(statuses "$job")"

TEST "one-shot hrsi-dispatch while PostgreSQL stops at once: exit 69 (service unavailable), not 70"
program '["sleep", "2"]'
job=$(new_jobs stopped-under-it)
hrsi-dispatch --executor local --parallel 1 </dev/null >"$root/stop.out" 2>"$root/stop.err" &
pid=$!
background+=("$pid")
wait_for_status "$job" processing 20 || fail "the job never reached processing: $(statuses "$job")"
pg_stop_immediately
wait_for_exit "$pid" 30
expect_equal "$bg_status" 69 "exit status (stderr: $(cat "$root/stop.err"))"
grep -q "lost the database connection" "$root/stop.err" || fail "stderr: $(cat "$root/stop.err")"
pg_start

TEST "PostgreSQL stopped at once and started again: the three loops reconnect and go on"
program ""
hrsi-dispatch --executor print --loop 0.5 </dev/null >"$root/dispatch.out" 2>"$root/dispatch.err" &
dispatcher=$!
hrsi-monitor --loop 0.5 </dev/null >"$root/monitor.out" 2>"$root/monitor.err" &
monitor=$!
hrsi-status watch --interval 0.5 </dev/null >"$root/watch.out" 2>"$root/watch.err" &
watcher=$!
background+=("$dispatcher" "$monitor" "$watcher")
sleep 1.5
pg_stop_immediately
sleep 2.5
for name in dispatch monitor watch; do
  wait_for_text "$root/$name.err" "reconnecting to" 10 || fail "$name: no reconnection line: $(cat "$root/$name.err")"
done
for pid in "$dispatcher" "$monitor" "$watcher"; do
  kill -0 "$pid" 2>/dev/null || fail "process $pid ended while the database was away"
done
pg_start
for name in dispatch monitor watch; do
  wait_for_text "$root/$name.err" "database connection back" 40 || fail "$name: never reconnected: $(cat "$root/$name.err")"
done
# Work goes on: a new ready job is claimed by the dispatcher's next tick.
job=$(new_jobs after-restart)
wait_for_text "$root/dispatch.out" "$job 1" 20 || fail "the job was not claimed after the restart: $(cat "$root/dispatch.out")"
lines_before=$(wc -l <"$root/watch.out")
sleep 1.5
(($(wc -l <"$root/watch.out") > lines_before)) || fail "hrsi-status watch prints nothing new"
grep -q "attempt 1" "$root/monitor.err" || fail "monitor: no numbered attempt: $(cat "$root/monitor.err")"
for pid in "$dispatcher" "$monitor" "$watcher"; do
  kill -TERM "$pid"
  wait_for_exit "$pid" 15
  expect_equal "$bg_status" 0 "exit status of $pid after SIGTERM"
done

finish
