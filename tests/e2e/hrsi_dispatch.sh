#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-dispatch end to end: usage errors, an unreachable database, --dry-run, the print executor
# (claims, --max, priority order, nothing claimed twice, HRSI_EXECUTOR, --loop --until-idle,
# SIGTERM), the local executor (test jobs processed by hrsi-run-worker with runtime none, exit-2
# reruns bounded by max_attempts) and the nomad executor against tests/support/nomad-stand-in
# (the exact command line, the dispatch id as executor handle, placement problems, Nomad
# unreachable, a missing parametrized job, no Nomad client at all).
# Not tested: a Nomad that does not answer in time ("Nomad Command Timeout Error"): the time
# limit of the Nomad client is 30 s and cannot be shortened from the command line or the
# environment, so the case would cost more than 30 s.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
stand_in=$source_dir/tests/support/nomad-stand-in
nowhere='host=/nonexistent/hrsi-e2e-dispatch dbname=none connect_timeout=1'
# Nothing from the caller's environment decides for the programs.
unset HRSI_EXECUTOR HRSI_NOMAD HRSI_RUNTIME HRSI_WORK_ROOT HRSI_RUNTIME_PROGRAM NOMAD_STANDIN_MODE \
  NOMAD_STANDIN_JOBS NOMAD_META_job_id NOMAD_META_attempt

root=$(mktemp -d)
at_exit "rm -rf '$root'"

TEST "--help: usage, the executors, the options and the manual page"
run hrsi-dispatch --help
expect_status 0
expect_stdout_contains "Usage: hrsi-dispatch"
for word in local nomad slurm print nrt delayed reprocessing; do expect_stdout_contains "$word"; done
for option in --type --max --executor --parallel --cpus --memory --loop --until-idle --worker --dry-run --db --config; do
  expect_stdout_contains "$option"
done
expect_stdout_contains "Manual: man hrsi-dispatch"
[[ -z $stderr ]] || fail "--help wrote on stderr: $stderr"

# Usage errors are found before connecting: HRSI_DB points at nothing.
TEST "an unknown executor (option or HRSI_EXECUTOR): exit 64 before connecting"
HRSI_DB=$nowhere run hrsi-dispatch --executor kubernetes
expect_status 64
expect_stderr_contains "unknown executor 'kubernetes' (expected local, nomad, slurm or print)"
expect_stderr_contains "hrsi-dispatch --help"
HRSI_EXECUTOR=kubernetes HRSI_DB=$nowhere run hrsi-dispatch
expect_status 64
expect_stderr_contains "'kubernetes'"

TEST "HRSI_SLURM_BATCH out of 1-1000, HRSI_SLURM_TIMEOUT not a number: exit 64 before connecting"
HRSI_SLURM_BATCH=0 HRSI_DB=$nowhere run hrsi-dispatch --executor slurm
expect_status 64
expect_stderr_contains "HRSI_SLURM_BATCH must be a number of jobs from 1 to 1000, not '0'"
HRSI_SLURM_BATCH=1001 HRSI_DB=$nowhere run hrsi-dispatch --executor slurm
expect_status 64
HRSI_SLURM_TIMEOUT=soon HRSI_DB=$nowhere run hrsi-dispatch --executor slurm
expect_status 64
expect_stderr_contains "HRSI_SLURM_TIMEOUT must be a positive number of seconds"

TEST "--until-idle without --loop, --parallel 0, --loop 0, --cpus 0, --memory 16X, --max -1, an unknown option: exit 64"
HRSI_DB=$nowhere run hrsi-dispatch --executor print --until-idle
expect_status 64
expect_stderr_contains "--until-idle goes with --loop"
HRSI_DB=$nowhere run hrsi-dispatch --parallel 0
expect_status 64
expect_stderr_contains "--parallel"
HRSI_DB=$nowhere run hrsi-dispatch --loop 0
expect_status 64
HRSI_DB=$nowhere run hrsi-dispatch --cpus 0
expect_status 64
expect_stderr_contains "--cpus"
for size in 16X 0 -1G lots; do
  HRSI_DB=$nowhere run hrsi-dispatch --memory "$size"
  expect_status 64
  expect_stderr_contains "'$size' is not a memory size"
done
HRSI_DB=$nowhere run hrsi-dispatch --max -1
expect_status 64
HRSI_DB=$nowhere run hrsi-dispatch --no-such-option
expect_status 64

TEST "database unreachable: exit 69 naming the target, never the password, nothing on stdout"
HRSI_DB='postgresql://ops:pw-never-shown@127.0.0.1:1/hrsi?connect_timeout=3' run hrsi-dispatch --executor print
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_stderr_lacks "pw-never-shown"
expect_stdout_equals ""

use_temp_database

# --- helpers -----------------------------------------------------------------------------------
changes() { sql "select count(*) from hrsi.job_status_changes"; }
column() { sql "select $2 from hrsi.jobs where id = $1"; }
# Jobs still ready are taken out of the way of the next test (ready → internal_error).
retire_ready() {
  local ids; ids=$(sql "select id from hrsi.jobs where last_status = 3")
  [[ -z $ids ]] || hrsi-status -q set $ids internal_error --message "e2e: out of the way" >/dev/null || fail "cannot retire $ids"
}

TEST "an unknown --type: exit 64 naming the known ones"
run hrsi-dispatch --executor print --type no_such_job
expect_status 64
expect_stderr_contains "unknown job type 'no_such_job'"
expect_stderr_contains "test_job"

TEST "nothing to do: exit 0, nothing printed"
run hrsi-dispatch --executor print
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "0 claimed"

# Five jobs, oldest first: a b c d e; priorities reprocessing nrt delayed (none) nrt.
mapfile -t ids < <(new_jobs prio-a prio-b prio-c prio-d prio-e)
sql "update hrsi.jobs set priority = 'reprocessing' where id = ${ids[0]};
     update hrsi.jobs set priority = 'nrt' where id in (${ids[1]}, ${ids[4]});
     update hrsi.jobs set priority = 'delayed' where id = ${ids[2]};
     update hrsi.jobs set priority = null where id = ${ids[3]}"
# nrt (oldest first), delayed, reprocessing, then jobs without priority.
expected_order="${ids[1]} ${ids[4]} ${ids[2]} ${ids[0]} ${ids[3]}"

TEST "--dry-run lists the ready jobs in priority order as attempt 1 and writes nothing"
before=$(changes)
run hrsi-dispatch --executor print --dry-run
expect_status 0
expect_stdout_contains "0 configured job(s) would be configured again"
expect_stdout_contains "would dispatch job ${ids[1]} (test_job, priority nrt) as attempt 1"
expect_stdout_contains "would dispatch job ${ids[3]} (test_job, priority -) as attempt 1"
expect_equal "$(grep -o 'would dispatch job [0-9]*' <<<"$stdout" | awk '{ print $4 }' | paste -sd' ' -)" \
  "$expected_order" "dry-run order"
expect_equal "$(changes)" "$before" "status changes after --dry-run"
expect_equal "$(sql "select count(*) from hrsi.jobs where last_status = 3 and attempt = 0 and executor_handle is null")" 5 \
  "ready jobs untouched"

TEST "--dry-run --max 2 lists only the first two"
run hrsi-dispatch --dry-run --max 2
expect_status 0
expect_equal "$(grep -c 'would dispatch' <<<"$stdout")" 2 "jobs listed"
expect_stdout_contains "would dispatch job ${ids[1]} "
expect_stdout_contains "would dispatch job ${ids[4]} "

TEST "--executor print --max 2: the two first by priority, '<id> <attempt>' lines, queued at attempt 1, handle 'print'"
run hrsi-dispatch --executor print --max 2
expect_status 0
expect_stdout_equals "${ids[1]} 1
${ids[4]} 1"
expect_stderr_contains "2 claimed"
for id in "${ids[1]}" "${ids[4]}"; do
  expect_equal "$(status_of "$id")" queued "status of job $id"
  expect_equal "$(column "$id" attempt)" 1 "attempt of job $id"
  expect_equal "$(column "$id" executor_handle)" print "handle of job $id"
  expect_equal "$(statuses "$id")" "initialized configured ready queued" "history of job $id"
done
expect_equal "$(status_of "${ids[2]}")" ready "status of the delayed job"

TEST "--executor print: the rest in priority order; a second run claims nothing"
run hrsi-dispatch --executor print
expect_status 0
expect_stdout_equals "${ids[2]} 1
${ids[0]} 1
${ids[3]} 1"
run hrsi-dispatch --executor print
expect_status 0
expect_stdout_equals ""
expect_equal "$(sql "select count(*) from hrsi.jobs where last_status = 4 and attempt = 1 and executor_handle = 'print'")" 5 \
  "queued jobs"

TEST "the print executor in a pipeline: each line read by another program (HRSI_EXECUTOR=print)"
mapfile -t ids < <(new_jobs pipe-a pipe-b pipe-c)
HRSI_EXECUTOR=print hrsi-dispatch -q | while read -r id attempt; do echo "got $id at $attempt"; done >"$root/pipe.out"
expect_equal "$(cat "$root/pipe.out")" "got ${ids[0]} at 1
got ${ids[1]} at 1
got ${ids[2]} at 1" "what the reader got"

TEST "--type test_job: only that type; --loop with --until-idle stops once idle"
mapfile -t ids < <(new_jobs loop-a loop-b)
start=$SECONDS
run timeout 20 hrsi-dispatch --executor print --type test_job --loop 0.2 --until-idle
expect_status 0
expect_stdout_equals "${ids[0]} 1
${ids[1]} 1"
((SECONDS - start < 10)) || fail "--until-idle took $((SECONDS - start)) s"

TEST "--loop: ticks until SIGTERM, claims jobs created meanwhile, exit 0"
hrsi-dispatch --executor print --loop 0.2 >"$root/loop.out" 2>"$root/loop.err" &
loop_pid=$!
at_exit "kill -KILL $loop_pid 2>/dev/null"
sleep 0.5
mapfile -t ids < <(new_jobs loop-late)
deadline=$((SECONDS + 10))
while [[ $(status_of "${ids[0]}") != queued ]] && ((SECONDS < deadline)); do sleep 0.1; done
kill -TERM "$loop_pid"
wait_for_exit "$loop_pid" 10
expect_equal "$bg_status" 0 "exit status after SIGTERM"
expect_equal "$(cat "$root/loop.out")" "${ids[0]} 1" "lines printed by the loop"

# --- the local executor --------------------------------------------------------------------------
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work

TEST "--executor local: every ready test job processed by hrsi-run-worker (runtime none), handle local:<host>:<pid>"
program ""
mapfile -t ids < <(new_jobs local-a local-b local-c local-d)
run timeout 60 hrsi-dispatch --executor local --parallel 2
expect_status 0
expect_stderr_contains "4 job(s), 4 worker run(s): 4 done"
for id in "${ids[@]}"; do
  expect_equal "$(status_of "$id")" processed "status of job $id"
  expect_equal "$(statuses "$id")" \
    "initialized configured ready queued started pre_processing processing post_processing processed" "history of job $id"
  expect_equal "$(column "$id" attempt)" 1 "attempt of job $id"
  [[ $(column "$id" executor_handle) =~ ^local:$(hostname):[0-9]+$ ]] ||
    fail "handle of job $id: '$(column "$id" executor_handle)'"
done
expect_equal "$(sql 'select count(*) from hrsi.worker_heartbeats')" 0 "heartbeat rows"
[[ -z $(ls -A "$root/work/jobs" 2>/dev/null) ]] || fail "work folders left: $(ls "$root/work/jobs")"

TEST "--executor local, --cpus 0.5: a flavor larger than the budget runs alone, with a warning, never deadlocks"
program ""
mapfile -t ids < <(new_jobs budget-a budget-b)
run timeout 60 hrsi-dispatch --executor local --parallel 2 --cpus 0.5 --memory 64G
expect_status 0
expect_stderr_contains "2 job(s), 2 worker run(s): 2 done"
expect_stderr_contains "job ${ids[0]} (test_job): its flavor (1 CPU(s), 1 GiB) exceeds the local executor's budget (0.5 CPU(s), 64 GiB): it runs alone"
for id in "${ids[@]}"; do expect_equal "$(status_of "$id")" processed "status of job $id"; done

TEST "--executor local, a program that fails each time (exit 150): run max_attempts times, then internal_error, no attempt left"
program '["sh", "-c", "exit 150"]'
mapfile -t ids < <(new_jobs failing)
run timeout 60 hrsi-dispatch --executor local
expect_status 0
expect_stderr_contains "the worker asks to run again (run 2 of 3)"
expect_stderr_contains "the worker asks to run again (run 3 of 3)"
expect_stderr_contains "worker done (run 3)"
expect_stderr_contains "1 job(s), 3 worker run(s): 1 done"
expect_equal "$(status_of "${ids[0]}")" internal_error "status"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = ${ids[0]} and status = 5")" 3 "runs (started)"
expect_equal "$(statuses "${ids[0]}" | grep -o 'queued\|external_error\|internal_error' | paste -sd' ' -)" \
  "queued external_error external_error internal_error" "the failures"
expect_equal "$(sql "select error_message from hrsi.job_status_changes where job_id = ${ids[0]} order by id desc limit 1")" \
  "the program's result: exit code 150 (failed attempt 3 of 3, no attempt left)" "last message"
expect_equal "$(column "${ids[0]}" attempt)" 1 "attempt (one dispatch)"

TEST "--executor local with max_attempts 2: two runs"
hrsi-db -q params set max_attempts 2
mapfile -t ids < <(new_jobs failing-twice)
run timeout 60 hrsi-dispatch --executor local
expect_status 0
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = ${ids[0]} and status = 5")" 2 "runs (started)"
expect_equal "$(status_of "${ids[0]}")" internal_error "status"
hrsi-db -q params set max_attempts 3
program ""

TEST "--executor local --worker: another worker program, given --attempt N JOB_ID"
cat >"$root/fake-worker" <<EOF
#!/bin/sh
echo "\$*" >>"$root/fake-worker.log"
exit 0
EOF
chmod +x "$root/fake-worker"
mapfile -t ids < <(new_jobs fake-worker-job)
run timeout 30 hrsi-dispatch --executor local --worker "$root/fake-worker"
expect_status 0
expect_equal "$(cat "$root/fake-worker.log" 2>/dev/null)" "--attempt 1 ${ids[0]}" "the worker's arguments"
expect_equal "$(status_of "${ids[0]}")" queued "status (the fake worker wrote nothing)"
unset HRSI_RUNTIME HRSI_WORK_ROOT

# --- the nomad executor (tests/support/nomad-stand-in) ------------------------------------------
export HRSI_NOMAD=$stand_in NOMAD_STANDIN_DIR=$root/nomad
[[ -x $stand_in ]] || fail "$stand_in is not an executable file"
sid() { echo "${1//\//_}"; }

TEST "--executor nomad: 'nomad job dispatch' with meta job_id and attempt and an idempotency token, dispatch id as handle"
mapfile -t ids < <(new_jobs nomad-a nomad-b)
run hrsi-dispatch --executor nomad
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "2 claimed, 2 handed over, 0 hand-over(s) failed"
tab=$'\t'
expect_equal "$(cat "$NOMAD_STANDIN_DIR/calls.log")" \
  "job${tab}dispatch${tab}-detach${tab}-meta${tab}job_id=${ids[0]}${tab}-meta${tab}attempt=1${tab}-idempotency-token${tab}hrsi-job-${ids[0]}-attempt-1${tab}test-job-processing
job${tab}dispatch${tab}-detach${tab}-meta${tab}job_id=${ids[1]}${tab}-meta${tab}attempt=1${tab}-idempotency-token${tab}hrsi-job-${ids[1]}-attempt-1${tab}test-job-processing" \
  "calls of nomad"
for id in "${ids[@]}"; do
  handle=$(column "$id" executor_handle)
  [[ $handle =~ ^test-job-processing/dispatch-[0-9]+-[0-9a-f]{8}$ ]] || fail "handle of job $id: '$handle'"
  expect_equal "$(cat "$NOMAD_STANDIN_DIR/tokens/hrsi-job-$id-attempt-1" 2>/dev/null)" "$handle" "dispatch of job $id"
  expect_equal "$(status_of "$id")" queued "status of job $id"
  expect_equal "$(column "$id" attempt)" 1 "attempt of job $id"
  expect_stderr_contains "job $id (test_job), attempt 1: dispatched as $handle"
done

TEST "--executor nomad, placement problems (exit 2 of nomad): dispatched all the same, with a warning"
mapfile -t ids < <(new_jobs nomad-placement)
NOMAD_STANDIN_MODE=placement run hrsi-dispatch --executor nomad
expect_status 0
expect_stderr_contains "cannot place it yet"
[[ $(column "${ids[0]}" executor_handle) == test-job-processing/dispatch-* ]] ||
  fail "handle: '$(column "${ids[0]}" executor_handle)'"
expect_equal "$(status_of "${ids[0]}")" queued "status"

TEST "--executor nomad, Nomad unreachable: exit 69, the job ready again (Nomad Unreachable, not counted), the others left ready"
mapfile -t ids < <(new_jobs unreachable-a unreachable-b)
NOMAD_STANDIN_MODE=unreachable run hrsi-dispatch --executor nomad
expect_status 69
expect_stderr_contains "Nomad cannot be reached"
expect_stderr_contains "connection refused"
expect_stderr_contains "job ${ids[0]} is ready again"
expect_equal "$(statuses "${ids[0]}")" \
  "initialized configured ready queued internal_error error_checked ready" "history of the first job"
expect_equal "$(sql "select error_subtype from hrsi.job_status_changes where job_id = ${ids[0]} and status = 13")" \
  "Nomad Unreachable" "subtype"
expect_equal "$(column "${ids[0]}" attempt)" 2 "attempt (claimed, then fenced)"
expect_equal "$(status_of "${ids[1]}")" ready "status of the second job"
expect_equal "$(column "${ids[1]}" attempt)" 0 "attempt of the second job"

TEST "Nomad unreachable is not counted toward max_attempts: the job is dispatched once Nomad is back"
NOMAD_STANDIN_MODE=unreachable run hrsi-dispatch --executor nomad --max 1
expect_status 69
NOMAD_STANDIN_MODE=unreachable run hrsi-dispatch --executor nomad --max 1
expect_status 69
NOMAD_STANDIN_MODE=unreachable run hrsi-dispatch --executor nomad --max 1
expect_status 69
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id in (${ids[0]}, ${ids[1]}) and error_subtype = 'Nomad Unreachable'")" 4 \
  "Nomad Unreachable errors"
expect_equal "$(sql "select count(*) from hrsi.jobs where id in (${ids[0]}, ${ids[1]}) and last_status = 3")" 2 "jobs still ready"
run hrsi-dispatch --executor nomad
expect_status 0
expect_equal "$(status_of "${ids[0]}")" queued "status of the first job"
expect_equal "$(status_of "${ids[1]}")" queued "status of the second job"
last_attempt=$(column "${ids[0]}" attempt)
grep -q "hrsi-job-${ids[0]}-attempt-$last_attempt${tab}test-job-processing\$" "$NOMAD_STANDIN_DIR/calls.log" ||
  fail "no dispatch of job ${ids[0]} at its attempt $last_attempt"

TEST "--executor nomad, the parametrized job does not exist: internal_error 'Nomad Command Error', not retried"
mapfile -t ids < <(new_jobs missing-nomad-job)
NOMAD_STANDIN_MODE=missing-job run hrsi-dispatch --executor nomad
expect_status 0
expect_stderr_contains "404 (job not found)"
expect_stderr_contains "1 hand-over(s) failed"
expect_equal "$(statuses "${ids[0]}")" "initialized configured ready queued internal_error" "history"
expect_equal "$(sql "select last_error_subtype from hrsi.jobs where id = ${ids[0]}")" "Nomad Command Error" "subtype"

TEST "--executor nomad, another Nomad error (500): internal_error 'Nomad Command Error'"
mapfile -t ids < <(new_jobs nomad-500)
NOMAD_STANDIN_MODE=error run hrsi-dispatch --executor nomad
expect_status 0
expect_equal "$(status_of "${ids[0]}")" internal_error "status"
expect_equal "$(sql "select last_error_subtype from hrsi.jobs where id = ${ids[0]}")" "Nomad Command Error" "subtype"

TEST "--executor nomad without a Nomad client: exit 69, the job ready again"
mapfile -t ids < <(new_jobs no-nomad-client)
HRSI_NOMAD=$root/no-such-nomad run hrsi-dispatch --executor nomad
expect_status 69
expect_stderr_contains "install it or set HRSI_NOMAD"
expect_equal "$(status_of "${ids[0]}")" ready "status"
retire_ready

TEST "the stand-in refuses a malformed dispatch like Nomad (exit 1, 'Error: ...')"
run "$stand_in" job dispatch -detach -meta job_id=1 -meta attempt=1 -idempotency-token wrong-token test-job-processing
expect_status 1
expect_stderr_contains "Error: idempotency token"
run "$stand_in" job dispatch -meta job_id=1 test-job-processing
expect_status 1
expect_stderr_contains "Error:"
run "$stand_in" job allocs -json no-such/dispatch-1
expect_status 1
expect_stderr_contains 'No job(s) with prefix or id "no-such/dispatch-1" found'

finish
