#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Workers whose log reader vanishes (issue 16, defect 5): a worker whose stderr pipe is closed
# under it, and the local executor's workers when their dispatcher is killed with -9. Both
# finish their jobs (processed, exit 0), instead of dying of SIGPIPE (exit 141) in the middle.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

unset NOMAD_META_job_id NOMAD_META_attempt HRSI_EXECUTOR
root=$(mktemp -d)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work
use_temp_database

TEST "a worker whose stderr reader exits: the job processed, exit 0 (not 141)"
program '["sleep", "1.5"]'
job=$(new_jobs reader-gone)
# head reads the first line and exits: every later log line meets a closed pipe.
{ hrsi-run-worker -v "$job" 2>&1 >/dev/null; echo $? >"$root/worker.rc"; } | head -n 1 >/dev/null
expect_equal "$(cat "$root/worker.rc")" 0 "the worker's exit status"
expect_equal "$(status_of "$job")" processed "status"
expect_equal "$(statuses "$job")" \
  "initialized configured ready queued started pre_processing processing post_processing processed" "history"

TEST "dispatcher killed with -9 while its workers run: they finish their jobs, each run once"
program '["sleep", "3"]'
mapfile -t ids < <(new_jobs orphan-a orphan-b)
hrsi-dispatch -v --executor local --parallel 2 </dev/null >"$root/dispatch.out" 2>"$root/dispatch.err" &
dispatcher=$!
for id in "${ids[@]}"; do
  wait_for_status "$id" processing 20 || fail "job $id never reached processing: $(statuses "$id")"
done
{ kill -KILL "$dispatcher"; wait "$dispatcher"; } 2>/dev/null
for id in "${ids[@]}"; do
  wait_for_status "$id" processed 30 || fail "job $id was not processed: $(statuses "$id")"
  expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = $id and status = 5")" 1 \
    "runs (started) of job $id"
done
expect_equal "$(sql 'select count(*) from hrsi.worker_heartbeats')" 0 "heartbeat rows"
pgrep -f "hrsi-run-worker.*--attempt 1 ${ids[0]}\$" >/dev/null && fail "a worker still runs"

finish
