#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-dispatch --executor slurm, hrsi-monitor and hrsi-status against the real single-node Slurm
# that scripts/local-services starts (SLURM_CONF, HRSI_TEST_SLURM): test jobs processed by the
# sample processor through job arrays and single batch jobs, exit-2 reruns bounded by
# max_attempts, the flavor's resources and the step limits as Slurm allocated them, no password
# in the batch script or `scontrol show job`, a submission Slurm refuses, an unreachable
# controller, a Slurm job cancelled behind hrsi's back and one killed with its node (slurmd
# stopped, then started again) recovered by hrsi-monitor and processed later, an operator
# cancel and an operator relaunch that stop the Slurm job, and two dispatchers racing.
source "$(dirname "$0")/lib.sh"

if [[ -z ${HRSI_TEST_SLURM:-} || ! -f ${HRSI_TEST_SLURM} ]]; then
  echo "e2e-slurm: no Slurm: set HRSI_TEST_SLURM/SLURM_CONF (scripts/local-services up; scripts/setup installs it)" >&2
  exit 1
fi
export SLURM_CONF=$HRSI_TEST_SLURM
build=${HRSI_BUILD_DIR:?HRSI_BUILD_DIR names the build folder}
processor=$build/tests/sample-processor/hrsi-sample-processor
unset HRSI_EXECUTOR HRSI_SLURM_BATCH HRSI_SLURM_ENV_FILE HRSI_SLURM_BIN HRSI_SLURM_TIMEOUT
# Job folders and logs: under /tmp, reachable by the Slurm daemons (root) whatever runs us.
root=$(mktemp -d /tmp/hrsi-e2e-slurm.XXXXXX)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work HRSI_SLURM_LOG_DIR=$root/logs

use_temp_database
# A password the server does not ask for (trust), which must show nowhere.
secret=pw-slurm-e2e-never-shown
if [[ $HRSI_DB == *\?* ]]; then HRSI_DB="$HRSI_DB&password=$secret"; else HRSI_DB="$HRSI_DB password=$secret"; fi
# Cancel whatever this suite's jobs left behind.
at_exit "squeue -h -o '%A %j' | awk '\$2 ~ /^hrsi-/ {print \$1}' | xargs -r scancel"

new_jobs() { printf '%s\n' "$@" | hrsi-create-jobs -q --type test_job -; }
column() { sql "select $2 from hrsi.jobs where id = $1"; }
slurm_id() { column "$1" executor_handle | sed 's/^slurm://'; }
slurm_state() { squeue -h -r -t all -j "$1" -o %T 2>/dev/null; }
program() { hrsi-db -q params set command_for_test_job_processing "[\"$processor\", $*\"/work/parameters.json\"]"; }
# Waits at most $2 seconds until every job of the list $1 is in status $3.
wait_for_status() {
  local ids=$1 deadline=$((SECONDS + $2)) left
  while ((SECONDS < deadline)); do
    left=$(sql "select count(*) from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status
                where j.id in ($ids) and s.name <> '$3'")
    [[ $left == 0 ]] && return 0
    sleep 0.5
  done
  fail "jobs not all $3 after $2 s: $(sql "select string_agg(j.id || ' ' || s.name, ', ') from hrsi.jobs j
         join hrsi.job_status s on s.id = j.last_status where j.id in ($ids) and s.name <> '$3'")"
  return 1
}
wait_for_slurm_state() {
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do [[ $(slurm_state "$1") == "$2" ]] && return 0; sleep 0.5; done
  fail "Slurm job $1 is '$(slurm_state "$1")', not $2 after $3 s"
  return 1
}
comma() { local IFS=,; echo "$*"; }
# A job whose program runs for a minute, dispatched and seen processing; sets ids and sid.
start_long_job() {
  program '"--sleep", "60", '
  mapfile -t ids < <(new_jobs "$1")
  run hrsi-dispatch --executor slurm
  wait_for_status "${ids[0]}" 30 processing
  sid=$(slurm_id "${ids[0]}")
}
# After a recovery: dispatched again with the normal program, processed at attempt 3 (1: the
# lost run; 2: the recovery's fencing attempt; 3: the new dispatch).
processed_later() {
  program
  run hrsi-dispatch --executor slurm
  wait_for_status "${ids[0]}" 60 processed
  expect_equal "$(column "${ids[0]}" attempt)" 3 "attempt"
}

program

TEST "50 test jobs: one job array, every task a worker running the sample processor, all processed"
mapfile -t ids < <(new_jobs $(seq -f 'slurm-%g' 1 50))
expect_equal "${#ids[@]}" 50 "jobs created"
run hrsi-dispatch --executor slurm
expect_status 0
expect_stderr_contains "50 job(s) of type test_job (test_job; jobs ${ids[0]} ... ${ids[49]}): submitted as Slurm job array"
expect_stderr_contains "50 claimed, 50 handed over, 0 hand-over(s) failed"
array=$(slurm_id "${ids[0]}" | cut -d_ -f1)
for i in 0 7 49; do expect_equal "$(column "${ids[$i]}" executor_handle)" "slurm:${array}_$i" "handle of job ${ids[$i]}"; done
wait_for_status "$(comma "${ids[@]}")" 150 processed
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where status = 5 and job_id in ($(comma "${ids[@]}"))")" 50 \
  "started (one run each)"
grep -q "sample processor" "$root/logs/job-${ids[3]}-attempt-1.log" 2>/dev/null ||
  fail "the log of job ${ids[3]} lacks the processor's output: $(cat "$root/logs/job-${ids[3]}-attempt-1.log" 2>&1)"
expect_equal "$(ls "$root/logs"/job-*-attempt-1.log | wc -l)" 50 "one log per job"

TEST "one job: one batch job named after the job and attempt, the flavor's CPUs and memory, the steps' time, no password"
program '"--sleep", "3", '
mapfile -t ids < <(new_jobs slurm-single)
run hrsi-dispatch --executor slurm
expect_status 0
expect_stderr_contains "job ${ids[0]} (test_job), attempt 1: submitted as Slurm job"
sid=$(slurm_id "${ids[0]}")
[[ $sid =~ ^[0-9]+$ ]] || fail "handle '$(column "${ids[0]}" executor_handle)'"
wait_for_slurm_state "$sid" RUNNING 30
shown=$(scontrol show job -dd "$sid")
[[ $shown == *"JobName=hrsi-job-${ids[0]}-attempt-1"* ]] || fail "job name: $shown"
# test_job is extra_small: 1 CPU, 1 GB; (30 + 30 + 270 + 5) min per run, 3 runs.
[[ $shown == *"NumCPUs=1 "* && $shown == *"TRES=cpu=1,mem=1G,node=1"* ]] || fail "resources: $shown"
[[ $shown == *"TimeLimit=16:45:00"* ]] || fail "time limit: $shown"
[[ $shown == *"StdOut=$root/logs/job-${ids[0]}-attempt-1.log"* ]] || fail "log: $shown"
[[ $shown == *"Requeue=0"* ]] || fail "requeue: $shown"
[[ $shown != *"$secret"* ]] || fail "scontrol show job shows the password"
script=$(scontrol write batch_script "$sid" - 2>&1)
[[ $script == *"0) job=${ids[0]} attempt=1 ;;"* ]] || fail "batch script: $script"
[[ $script != *"$secret"* ]] || fail "the batch script holds the password"
grep -rqs "$secret" "$root/logs" && fail "a log holds the password"
wait_for_status "${ids[0]}" 60 processed
program

TEST "a worker that asks to run again (exit 2): run again in the same batch job, at most max_attempts times"
program '"--exit-code", "150", '
mapfile -t ids < <(new_jobs slurm-failing)
run hrsi-dispatch --executor slurm
expect_status 0
wait_for_status "${ids[0]}" 90 internal_error
sid=$(slurm_id "${ids[0]}")
wait_for_slurm_state "$sid" COMPLETED 30
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = ${ids[0]} and status = 5")" 3 "runs (started)"
expect_equal "$(column "${ids[0]}" attempt)" 1 "attempt (one batch job)"
log=$(cat "$root/logs/job-${ids[0]}-attempt-1.log" 2>&1)
[[ $log == *"run 2 of 3"* && $log == *"run 3 of 3"* && $log != *"run 4"* ]] || fail "log: $log"
program

TEST "a flavor's constraint no node has: Slurm refuses, internal_error 'Slurm Command Error'"
hrsi-db -q params set slurm_constraints '{"extra_small": "no-such-feature"}'
mapfile -t ids < <(new_jobs slurm-refused)
run hrsi-dispatch --executor slurm
expect_status 0
expect_stderr_contains "left in internal_error"
expect_equal "$(status_of "${ids[0]}")" internal_error "status"
expect_equal "$(column "${ids[0]}" last_error_subtype)" "Slurm Command Error" "subtype"
hrsi-db -q params unset slurm_constraints

TEST "a partition that is not a string: exit 65 before any job is claimed"
hrsi-db -q params set slurm_partitions '{"extra_small": 5}'
mapfile -t ids < <(new_jobs slurm-bad-parameter)
run hrsi-dispatch --executor slurm
expect_status 65
expect_stderr_contains "system parameter slurm_partitions: the value of extra_small must be a string"
expect_equal "$(status_of "${ids[0]}")" ready "status"
hrsi-db -q params set slurm_partitions '{"extra_small": "hrsi"}'

TEST "Slurm unreachable: exit 69, the job ready again (Slurm Unreachable, not counted)"
sed -E 's/^SlurmctldPort=.*/SlurmctldPort=1/' "$SLURM_CONF" > "$root/unreachable.conf"
mapfile -t ids < <(new_jobs slurm-unreachable)
SLURM_CONF=$root/unreachable.conf HRSI_SLURM_TIMEOUT=60 run hrsi-dispatch --executor slurm
expect_status 69
expect_stderr_contains "Slurm cannot be reached"
expect_equal "$(status_of "${ids[0]}")" ready "status"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = ${ids[0]} and status = 13
                    and error_subtype = 'Slurm Unreachable'")" 1 "internal_error 'Slurm Unreachable'"
run hrsi-dispatch --executor slurm
expect_status 0
wait_for_status "${ids[0]}" 60 processed
[[ $(scontrol show job "$(slurm_id "${ids[0]}")") == *"Partition=hrsi "* ]] || fail "partition of the flavor"

TEST "a Slurm job cancelled behind hrsi's back: hrsi-monitor hands the job back, it is processed later"
start_long_job slurm-scancelled
scancel "$sid"
wait_for_slurm_state "$sid" CANCELLED 20
# The worker, sent SIGTERM, records its interruption and asks to run again: nobody will.
wait_for_status "${ids[0]}" 20 external_error
run hrsi-monitor
expect_status 0
expect_stdout_contains "job ${ids[0]}"
expect_stdout_contains "Slurm job $sid has ended"
expect_equal "$(status_of "${ids[0]}")" ready "status"
processed_later

TEST "a Slurm job killed with its node (slurmd stopped): NODE_FAIL, recovered by hrsi-monitor, processed once the node is back"
start_long_job slurm-node-lost
slurmd_pid=$(cat "$(dirname "$SLURM_CONF")/slurmd.pid")
worker=$(sql "select pid from hrsi.worker_heartbeats where job_id = ${ids[0]}")
# The node dies: its slurmd and everything its job runs (the job's slurmstepd and descendants).
stepd=$(ps -o ppid= -p "$(ps -o ppid= -p "$worker" | tr -d ' ')" | tr -d ' ')
[[ $(ps -o comm= -p "$stepd") == slurmstepd ]] || fail "no slurmstepd above the worker ($worker): $(ps -o comm= -p "$stepd")"
kill -KILL "$slurmd_pid"
descendants() { local p; for p in $(ps -o pid= --ppid "$1"); do echo "$p"; descendants "$p"; done; }
kill -KILL "$stepd" $(descendants "$stepd") 2>/dev/null
wait_for_slurm_state "$sid" NODE_FAIL 60
run hrsi-monitor
expect_status 0
expect_stdout_contains "Job inconsistency with Slurm"
expect_stdout_contains "NODE_FAIL"
expect_equal "$(status_of "${ids[0]}")" ready "status"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = ${ids[0]} and status = 13
                    and error_subtype = 'Job inconsistency with Slurm'")" 1 "internal_error recorded"
slurmd -f "$SLURM_CONF" -N localhost
node_up() { [[ $(sinfo -h -n localhost -o %T) == @(idle|mix|alloc)* ]]; }
for _ in $(seq 1 300); do node_up && break; sleep 0.2; done
node_up || fail "the node is $(sinfo -h -n localhost -o %T) after slurmd restarted"
processed_later

TEST "an operator cancel stops the Slurm job"
start_long_job slurm-operator-cancel
run hrsi-status cancel "${ids[0]}"
expect_status 0
expect_stderr_contains "cancelled 1 Slurm job(s): $sid"
wait_for_slurm_state "$sid" CANCELLED 20
expect_equal "$(status_of "${ids[0]}")" cancelled "status"

TEST "an operator relaunch of a job in error whose Slurm job still runs: that Slurm job is cancelled"
start_long_job slurm-operator-relaunch
# An operator forces the job into internal_error while its batch job runs on.
hrsi-status -q set "${ids[0]}" internal_error --message "e2e: forced" >/dev/null || fail "cannot set internal_error"
run hrsi-status relaunch "${ids[0]}"
expect_status 0
expect_stderr_contains "cancelled 1 Slurm job(s): $sid"
wait_for_slurm_state "$sid" CANCELLED 20
expect_equal "$(status_of "${ids[0]}")" ready "status"
program
run hrsi-dispatch --executor slurm
wait_for_status "${ids[0]}" 60 processed

TEST "two dispatchers racing (3 jobs per sbatch): every job submitted once, run once"
mapfile -t ids < <(new_jobs $(seq -f 'slurm-race-%g' 1 30))
HRSI_SLURM_BATCH=3 hrsi-dispatch -q --executor slurm 2>"$root/race-1.err" &
first=$!
HRSI_SLURM_BATCH=3 hrsi-dispatch -q --executor slurm 2>"$root/race-2.err"
second=$?
wait "$first"; expect_equal "$?/$second" "0/0" "exit statuses"
wait_for_status "$(comma "${ids[@]}")" 120 processed
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where status = 4 and job_id in ($(comma "${ids[@]}"))")" 30 "queued once each"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where status = 5 and job_id in ($(comma "${ids[@]}"))")" 30 "started once each"
expect_equal "$(sql "select count(distinct executor_handle) from hrsi.jobs where id in ($(comma "${ids[@]}"))")" 30 "handles"
# Every job appears in exactly one batch script.
arrays=$(sql "select distinct split_part(substr(executor_handle, 7), '_', 1) from hrsi.jobs where id in ($(comma "${ids[@]}"))")
for a in $arrays; do scontrol write batch_script "$a" - 2>/dev/null; done | grep -o 'job=[0-9]*' | sort > "$root/scripted"
expect_equal "$(wc -l < "$root/scripted")/$(sort -u "$root/scripted" | wc -l)" "30/30" "jobs in batch scripts / distinct"

finish
