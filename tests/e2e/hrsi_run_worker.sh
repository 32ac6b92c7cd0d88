#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-run-worker end to end, with --runtime none and small shell commands as the test job's
# program (system parameter command_for_test_job_processing): usage errors, an unknown job, an
# unreachable database, Nomad meta from the environment, --dry-run, the happy path (statuses,
# work folder, heartbeat), staging errors, the return-code table and the retry limit, signals
# and time limits, SIGTERM/SIGINT of the worker, fencing (a second worker, a stale attempt, a
# job taken away while it runs), failed work folders kept under results_storage_url, and jobs
# that are not a worker's to take.
source "$(dirname "$0")/lib.sh"

nowhere='host=/nonexistent/hrsi-e2e-run-worker dbname=none connect_timeout=1'
# Nothing from the caller's environment decides for the worker.
unset NOMAD_META_job_id NOMAD_META_JOB_ID NOMAD_META_attempt NOMAD_META_ATTEMPT \
  HRSI_WORK_ROOT HRSI_RUNTIME HRSI_RUNTIME_PROGRAM

root=$(mktemp -d)
at_exit "rm -rf '$root'"
work=$root/work
results=$root/results
worker=(hrsi-run-worker --runtime none --work-root "$work")

# Workers started in the background; whatever is left of them is stopped at exit.
background=()
stop_background() {
  local pid _
  for pid in "${background[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null  # the worker stops its program
    for _ in {1..30}; do kill -0 "$pid" 2>/dev/null && sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  return 0
}
at_exit stop_background

TEST "--help: usage, the steps, the options and the manual page"
run hrsi-run-worker --help
expect_status 0
expect_stdout_contains "Usage: hrsi-run-worker"
for word in started pre_processing processing post_processing processed; do
  expect_stdout_contains "$word"
done
for option in --attempt --work-root --aux-cache --aux-cache-size --runtime --runtime-program --time-limit \
              --heartbeat --keep-work-folder --dry-run --db --config; do
  expect_stdout_contains "$option"
done
expect_stdout_contains "Manual: man hrsi-run-worker"
[[ -z $stderr ]] || fail "--help wrote on stderr: $stderr"

# Usage errors are found before connecting: HRSI_DB points at nothing.
TEST "no JOB_ID and no NOMAD_META_job_id: exit 64"
HRSI_DB=$nowhere run "${worker[@]}"
expect_status 64
expect_stderr_contains "which job?"
expect_stderr_contains "hrsi-run-worker --help"

TEST "a JOB_ID that is not a number: exit 64"
HRSI_DB=$nowhere run "${worker[@]}" abc
expect_status 64
expect_stderr_contains "'abc'"
HRSI_DB=$nowhere run "${worker[@]}" 12x
expect_status 64

TEST "an unknown --runtime, a bad --heartbeat or NOMAD_META_attempt: exit 64"
HRSI_DB=$nowhere run hrsi-run-worker --runtime foo 1
expect_status 64
expect_stderr_contains "unknown container runtime 'foo'"
HRSI_RUNTIME=foo HRSI_DB=$nowhere run hrsi-run-worker 1
expect_status 64
expect_stderr_contains "'foo'"
HRSI_DB=$nowhere run "${worker[@]}" --heartbeat 0 1
expect_status 64
expect_stderr_contains "--heartbeat"
NOMAD_META_attempt=x HRSI_DB=$nowhere run "${worker[@]}" 1
expect_status 64
expect_stderr_contains "NOMAD_META_attempt"

TEST "a bad --aux-cache-size or HRSI_AUX_CACHE_SIZE: exit 64"
for size in 0 12X 1.5G -1 G 99999999999T; do
  HRSI_DB=$nowhere run "${worker[@]}" --aux-cache-size "$size" 1
  expect_status 64
  expect_stderr_contains "--aux-cache-size must be a positive number of bytes"
done
HRSI_AUX_CACHE_SIZE=lots HRSI_DB=$nowhere run "${worker[@]}" 1
expect_status 64
expect_stderr_contains "HRSI_AUX_CACHE_SIZE"

TEST "NOMAD_META_job_id is the job when JOB_ID is not given (checked before connecting)"
NOMAD_META_job_id=abc HRSI_DB=$nowhere run "${worker[@]}"
expect_status 64
expect_stderr_contains "'abc'"
NOMAD_META_JOB_ID=abc HRSI_DB=$nowhere run "${worker[@]}"
expect_status 64
expect_stderr_contains "'abc'"

TEST "database unreachable: exit 69 naming the target, never the password"
HRSI_DB='postgresql://ops:pw-never-shown@127.0.0.1:1/hrsi?connect_timeout=3' run "${worker[@]}" 1
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_stderr_lacks "pw-never-shown"
expect_stdout_equals ""

use_temp_database

# --- helpers -----------------------------------------------------------------------------------
sql() { psql -X -q -tA -v ON_ERROR_STOP=1 "$HRSI_DB" -c "$1"; }
# The test job's program, a JSON array; "" for the type's default.
program() {
  if [[ -z $1 ]]; then
    hrsi-db -q params unset command_for_test_job_processing
  else
    hrsi-db -q params set command_for_test_job_processing "$1"
  fi || fail "cannot set the program to $1"
}
# A new ready test job for a product name or path; prints its id.
new_job() {
  local id
  id=$(echo "$1" | hrsi-create-jobs -q --type test_job -)
  [[ $id =~ ^[0-9]+$ ]] || fail "no job created for $1: '$id'"
  echo "$id"
}
# The statuses of a job's history, in order, on one line.
statuses() {
  sql "select string_agg(s.name, ' ' order by c.id) from hrsi.job_status_changes c
         join hrsi.job_status s on s.id = c.status where c.job_id = $1"
}
changes() { sql "select count(*) from hrsi.job_status_changes where job_id = $1"; }
# One field of the last change of a job's history, from hrsi-status history --json.
last_field() {
  hrsi-status history "$1" --json | tail -n 1 | grep -o "\"$2\":\\(\"[^\"]*\"\\|[0-9a-z]*\\)" |
    cut -d: -f2- | sed 's/^"//; s/"$//'
}
last_status() { last_field "$1" status; }
folder_of() { echo "$work/jobs/$(sql "select unique_id from hrsi.jobs where id = $1")"; }
heartbeats() { sql "select count(*) from hrsi.worker_heartbeats"; }
# Waits (at most $3 seconds) until the job's status is $2; false if it never is.
wait_for_status() {
  local id=$1 wanted=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(sql "select s.name from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status
                where j.id = $id") == "$wanted" ]] && return 0
    sleep 0.1
  done
  return 1
}
# Waits (at most $2 seconds) for a background process to end; sets $bg_status.
wait_for_exit() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "process $pid still runs after $2 s"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid"
  bg_status=$?
}
# The programs are sleeps with a unique duration (29.12x s), to be found here.
no_process() {
  if pgrep -f "$1" >/dev/null; then
    fail "a process matching '$1' is still running: $(pgrep -af "$1")"
  fi
}
# Waits (at most $2 seconds) until the job's heartbeat row says $3 (a status id); prints
# "attempt pid status" of the row.
wait_for_heartbeat() {
  local id=$1 deadline=$((SECONDS + $2)) row=""
  while ((SECONDS < deadline)); do
    row=$(sql "select attempt || ' ' || pid || ' ' || status from hrsi.worker_heartbeats where job_id = $id")
    [[ $row == *" $3" ]] && break
    sleep 0.1
  done
  echo "$row"
}

echo 'a small input product' >"$root/input.bin"

TEST "unknown job: exit 65 naming it, nothing written"
run "${worker[@]}" 999999
expect_status 65
expect_stderr_contains "999999"
run "${worker[@]}" --dry-run 999999
expect_status 65
expect_equal "$(sql 'select count(*) from hrsi.job_status_changes')" 0 "status changes"

TEST "--dry-run prints the plan and writes nothing"
program ""
job=$(new_job "$root/input.bin")
before=$(changes "$job")
run "${worker[@]}" --dry-run --time-limit 5 "$job"
expect_status 0
expect_stdout_contains "job $job (test_job"
expect_stdout_contains "is ready at attempt 0: a worker would take it"
expect_stdout_contains "work folder: $(folder_of "$job")"
expect_stdout_contains "input: $root/input.bin"
expect_stdout_contains "program: sh -c"
expect_stdout_contains "$(folder_of "$job")/inputs"
expect_stdout_contains "time limit: 5 s"
expect_stdout_contains "failed work folders to: (not kept"
expect_stdout_contains "auxiliary data from: s3://sip_aux (version 1), cached in $work/aux-cache (at most 53687091200 bytes)"
run "${worker[@]}" --dry-run --aux-cache "$root/cache" --aux-cache-size 3G "$job"
expect_stdout_contains "cached in $root/cache (at most 3221225472 bytes)"
expect_equal "$(changes "$job")" "$before" "status changes after --dry-run"
expect_equal "$(last_status "$job")" ready "status after --dry-run"
expect_equal "$(sql "select attempt from hrsi.jobs where id = $job")" 0 "attempt after --dry-run"
[[ ! -e $work ]] || fail "--dry-run created $work"

TEST "happy path: input staged, program run in the work folder, processed at attempt 1, folder and heartbeat gone"
# The program checks what the worker prepared, as it sees it through "/work" ($0).
program '["sh", "-c", "cd \"$0\" && test -f inputs/input.bin && test -d outputs/data && test -d outputs/logs && test -d temp && grep -q \"\\\"attempt\\\":1\" parameters.json && grep -q \"\\\"inputs\\\":\\[\\\"$0/inputs/input.bin\\\"\\]\" parameters.json && echo all-prepared", "/work"]'
run "${worker[@]}" "$job"
expect_status 0
expect_stderr_contains "claimed it as attempt 1"
expect_stderr_contains "program: all-prepared"
expect_equal "$(statuses "$job")" \
  "initialized configured ready queued started pre_processing processing post_processing processed" \
  "history"
expect_equal "$(last_field "$job" attempt)" 1 "attempt of processed"
expect_equal "$(last_field "$job" error_message)" "exit code 0" "message of processed"
expect_equal "$(sql "select attempt from hrsi.jobs where id = $job")" 1 "job attempt"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = $job and status >= 5 and attempt is distinct from 1")" 0 "worker changes not at attempt 1"
[[ ! -e $(folder_of "$job") ]] || fail "the work folder $(folder_of "$job") is still there"
expect_equal "$(heartbeats)" 0 "heartbeat rows"

TEST "--keep-work-folder keeps the folder with its logs"
program '["sh", "-c", "echo kept-output > \"$0/outputs/data/result.txt\"; echo to-the-log", "/work"]'
job=$(new_job kept-product)
run "${worker[@]}" --keep-work-folder "$job"
expect_status 0
expect_equal "$(last_status "$job")" processed "status"
folder=$(folder_of "$job")
expect_stderr_contains "work folder kept: $folder"
[[ -f $folder/outputs/data/result.txt ]] || fail "no $folder/outputs/data/result.txt"
grep -q to-the-log "$folder/outputs/logs/program.log" 2>/dev/null || fail "program.log lacks the program's output"
grep -q "program ended: exit code 0" "$folder/outputs/logs/worker.log" 2>/dev/null || fail "worker.log lacks the program's end"
[[ -f $folder/parameters.json ]] || fail "no parameters.json"
rm -rf "$folder"

TEST "a bare product name (not a path): nothing staged, processed with the default program"
program ""
job=$(new_job S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842)
run "${worker[@]}" "$job"
expect_status 0
expect_stderr_contains "is a name, not a path: nothing to stage"
expect_stderr_contains "hello from the test job"
expect_equal "$(last_status "$job")" processed "status"
[[ ! -e $(folder_of "$job") ]] || fail "the work folder is still there"

TEST "missing input file: external_error (not found), exit 2, folder removed"
job=$(new_job "$root/no-such-input.bin")
run "${worker[@]}" "$job"
expect_status 2
expect_equal "$(last_status "$job")" external_error "status"
subtype=$(last_field "$job" error_subtype)
[[ ${subtype,,} == *"not found"* ]] || fail "subtype '$subtype' does not say 'not found'"
expect_equal "$(statuses "$job" | awk '{ print $(NF - 1) }')" pre_processing "the step that failed"
[[ ! -e $(folder_of "$job") ]] || fail "the work folder is still there"
expect_equal "$(heartbeats)" 0 "heartbeat rows"

TEST "program exit 3, three times: retried twice (internal_error, error_checked), then no attempt left"
program '["sh", "-c", "exit 3"]'
job=$(new_job exit-3-product)
for expected in 2 2 0; do
  run "${worker[@]}" "$job"
  expect_status "$expected"
done
expect_equal "$(statuses "$job" | grep -o 'internal_error\|error_checked\|external_error' | paste -sd' ' -)" \
  "internal_error error_checked internal_error error_checked internal_error" "error statuses"
expect_equal "$(last_field "$job" error_subtype)" "SIP unrecoverable error" "subtype"
message=$(last_field "$job" error_message)
[[ $message == *"exit code 3"* && $message == *"3 of 3"* && $message == *"no attempt left"* ]] ||
  fail "last message '$message'"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = $job and error_message like '%the job runs again%' and status = 13")" 2 "retried internal errors"
expect_equal "$(sql "select attempt from hrsi.jobs where id = $job")" 1 "attempt (run again by hand at the same attempt)"
before=$(changes "$job")
run "${worker[@]}" "$job"
expect_status 0
expect_stderr_contains "is internal_error"
expect_stderr_contains "leaving it alone"
expect_equal "$(changes "$job")" "$before" "status changes of a 4th run"

TEST "program exit 150: external_error (SIP expected error), exit 2"
program '["sh", "-c", "exit 150"]'
job=$(new_job exit-150-product)
run "${worker[@]}" "$job"
expect_status 2
expect_equal "$(last_status "$job")" external_error "status"
expect_equal "$(last_field "$job" error_subtype)" "SIP expected error" "subtype"
[[ $(last_field "$job" error_message) == *"exit code 150"* ]] || fail "message lacks the exit code"

TEST "program exit 205: processed without product, exit 0"
program '["sh", "-c", "exit 205"]'
job=$(new_job exit-205-product)
run "${worker[@]}" "$job"
expect_status 0
expect_equal "$(last_status "$job")" processed "status"
expect_equal "$(last_field "$job" error_message)" "exit code 205: no product" "message"

TEST "program killed by a signal: external_error, exit 2"
program '["sh", "-c", "kill -KILL $$"]'
job=$(new_job killed-product)
run "${worker[@]}" "$job"
expect_status 2
expect_equal "$(last_status "$job")" external_error "status"
expect_equal "$(last_field "$job" error_subtype)" "SIP expected error" "subtype"
[[ $(last_field "$job" error_message) == *SIGKILL* ]] || fail "message lacks SIGKILL"

TEST "--time-limit 1 on a 30 s program: external_error 'timed out', exit 2, quickly"
program '["sleep", "29.121"]'
job=$(new_job timeout-product)
started=$SECONDS
run "${worker[@]}" --time-limit 1 "$job"
elapsed=$((SECONDS - started))
expect_status 2
expect_equal "$(last_status "$job")" external_error "status"
[[ $(last_field "$job" error_message) == *"timed out"* ]] || fail "message '$(last_field "$job" error_message)'"
((elapsed < 10)) || fail "the worker took $elapsed s"
no_process 'sleep 29\.121'
[[ ! -e $(folder_of "$job") ]] || fail "the work folder is still there"

TEST "configuration error (the program does not exist): internal_error at once, not retried, exit 0"
program "[\"$root/no-such-program\", \"x\"]"
job=$(new_job no-program-product)
run "${worker[@]}" "$job"
expect_status 0
expect_equal "$(last_status "$job")" internal_error "status"
expect_equal "$(last_field "$job" error_subtype)" "Program not found" "subtype"
[[ $(last_field "$job" error_message) == *"not worth retrying"* ]] || fail "message '$(last_field "$job" error_message)'"

TEST "SIGTERM while processing: program stopped, external_error 'Worker interrupted', exit 2"
program '["sleep", "29.123"]'
job=$(new_job sigterm-product)
started=$SECONDS
"${worker[@]}" "$job" </dev/null >"$root/term.out" 2>"$root/term.err" &
pid=$!
background+=("$pid")
if wait_for_status "$job" processing 10; then
  # The heartbeat: one row, this worker's, at processing.
  expect_equal "$(wait_for_heartbeat "$job" 5 7)" "1 $pid 7" "heartbeat row while processing"
  pgrep -f 'sleep 29\.123' >/dev/null || fail "the program is not running"
else
  fail "the job never reached processing: $(statuses "$job")"
fi
kill -TERM "$pid"
wait_for_exit "$pid" 20
elapsed=$((SECONDS - started))
expect_equal "$bg_status" 2 "exit status"
expect_equal "$(last_status "$job")" external_error "status"
expect_equal "$(last_field "$job" error_subtype)" "Worker interrupted" "subtype"
[[ $(last_field "$job" error_message) == *SIGTERM* ]] || fail "message lacks SIGTERM"
no_process 'sleep 29\.123'
[[ ! -e $(folder_of "$job") ]] || fail "the work folder is still there"
expect_equal "$(heartbeats)" 0 "heartbeat rows"
((elapsed < 15)) || fail "the worker took $elapsed s"

TEST "an interruption does not count toward max_attempts"
program '["sh", "-c", "exit 3"]'
run "${worker[@]}" "$job"
expect_status 2
expect_equal "$(statuses "$job" | awk '{ print $(NF - 1), $NF }')" "internal_error error_checked" "last statuses"
message=$(sql "select error_message from hrsi.job_status_changes where job_id = $job and status = 13")
[[ $message == *"failed attempt 1 of 3"* ]] || fail "the failure after an interruption is not the first: $message"

TEST "a second worker for a job being processed is refused: exit 0, nothing written; SIGINT stops the first"
program '["sleep", "29.124"]'
job=$(new_job second-worker-product)
# Started from a script, a background process ignores SIGINT; give it back its default.
default_int=()
env --default-signal=INT true 2>/dev/null && default_int=(env --default-signal=INT)
"${default_int[@]}" "${worker[@]}" "$job" </dev/null >/dev/null 2>"$root/first.err" &
pid=$!
background+=("$pid")
if wait_for_status "$job" processing 10; then
  before=$(changes "$job")
  run "${worker[@]}" --attempt 1 "$job"
  expect_status 0
  expect_stderr_contains "is processing"
  expect_stderr_contains "leaving it alone"
  run "${worker[@]}" "$job"
  expect_status 0
  expect_equal "$(changes "$job")" "$before" "status changes by the second workers"
  expect_equal "$(last_status "$job")" processing "status"
  expect_equal "$(sql "select pid from hrsi.worker_heartbeats where job_id = $job")" "$pid" "heartbeat owner"
else
  fail "the job never reached processing: $(statuses "$job")"
fi
if [[ ${#default_int[@]} -gt 0 ]]; then
  kill -INT "$pid"
  signal=SIGINT
else
  kill -TERM "$pid"
  signal=SIGTERM
fi
wait_for_exit "$pid" 20
expect_equal "$bg_status" 2 "exit status of the first worker"
expect_equal "$(last_field "$job" error_subtype)" "Worker interrupted" "subtype"
[[ $(last_field "$job" error_message) == *"$signal"* ]] || fail "message lacks $signal"
no_process 'sleep 29\.124'

TEST "a job taken away while it runs (cancelled by an operator): program stopped, exit 0, nothing recorded"
program '["sleep", "29.125"]'
job=$(new_job taken-away-product)
"${worker[@]}" --heartbeat 0.2 "$job" </dev/null >/dev/null 2>"$root/lost.err" &
pid=$!
background+=("$pid")
if wait_for_status "$job" processing 10; then
  hrsi-status -q set --message "cancelled by hand" "$job" cancelled >/dev/null
else
  fail "the job never reached processing: $(statuses "$job")"
fi
wait_for_exit "$pid" 20
expect_equal "$bg_status" 0 "exit status"
expect_equal "$(last_status "$job")" cancelled "status"
expect_equal "$(last_field "$job" error_message)" "cancelled by hand" "last message"
grep -q "no longer this worker's" "$root/lost.err" || fail "the worker did not say it lost the job: $(cat "$root/lost.err")"
no_process 'sleep 29\.125'
[[ ! -e $(folder_of "$job") ]] || fail "the work folder is still there"
expect_equal "$(heartbeats)" 0 "heartbeat rows"

TEST "stale attempt: --attempt 7 on a queued job at attempt 1: exit 0, nothing written"
program '["true"]'
job=$(new_job stale-product)
sql "select hrsi.set_job_status($job, 4::smallint); update hrsi.jobs set attempt = 1 where id = $job" >/dev/null
before=$(changes "$job")
run "${worker[@]}" --attempt 7 "$job"
expect_status 0
expect_stderr_contains "attempt 7"
expect_stderr_contains "attempt 1"
expect_equal "$(changes "$job")" "$before" "status changes"
expect_equal "$(last_status "$job")" queued "status"

TEST "NOMAD_META_job_id and NOMAD_META_attempt from the environment"
NOMAD_META_job_id=$job NOMAD_META_attempt=7 run "${worker[@]}"
expect_status 0
expect_stderr_contains "attempt 7"
expect_equal "$(changes "$job")" "$before" "status changes with a stale NOMAD_META_attempt"
NOMAD_META_job_id=$job NOMAD_META_attempt=1 run "${worker[@]}"
expect_status 0
expect_equal "$(last_status "$job")" processed "status"
expect_equal "$(last_field "$job" attempt)" 1 "attempt"
# Upper-cased keys too; JOB_ID and --attempt win over the environment.
job=$(new_job nomad-upper-product)
sql "select hrsi.set_job_status($job, 4::smallint); update hrsi.jobs set attempt = 2 where id = $job" >/dev/null
NOMAD_META_JOB_ID=$job NOMAD_META_ATTEMPT=2 run "${worker[@]}"
expect_status 0
expect_equal "$(last_status "$job")" processed "status (upper-cased meta)"
expect_equal "$(last_field "$job" attempt)" 2 "attempt (upper-cased meta)"
NOMAD_META_job_id=999999 NOMAD_META_attempt=9 run "${worker[@]}" --attempt 2 "$job"
expect_status 0
expect_stderr_contains "is processed"

TEST "results_storage_url: a failed job's folder is kept there, without inputs/ and temp/"
hrsi-db -q params set results_storage_url "$results" || fail "cannot set results_storage_url"
program '["sh", "-c", "echo partial > \"$0/outputs/data/partial.txt\"; echo scratch > \"$0/temp/t\"; echo failing-on-purpose; exit 4", "/work"]'
cp "$root/input.bin" "$root/kept-input.bin"
job=$(new_job "$root/kept-input.bin")
run "${worker[@]}" "$job"
expect_status 2
unique_id=$(sql "select unique_id from hrsi.jobs where id = $job")
kept=$results/work/jobs/$unique_id/attempt-1
expect_stderr_contains "kept the failed work folder at $kept"
grep -q failing-on-purpose "$kept/outputs/logs/program.log" 2>/dev/null || fail "no program.log with the program's output in $kept"
[[ -f $kept/outputs/logs/worker.log ]] || fail "no worker.log in $kept"
[[ -f $kept/parameters.json ]] || fail "no parameters.json in $kept"
[[ -f $kept/outputs/data/partial.txt ]] || fail "no partial output in $kept"
[[ ! -e $kept/inputs ]] || fail "$kept/inputs was kept"
[[ ! -e $kept/temp ]] || fail "$kept/temp was kept"
[[ ! -e $work/jobs/$unique_id ]] || fail "the work folder is still there"
# A successful job leaves nothing there.
program '["true"]'
job=$(new_job not-kept-product)
run "${worker[@]}" "$job"
expect_status 0
unique_id=$(sql "select unique_id from hrsi.jobs where id = $job")
[[ ! -e $results/work/jobs/$unique_id ]] || fail "a processed job's folder was kept"
hrsi-db -q params unset results_storage_url

TEST "jobs in done or cancelled are left alone: exit 0, nothing written"
program '["true"]'
job=$(new_job done-product)
run "${worker[@]}" "$job"
expect_status 0
hrsi-status -q set "$job" "done" >/dev/null || fail "cannot set job $job done"
before=$(changes "$job")
run "${worker[@]}" "$job"
expect_status 0
expect_stderr_contains "job $job is done"
expect_stderr_contains "leaving it alone"
expect_equal "$(changes "$job")" "$before" "status changes of the done job"
job=$(new_job cancelled-product)
hrsi-status -q set "$job" cancelled >/dev/null || fail "cannot cancel job $job"
before=$(changes "$job")
run "${worker[@]}" "$job"
expect_status 0
expect_stderr_contains "job $job is cancelled"
expect_stderr_contains "leaving it alone"
expect_equal "$(changes "$job")" "$before" "status changes of the cancelled job"
expect_equal "$(sql "select attempt from hrsi.jobs where id = $job")" 0 "attempt of the cancelled job"
run "${worker[@]}" --dry-run "$job"
expect_status 0
expect_stdout_contains "is cancelled at attempt 0: a worker would leave it alone"

TEST "nothing is left behind: no heartbeat, no work folder, no program"
expect_equal "$(heartbeats)" 0 "heartbeat rows"
leftover=$(find "$work/jobs" -mindepth 1 -maxdepth 1 2>/dev/null)
[[ -z $leftover ]] || fail "work folders left: $leftover"
no_process 'sleep 29\.12[0-9]'

finish
