#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-status end to end: show, history, list, set, summary, pipelines and bad input.
source "$(dirname "$0")/lib.sh"

TEST "--help prints usage and the commands"
run hrsi-status --help
expect_status 0
expect_stdout_contains "Usage"
for command in show history list set summary; do expect_stdout_contains "$command"; done

TEST "unknown option or command: exit 64 with a usage hint"
run hrsi-status list --frobnicate
expect_status 64
expect_stderr_contains "hrsi-status --help"
run hrsi-status frobnicate
expect_status 64

TEST "database unreachable: exit 69 naming the target"
HRSI_DB='postgresql://ops:pw-never-shown@127.0.0.1:1/hrsi?connect_timeout=3' run hrsi-status summary
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_stderr_lacks "pw-never-shown"

use_temp_database

# Three test jobs: 1 ready on tile 32TLR, 2 ready, 3 cancelled.
psql -X -q "$HRSI_DB" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
insert into hrsi.jobs (job_type, name, tile_id) values
  ('test_job', 'alpha', '32TLR'), ('test_job', 'beta', '31TGL'), ('test_job', 'gamma', '32TLR');
insert into hrsi.test_jobs (job_id) select id from hrsi.jobs;
select hrsi.set_job_status(id, s::smallint) from hrsi.jobs, unnest(array[1, 2, 3]) s where name <> 'gamma' order by id, s;
select hrsi.set_job_status(id, 16::smallint, null, 'Unprocessed job as it''s part of a reprocessing campaign.') from hrsi.jobs where name = 'gamma';
SQL
id() { psql -X -tA "$HRSI_DB" -c "select id from hrsi.jobs where name = '$1'"; }
alpha=$(id alpha); beta=$(id beta); gamma=$(id gamma)

TEST "summary: jobs per type and status"
run hrsi-status summary
expect_status 0
expect_stdout_contains "ready"
expect_stdout_contains "cancelled"
line=$(grep '^test_job' <<<"$stdout")
[[ $line =~ test_job[[:space:]]+2[[:space:]]+1[[:space:]]+3 ]] || fail "summary row '$line'"
run hrsi-status summary --json
expect_stdout_contains '{"job_type":"test_job","status":"ready","jobs":2}'

TEST "list with filters, as table, JSON Lines and ids"
run hrsi-status list --status ready --ids
expect_stdout_equals "$alpha"$'\n'"$beta"
run hrsi-status list --status ready,cancelled --tile 32TLR --ids
expect_stdout_equals "$alpha"$'\n'"$gamma"
run hrsi-status list --type test_job --status 16 --json
expect_stdout_contains "\"id\":$gamma"
expect_stdout_contains '"status":"cancelled"'
run hrsi-status list --since 1h --limit 1
expect_status 0
expect_stdout_contains "alpha"
[[ $(wc -l <<<"$stdout") -eq 2 ]] || fail "expected a header and one row: $stdout"
run hrsi-status list --until 2000-01-01 --ids
expect_stdout_equals ""

TEST "list refuses bad filters"
run hrsi-status list --status finished
expect_status 64
expect_stderr_contains "unknown job status 'finished'"
run hrsi-status list --type warp_job
expect_status 64
expect_stderr_contains "unknown job type 'warp_job'"
run hrsi-status list --since yesterday
expect_status 64
expect_stderr_contains "'yesterday'"
run hrsi-status list --json --ids
expect_status 64

TEST "show: common columns, type columns, last status; unknown ids named"
run hrsi-status show "$alpha"
expect_status 0
expect_stdout_contains "name:"
expect_stdout_contains "alpha"
expect_stdout_contains "measurement_date"
expect_stdout_contains "last_status_name:"
run hrsi-status show "$alpha" 999999 --json
expect_status 65
expect_stdout_contains '"name":"alpha"'
expect_stderr_contains "no job with id 999999"
run hrsi-status show abc
expect_status 64
expect_stderr_contains "'abc' is not a job id"

TEST "history: every change with subtype and message"
run hrsi-status history "$gamma"
expect_status 0
expect_stdout_contains "cancelled"
expect_stdout_contains "reprocessing campaign"
run hrsi-status history "$alpha" --json
[[ $(wc -l <<<"$stdout") -eq 3 ]] || fail "alpha has 3 changes: $stdout"
run hrsi-status history 999999
expect_status 65
expect_stderr_contains "999999"

TEST "set: allowed transitions write, refused ones are named, exit 65"
run hrsi-status set "$alpha" "$gamma" queued
expect_status 65
expect_stdout_equals "$alpha"
expect_stderr_contains "invalid job status transition for job $gamma: cancelled -> queued"
run hrsi-status set "$alpha" internal_error --subtype "Manual check" --message "it's; a 'test' ✓"
expect_status 0
run hrsi-status history "$alpha" --json
expect_stdout_contains "\"error_message\":\"it's; a 'test' ✓\""
expect_stdout_contains '"error_subtype":"Manual check"'
run hrsi-status set 999999 ready
expect_status 65
expect_stderr_contains "999999"

TEST "set --dry-run checks and writes nothing"
run hrsi-status set "$alpha" error_checked --dry-run
expect_status 0
expect_stdout_equals "$alpha"
run hrsi-status list --status internal_error --ids
expect_stdout_equals "$alpha"

TEST "set with a stale attempt is refused"
psql -X -q "$HRSI_DB" -c "update hrsi.jobs set attempt = 2 where id = $beta" >/dev/null
run hrsi-status set "$beta" internal_error --attempt 1
expect_status 65
expect_stderr_contains "stale attempt"

TEST "pipelines: list --ids | set - (relaunch errors)"
printf '%s\n' "$alpha" | { hrsi-status set - error_checked >/dev/null 2>&1; }
run hrsi-status list --status error_checked --ids
expect_stdout_equals "$alpha"
hrsi-status list --status error_checked --ids | hrsi-status set - ready >/dev/null 2>&1
run hrsi-status list --status ready --ids
expect_stdout_equals "$alpha"$'\n'"$beta"
RUN_STDIN="$beta x12" run hrsi-status show -
expect_status 65
expect_stderr_contains "'x12'"
RUN_STDIN="" run hrsi-status history -
expect_status 0

finish
