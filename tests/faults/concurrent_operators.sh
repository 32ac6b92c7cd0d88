#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Operators racing the orchestration (issue 16, the fault suite): while two hrsi-dispatch
# (local executor) and hrsi-monitor loop over 60 test jobs, two operators cancel, fail and
# relaunch jobs at random. Every refusal is a clean exit 65 (never 70), hrsi-db check passes,
# every job's history follows the allowed transitions, and no attempt of a job is ever run
# twice: neither in the status history (one started per job and attempt) nor in the program's
# own record of its runs (one line per job and attempt, written by the program itself).
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

unset NOMAD_META_job_id NOMAD_META_attempt HRSI_EXECUTOR
root=$(mktemp -d)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work
use_temp_database
background=()
at_exit 'for p in "${background[@]}"; do kill -KILL "$p" 2>/dev/null; done; true'

# The program appends "<job id> <attempt>" (read from its parameters.json) to runs.txt in one
# write, then works 0.2 s.
program '["sh", "-c", "printf \"%s %s\\n\" \"$(grep -o \"\\\"id\\\":[0-9]*\" parameters.json | head -n 1 | cut -d: -f2)\" \"$(grep -o \"\\\"attempt\\\":[0-9]*\" parameters.json | head -n 1 | cut -d: -f2)\" >>\"$0\"; sleep 0.2", "'"$root"'/runs.txt"]'
mapfile -t ids < <(new_jobs $(seq -f "race-%02g" 1 60))

# An operator: N random actions; appends every exit status to $1.
operator() {
  local codes=$1 i id code
  for ((i = 0; i < 40; i++)); do
    id=${ids[RANDOM % ${#ids[@]}]}
    case $((RANDOM % 3)) in
      0) hrsi-status -q cancel "$id" >/dev/null 2>>"$root/operators.err"; code=$? ;;
      1) hrsi-status -q set "$id" internal_error --message "operator race" >/dev/null 2>>"$root/operators.err"; code=$? ;;
      2) hrsi-status -q relaunch "$id" >/dev/null 2>>"$root/operators.err"; code=$? ;;
    esac
    echo "$code" >>"$codes"
    sleep 0.0$((RANDOM % 10))
  done
}

# Lines "<job> <attempt> <count>" of (job, attempt) pairs given more than once on stdin.
doubled() { sort | uniq -c | awk '$1 > 1 { print $2, $3, $1 }'; }

TEST "the double-run check finds a doubled (job, attempt) and passes distinct ones"
expect_equal "$(printf '7 1\n7 2\n8 1\n7 1\n' | doubled)" "7 1 2" "doubled pairs"
expect_equal "$(printf '7 1\n7 2\n8 1\n' | doubled)" "" "doubled pairs of distinct runs"

TEST "two dispatchers, a monitor and two operators racing: refusals exit 65, check passes, legal histories, no attempt run twice"
hrsi-dispatch -q --executor local --parallel 2 --loop 0.2 </dev/null >/dev/null 2>"$root/dispatch.err" &
dispatcher=$!
hrsi-dispatch -q --executor local --parallel 2 --loop 0.15 </dev/null >/dev/null 2>"$root/dispatch2.err" &
dispatcher2=$!
hrsi-monitor -q --loop 0.3 </dev/null >/dev/null 2>"$root/monitor.err" &
monitor=$!
background+=("$dispatcher" "$dispatcher2" "$monitor")
operator "$root/codes.1" &
op1=$!
operator "$root/codes.2" &
op2=$!
wait "$op1" "$op2"
kill -TERM "$dispatcher" "$dispatcher2" "$monitor"
for pid in "$dispatcher" "$dispatcher2" "$monitor"; do
  for _ in {1..150}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "process $pid still runs 15 s after SIGTERM"
  wait "$pid"
  expect_equal "$?" 0 "exit status of $pid after SIGTERM (stderr: $(cat "$root/dispatch.err" "$root/monitor.err"))"
done
codes=$(cat "$root/codes.1" "$root/codes.2" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')
echo "operator exit statuses (status:count): $codes"
[[ $(cat "$root/codes.1" "$root/codes.2" | grep -cvE '^(0|65)$') == 0 ]] ||
  fail "an operator action ended otherwise than 0 or 65: $codes; $(grep -v 'invalid job status transition' "$root/operators.err" | head -n 5)"
(($(wc -l < <(cat "$root/codes.1" "$root/codes.2")) == 80)) || fail "not 80 operator actions"
hrsi-db -q check >"$root/check.out" 2>&1 || fail "hrsi-db check: $(head -n 5 "$root/check.out")"
illegal=$(sql "select count(*) from (
    select job_id, status, lag(status) over (partition by job_id order by id) as previous
      from hrsi.job_status_changes) c
  where not exists (select 1 from hrsi.job_status_transitions t
                     where coalesce(t.from_status, 0) = coalesce(c.previous, 0) and t.to_status = c.status)")
expect_equal "$illegal" 0 "status changes outside the allowed transitions"
started_twice=$(sql "select job_id || ' ' || attempt || ' ' || count(*) from hrsi.job_status_changes
  where status = (select id from hrsi.job_status where name = 'started')
  group by job_id, attempt having count(*) > 1 or attempt is null")
expect_equal "$started_twice" "" "(job, attempt, started count) started more than once or without an attempt"
[[ -s $root/runs.txt ]] || fail "the program recorded no run"
expect_equal "$(grep -cvE '^[0-9]+ [0-9]+$' "$root/runs.txt")" 0 "malformed lines in the program's record: $(head -n 3 "$root/runs.txt")"
expect_equal "$(doubled <"$root/runs.txt")" "" "(job, attempt, runs) run more than once by the program"
started=$(sql "select count(*) from hrsi.job_status_changes where status = (select id from hrsi.job_status where name = 'started')")
((started >= $(wc -l <"$root/runs.txt"))) || fail "$(wc -l <"$root/runs.txt") program runs but only $started started statuses"
echo "program runs: $(wc -l <"$root/runs.txt"), started statuses: $started"
echo "status changes: $(sql 'select count(*) from hrsi.job_status_changes'); last statuses: $(sql "select string_agg(s.name || ' ' || n, ', ') from (select last_status, count(*) n from hrsi.jobs group by 1) j join hrsi.job_status s on s.id = j.last_status")"

finish
