#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# kill -9 of hrsi-create-jobs in the middle of an input (issue 16, the fault suite): each input
# is created all or nothing. An input of 100,000 test products is killed at three moments of
# its run (early, mid-way, late): no job of it is left behind, hrsi-db check passes, and the
# same input run again afterwards creates every job once.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/lib.sh"

root=$(mktemp -d)
at_exit "rm -rf '$root'"
use_temp_database
count=100000
seq -f "killed-%06g" 1 "$count" >"$root/names"
jobs_count() { sql 'select count(*) from hrsi.jobs'; }

# The moment of the kill: a delay after the start (reading, COPY of jobs, statuses, commit).
for delay in 0.2 1.0 2.0; do
  TEST "kill -9 ${delay}s into the creation of $count jobs: nothing of the input left"
  hrsi-create-jobs -q --type test_job "$root/names" >/dev/null 2>"$root/create.err" &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null
    # The server ends the killed session's transaction when it notices the closed socket.
    for _ in {1..50}; do
      [[ $(sql "select count(*) from pg_stat_activity where application_name = 'hrsi-create-jobs'") == 0 ]] && break
      sleep 0.1
    done
    expect_equal "$(jobs_count)" 0 "jobs after the kill"
  else
    wait "$pid"
    echo "(the creation ended before ${delay}s: all $(jobs_count) jobs)"
    expect_equal "$(jobs_count)" "$count" "jobs of a creation that ended"
    sql "delete from hrsi.jobs" >/dev/null
  fi
  hrsi-db -q check >"$root/check.out" 2>&1 || fail "hrsi-db check: $(head -n 5 "$root/check.out")"
done

TEST "the same input run again: every job created once, check passes"
run hrsi-create-jobs -q --type test_job "$root/names"
expect_status 0
expect_equal "$(jobs_count)" "$count" "jobs"
expect_equal "$(sql "select count(*) from hrsi.jobs where last_status = 3")" "$count" "ready jobs"
hrsi-db -q check >"$root/check.out" 2>&1 || fail "hrsi-db check: $(head -n 5 "$root/check.out")"

finish
