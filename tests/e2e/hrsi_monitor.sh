#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-monitor end to end: usage errors, an unreachable database, and each of its rules on jobs
# put in a worker step by hand (claimed with `hrsi-dispatch --executor print`, statuses written
# with hrsi-status, heartbeat rows inserted with psql): a worker process gone on this host, a
# stale heartbeat (--heartbeat-timeout), no heartbeat at all, a local dispatcher gone, a step
# time limit exceeded (its worker is sent SIGTERM), the retry limit, --dry-run, --loop and
# SIGTERM, and Nomad dispatches through tests/support/nomad-stand-in (unknown dispatch, every
# allocation ended, a running allocation, Nomad unreachable).
# Ages: a status is made older by moving the job's cached last_status_at back, in a transaction
# that sets hrsi.writing_status_cache (the switch the status functions use; a test's shortcut,
# never the programs'), so that no test waits minutes; one test waits 2 s for a real age.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
stand_in=$source_dir/tests/support/nomad-stand-in
nowhere='host=/nonexistent/hrsi-e2e-monitor dbname=none connect_timeout=1'
unset HRSI_EXECUTOR HRSI_NOMAD NOMAD_STANDIN_MODE NOMAD_STANDIN_JOBS

root=$(mktemp -d)
at_exit "rm -rf '$root'"
host=$(hostname)

# Processes started in the background (stand-ins of live workers and dispatchers); whatever is
# left of them is killed at exit.
background=()
stop_background() {
  local pid
  for pid in "${background[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  return 0
}
at_exit stop_background
# A live process of ours: prints its pid. The unique duration finds it again.
live_process() {
  sleep 29.31 >/dev/null 2>&1 &
  background+=("$!")
  echo "$!"
}
# A pid that no process has (one that just ended).
dead_pid() {
  sh -c 'exit 0' &
  local pid=$!
  wait "$pid"
  echo "$pid"
}

TEST "--help: usage, the rules, the options and the manual page"
run hrsi-monitor --help
expect_status 0
expect_stdout_contains "Usage: hrsi-monitor"
for word in queued post_processing heartbeat internal_error error_checked ready; do expect_stdout_contains "$word"; done
for option in --type --loop --heartbeat-timeout --dry-run --db --config; do expect_stdout_contains "$option"; done
expect_stdout_contains "Manual: man hrsi-monitor"
[[ -z $stderr ]] || fail "--help wrote on stderr: $stderr"

TEST "bad options: --loop 0, --heartbeat-timeout 0 or not a number, an unknown option: exit 64 before connecting"
HRSI_DB=$nowhere run hrsi-monitor --loop 0
expect_status 64
expect_stderr_contains "--loop"
HRSI_DB=$nowhere run hrsi-monitor --heartbeat-timeout 0
expect_status 64
expect_stderr_contains "--heartbeat-timeout"
HRSI_DB=$nowhere run hrsi-monitor --heartbeat-timeout soon
expect_status 64
HRSI_DB=$nowhere run hrsi-monitor --no-such-option
expect_status 64
expect_stderr_contains "hrsi-monitor --help"

TEST "database unreachable: exit 69 naming the target, never the password"
HRSI_DB='postgresql://ops:pw-never-shown@127.0.0.1:1/hrsi?connect_timeout=3' run hrsi-monitor
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_stderr_lacks "pw-never-shown"
expect_stdout_equals ""

use_temp_database

# --- helpers -----------------------------------------------------------------------------------
# A new test job claimed as attempt 1 (queued, handle "print"); prints its id.
claimed_job() {
  local id line
  id=$(echo "$1" | hrsi-create-jobs -q --type test_job -)
  [[ $id =~ ^[0-9]+$ ]] || { fail "no job created for $1: '$id'"; return; }
  line=$(hrsi-dispatch -q --executor print --type test_job)
  [[ $line == "$id 1" ]] || fail "claim of job $id printed '$line'"
  echo "$id"
}
# Moves a claimed job through the worker's steps up to $2, as a worker of its current attempt.
to_step() {
  local id=$1 wanted=$2 step attempt
  attempt=$(attempt_of "$id")
  for step in started pre_processing processing post_processing; do
    hrsi-status -q set "$id" "$step" --attempt "$attempt" >/dev/null || fail "cannot set job $id $step"
    [[ $step == "$wanted" ]] && return
  done
}
# heartbeat ID ATTEMPT HOST PID STATUS_ID BEAT_AGE_SECONDS
heartbeat() {
  sql "insert into hrsi.worker_heartbeats (job_id, attempt, host, pid, status, started_at, beat_at)
       values ($1, $2, '$3', $4, $5, now() - interval '$6 seconds', now() - interval '$6 seconds')
       on conflict (job_id) do update set attempt = excluded.attempt, host = excluded.host,
         pid = excluded.pid, status = excluded.status, beat_at = excluded.beat_at"
}
# Makes the job's current status $2 seconds older (see the top of this file).
age() {
  sql "begin; set local hrsi.writing_status_cache = 'on';
       update hrsi.jobs set last_status_at = last_status_at - interval '$2 seconds' where id = $1; commit"
}
attempt_of() { sql "select attempt from hrsi.jobs where id = $1"; }
changes() { sql "select count(*) from hrsi.job_status_changes"; }
# The subtype and the message of the job's internal_error (the last one).
error_of() {
  sql "select coalesce(error_subtype, '') || ' | ' || coalesce(error_message, '') from hrsi.job_status_changes
        where job_id = $1 and status = 13 order by id desc limit 1"
}
checked_of() {
  sql "select error_message from hrsi.job_status_changes where job_id = $1 and status = 15 order by id desc limit 1"
}
# Takes jobs out of the way once their test is done (ready or a step → internal_error): the
# monitor looks at every job, and claimed_job expects to claim its own job only.
retire() {
  local id
  for id in "$@"; do
    case $(status_of "$id") in
      ready|queued|started|pre_processing|processing|post_processing)
        hrsi-status -q set "$id" internal_error --message "e2e: out of the way" >/dev/null || fail "cannot retire $id" ;;
    esac
  done
  sql "delete from hrsi.worker_heartbeats"
}
expect_recovered() {  # ID SUBTYPE STEP: back to ready through internal_error and error_checked
  expect_equal "$(status_of "$1")" ready "status of job $1"
  expect_equal "$(statuses "$1" | awk '{ print $(NF - 3), $(NF - 2), $(NF - 1), $NF }')" \
    "$3 internal_error error_checked ready" "end of the history of job $1"
  [[ $(error_of "$1") == "$2 | "* ]] || fail "internal_error of job $1: '$(error_of "$1")', expected subtype '$2'"
}

TEST "nothing in a worker step: exit 0, nothing printed"
run hrsi-monitor
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "0 job(s) in a worker step looked at"

TEST "--dry-run: a worker gone on this host is reported, nothing is written"
job=$(claimed_job dead-worker)
to_step "$job" started
heartbeat "$job" 1 "$host" "$(dead_pid)" 5 0
before=$(changes)
run hrsi-monitor --dry-run
expect_status 0
expect_stdout_contains "job $job: Worker lost: job $job is in started but its worker (pid"
expect_stdout_contains "on $host) is gone (would stop its worker and send it back to ready)"
expect_equal "$(changes)" "$before" "status changes after --dry-run"
expect_equal "$(status_of "$job")" started "status"
expect_equal "$(attempt_of "$job")" 1 "attempt"

TEST "a worker process gone on this host: internal_error 'Worker lost' → error_checked → ready, a new attempt"
run hrsi-monitor
expect_status 0
expect_stdout_contains "job $job: Worker lost: job $job is in started but its worker (pid"
expect_stdout_contains "is gone; ready again"
expect_stderr_contains "1 sent back to ready, 0 left in internal_error"
expect_recovered "$job" "Worker lost" started
[[ $(error_of "$job") == *"(failed attempt 1 of 3, the job runs again)" ]] || fail "message: $(error_of "$job")"
expect_equal "$(checked_of "$job")" \
  "Error automatically checked as the worker was lost; the job is ready again." "error_checked message"
expect_equal "$(attempt_of "$job")" 2 "attempt (fencing: the lost worker's attempt 1 is refused)"
run hrsi-status set "$job" processing --attempt 1
[[ $status -ne 0 ]] || fail "a write of the lost worker's attempt 1 was accepted"
expect_stderr_contains "stale attempt"
run hrsi-monitor
expect_stdout_equals ""
retire "$job"

TEST "live workers are left alone: a fresh heartbeat here (live process) or on another host"
job_here=$(claimed_job live-here)
to_step "$job_here" processing
heartbeat "$job_here" 1 "$host" "$(live_process)" 7 0
job_there=$(claimed_job live-there)
to_step "$job_there" pre_processing
heartbeat "$job_there" 1 elsewhere.example 4242 6 60
before=$(changes)
run hrsi-monitor
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "2 job(s) in a worker step looked at: 0 sent back to ready"
expect_equal "$(changes)" "$before" "status changes"

TEST "a stale heartbeat: alone under the default timeout (180 s), lost with --heartbeat-timeout 5"
# The beat on the other host is 60 s old (again: the runs above took time).
heartbeat "$job_there" 1 elsewhere.example 4242 6 60
run hrsi-monitor --heartbeat-timeout 5
expect_status 0
# 60 s, or a little more on a busy machine.
expect_stdout_matches "job $job_there: Worker lost: job $job_there is in pre_processing but its worker \(pid 4242 on elsewhere\.example\) has not beaten for 6[0-9] s; ready again"
expect_recovered "$job_there" "Worker lost" pre_processing
expect_equal "$(status_of "$job_here")" processing "status of the job whose worker beats"
retire "$job_here" "$job_there"

TEST "worker_heartbeat_timeout_seconds is the default timeout"
job=$(claimed_job stale-by-parameter)
to_step "$job" post_processing
heartbeat "$job" 1 elsewhere.example 4343 8 30
hrsi-db -q params set worker_heartbeat_timeout_seconds 10
run hrsi-monitor
hrsi-db -q params set worker_heartbeat_timeout_seconds 180
expect_status 0
expect_stdout_contains "job $job: Worker lost:"
expect_recovered "$job" "Worker lost" post_processing
retire "$job"

TEST "no heartbeat of the current attempt: alone while young, lost once the status is older than the timeout (real 2 s wait)"
job=$(claimed_job no-heartbeat)
to_step "$job" processing
# A beat of another attempt is not this attempt's.
heartbeat "$job" 0 "$host" "$(live_process)" 7 0
run hrsi-monitor --heartbeat-timeout 1
expect_stdout_equals ""
sleep 2
run hrsi-monitor --heartbeat-timeout 1
expect_status 0
expect_stdout_contains "job $job: Worker lost: job $job has been in processing for"
expect_stdout_contains "without a heartbeat of attempt 1; ready again"
expect_recovered "$job" "Worker lost" processing
retire "$job"

TEST "queued by a local dispatcher that is gone: lost after the timeout; one that lives, or 'print': alone"
gone=$(claimed_job dispatcher-gone)
sql "update hrsi.jobs set executor_handle = 'local:$host:$(dead_pid)' where id = $gone"
alive=$(claimed_job dispatcher-alive)
sql "update hrsi.jobs set executor_handle = 'local:$host:$(live_process)' where id = $alive"
printed=$(claimed_job printed)
run hrsi-monitor --heartbeat-timeout 5
expect_stdout_equals ""  # not yet older than the timeout
age "$gone" 60; age "$alive" 60; age "$printed" 60
run hrsi-monitor --heartbeat-timeout 5
expect_status 0
expect_stdout_contains "job $gone: Worker lost: job $gone is queued but the dispatcher that was to run its worker"
expect_equal "$(grep -c '^job ' <<<"$stdout")" 1 "jobs reported"
expect_recovered "$gone" "Worker lost" queued
expect_equal "$(status_of "$alive")" queued "status of the job whose dispatcher lives"
expect_equal "$(status_of "$printed")" queued "status of the printed job"
retire "$gone" "$alive" "$printed"

TEST "step time limit (processing_timeout_minutes 1): 'Step time limit exceeded', its live worker gets SIGTERM"
job=$(claimed_job overdue)
to_step "$job" processing
worker=$(live_process)
heartbeat "$job" 1 "$host" "$worker" 7 0
hrsi-db -q params set processing_timeout_minutes 1
run hrsi-monitor
expect_stdout_equals ""  # a fresh status, a fresh beat
age "$job" 120
run hrsi-monitor
hrsi-db -q params set processing_timeout_minutes 270
expect_status 0
expect_stdout_contains "job $job: Step time limit exceeded: job $job stayed in processing for 2 min, over the limit of 1 min; ready again"
expect_recovered "$job" "Step time limit exceeded" processing
expect_equal "$(checked_of "$job")" \
  "Error automatically checked as the job overstayed its step; the job is ready again." "error_checked message"
for _ in {1..50}; do kill -0 "$worker" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$worker" 2>/dev/null; then fail "the overdue worker (pid $worker) still runs"; fi
retire "$job"

TEST "queued longer than queued_timeout_minutes (default 60): 'Step time limit exceeded', even for 'print'"
job=$(claimed_job queued-too-long)
age "$job" 3700
run hrsi-monitor
expect_status 0
expect_stdout_contains "job $job: Step time limit exceeded: job $job stayed in queued for 61 min, over the limit of 60 min"
expect_recovered "$job" "Step time limit exceeded" queued
retire "$job"

TEST "the retry limit: a job with 2 failed attempts already is left in internal_error, no attempt left"
job=$(claimed_job no-attempt-left)
for _ in 1 2; do
  to_step "$job" processing
  hrsi-status -q set "$job" external_error --attempt 1 --subtype "SIP expected error" --message "e2e failure" >/dev/null
done
to_step "$job" started
heartbeat "$job" 1 "$host" "$(dead_pid)" 5 0
run hrsi-monitor
expect_status 0
expect_stdout_contains "job $job: Worker lost:"
expect_stdout_contains "no attempt left: left in internal_error"
expect_stderr_contains "0 sent back to ready, 1 left in internal_error"
expect_equal "$(status_of "$job")" internal_error "status"
[[ $(error_of "$job") == "Worker lost | "*"(failed attempt 3 of 3, no attempt left)" ]] || fail "internal_error: $(error_of "$job")"
run hrsi-monitor
expect_stdout_equals ""

TEST "an operator relaunch gives the job its attempts again"
hrsi-status -q set "$job" error_checked --subtype "Operator relaunch" --message "e2e relaunch" >/dev/null
hrsi-status -q set "$job" ready >/dev/null
line=$(hrsi-dispatch -q --executor print)
expect_equal "$line" "$job 3" "the claim of the relaunched job"
to_step "$job" started
heartbeat "$job" 3 "$host" "$(dead_pid)" 5 0
run hrsi-monitor
expect_status 0
expect_stdout_contains "job $job: Worker lost:"
expect_stdout_contains "ready again"
expect_recovered "$job" "Worker lost" started
[[ $(error_of "$job") == *"(failed attempt 1 of 3, the job runs again)" ]] || fail "internal_error: $(error_of "$job")"
retire "$job"

TEST "--loop: passes until SIGTERM, recovers a job lost meanwhile, exit 0"
hrsi-monitor --loop 0.3 >"$root/loop.out" 2>"$root/loop.err" &
loop_pid=$!
at_exit "kill -KILL $loop_pid 2>/dev/null"
job=$(claimed_job lost-while-looping)
to_step "$job" started
heartbeat "$job" 1 "$host" "$(dead_pid)" 5 0
deadline=$((SECONDS + 10))
while [[ $(status_of "$job") != ready ]] && ((SECONDS < deadline)); do sleep 0.1; done
kill -TERM "$loop_pid"
deadline=$((SECONDS + 10))
while kill -0 "$loop_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
if kill -0 "$loop_pid" 2>/dev/null; then fail "hrsi-monitor --loop still runs 10 s after SIGTERM"; fi
wait "$loop_pid"
expect_equal "$?" 0 "exit status after SIGTERM"
expect_equal "$(grep -c "^job $job: Worker lost" "$root/loop.out")" 1 "lines about the lost job"
expect_equal "$(status_of "$job")" ready "status"
retire "$job"

# --- Nomad (tests/support/nomad-stand-in) -------------------------------------------------------
export HRSI_NOMAD=$stand_in NOMAD_STANDIN_DIR=$root/nomad
sid() { echo "${1//\//_}"; }
handle_of() { sql "select executor_handle from hrsi.jobs where id = $1"; }

TEST "Nomad: a queued dispatch is not asked about before the timeout"
printf '%s\n' nomad-gone nomad-failed nomad-running nomad-unreachable | hrsi-create-jobs -q --type test_job - >/dev/null
hrsi-dispatch -q --executor nomad || fail "the dispatch through the stand-in failed"
mapfile -t nomad_jobs < <(sql "select id from hrsi.jobs where last_status = 4 and executor_handle like 'test-job-processing/%' order by id")
expect_equal "${#nomad_jobs[@]}" 4 "jobs dispatched to the stand-in"
gone=${nomad_jobs[0]} failed=${nomad_jobs[1]} running=${nomad_jobs[2]} unreachable=${nomad_jobs[3]}
: >"$NOMAD_STANDIN_DIR/calls.log"
run hrsi-monitor
expect_status 0
expect_stdout_equals ""
expect_equal "$(cat "$NOMAD_STANDIN_DIR/calls.log")" "" "calls of nomad"

TEST "Nomad: unknown dispatch, or every allocation failed → 'Job inconsistency with Nomad', the dispatch stopped; a running one alone"
rm -f "$NOMAD_STANDIN_DIR/dispatches/$(sid "$(handle_of "$gone")")" "$NOMAD_STANDIN_DIR/allocs/$(sid "$(handle_of "$gone")")"
printf 'failed\nfailed\n' >"$NOMAD_STANDIN_DIR/allocs/$(sid "$(handle_of "$failed")")"
echo running >"$NOMAD_STANDIN_DIR/allocs/$(sid "$(handle_of "$running")")"
retire "$unreachable"
for id in "$gone" "$failed" "$running"; do age "$id" 60; done
gone_handle=$(handle_of "$gone") failed_handle=$(handle_of "$failed") running_handle=$(handle_of "$running")
run hrsi-monitor --heartbeat-timeout 5
expect_status 0
expect_stdout_contains "job $gone: Job inconsistency with Nomad: job $gone is queued but Nomad no longer knows its dispatch $gone_handle; ready again"
expect_stdout_contains "job $failed: Job inconsistency with Nomad: job $failed is queued but every allocation of its dispatch $failed_handle has ended (failed); ready again"
expect_equal "$(grep -c '^job ' <<<"$stdout")" 2 "jobs reported"
expect_recovered "$gone" "Job inconsistency with Nomad" queued
expect_recovered "$failed" "Job inconsistency with Nomad" queued
expect_equal "$(checked_of "$failed")" "Error automatically checked as it's coming from Nomad." "error_checked message"
expect_equal "$(attempt_of "$failed")" 2 "attempt"
expect_equal "$(status_of "$running")" queued "status of the running dispatch"
tab=$'\t'
grep -qxF "job${tab}allocs${tab}-json${tab}$running_handle" "$NOMAD_STANDIN_DIR/calls.log" ||
  fail "the running dispatch was not asked about: $(cat "$NOMAD_STANDIN_DIR/calls.log")"
grep -qxF "job${tab}stop${tab}-detach${tab}$failed_handle" "$NOMAD_STANDIN_DIR/calls.log" ||
  fail "the failed dispatch was not stopped: $(cat "$NOMAD_STANDIN_DIR/calls.log")"
expect_equal "$(cat "$NOMAD_STANDIN_DIR/stopped" 2>/dev/null)" "$failed_handle" "dispatches stopped"

TEST "Nomad: the recovered job is dispatched again as its new attempt"
run hrsi-dispatch --executor nomad
expect_status 0
grep -q "job_id=$failed${tab}-meta${tab}attempt=3${tab}-idempotency-token${tab}hrsi-job-$failed-attempt-3" "$NOMAD_STANDIN_DIR/calls.log" ||
  fail "no dispatch of job $failed at attempt 3: $(cat "$NOMAD_STANDIN_DIR/calls.log")"
expect_equal "$(status_of "$failed")" queued "status"

TEST "Nomad unreachable: a warning, the job left alone, exit 0"
before=$(changes)
NOMAD_STANDIN_MODE=unreachable run hrsi-monitor --heartbeat-timeout 5
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "job $running (test_job): cannot ask Nomad about dispatch $running_handle"
expect_stderr_contains "connection refused"
expect_equal "$(changes)" "$before" "status changes"
expect_equal "$(status_of "$running")" queued "status of the running dispatch"

finish
