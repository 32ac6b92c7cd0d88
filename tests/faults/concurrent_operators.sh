#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Operators racing the orchestration (issue 16, the fault suite): while hrsi-dispatch (local
# executor) and hrsi-monitor loop over 60 test jobs, two operators cancel, fail and relaunch
# jobs at random. Every refusal is a clean exit 65 (never 70), hrsi-db check passes, and every
# job's history follows the allowed transitions.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

unset NOMAD_META_job_id NOMAD_META_attempt HRSI_EXECUTOR
root=$(mktemp -d)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work
use_temp_database
background=()
at_exit 'for p in "${background[@]}"; do kill -KILL "$p" 2>/dev/null; done; true'

program '["sleep", "0.2"]'
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

TEST "two operators racing hrsi-dispatch and hrsi-monitor: refusals exit 65, check passes, legal histories"
hrsi-dispatch -q --executor local --parallel 2 --loop 0.2 </dev/null >/dev/null 2>"$root/dispatch.err" &
dispatcher=$!
hrsi-monitor -q --loop 0.3 </dev/null >/dev/null 2>"$root/monitor.err" &
monitor=$!
background+=("$dispatcher" "$monitor")
operator "$root/codes.1" &
op1=$!
operator "$root/codes.2" &
op2=$!
wait "$op1" "$op2"
kill -TERM "$dispatcher" "$monitor"
for pid in "$dispatcher" "$monitor"; do
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
echo "status changes: $(sql 'select count(*) from hrsi.job_status_changes'); last statuses: $(sql "select string_agg(s.name || ' ' || n, ', ') from (select last_status, count(*) n from hrsi.jobs group by 1) j join hrsi.job_status s on s.id = j.last_status")"

finish
