#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-status end to end: show, history, list, set, summary, relaunch, cancel, bulk selection,
# timeliness, metrics, watch, pipelines and bad input.
source "$(dirname "$0")/lib.sh"

TEST "--help prints usage and the commands"
run hrsi-status --help
expect_status 0
expect_stdout_contains "Usage"
for command in show history list set relaunch cancel summary timeliness metrics watch; do
  expect_stdout_contains "$command"
done

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
# type, name (JOB_NAME), one column per status, total
[[ $line =~ ^test_job[[:space:]]+test_job[[:space:]]+2[[:space:]]+1[[:space:]]+3 ]] || fail "summary row '$line'"
[[ $(head -1 <<<"$stdout") =~ ^type[[:space:]]+name[[:space:]]+ready ]] || fail "summary header '$(head -1 <<<"$stdout")'"
run hrsi-status summary --json
expect_stdout_contains '{"job_type":"test_job","status":"ready","jobs":2,"job_type_name":"test_job"}'

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
[[ $(tail -1 <<<"$stdout") =~ ^job_type_name:[[:space:]]+test_job$ ]] || fail "show's last line: '$(tail -1 <<<"$stdout")'"
run hrsi-status show "$alpha" 999999 --json
expect_status 65
expect_stdout_contains '"name":"alpha"'
expect_stdout_contains '"job_type_name":"test_job","output_products":[]}'
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

TEST "relaunch and cancel refuse bad command lines before any database (exit 64)"
run hrsi-status relaunch
expect_status 64
expect_stderr_contains "relaunch needs job ids"
run hrsi-status cancel 12 --status ready
expect_status 64
expect_stderr_contains "not both"
run hrsi-status relaunch x12
expect_status 64
expect_stderr_contains "'x12' is not a job id"
run hrsi-status watch --interval 0
expect_status 64
run hrsi-status metrics --type test_job
expect_status 64

# Fresh jobs for the operator commands: 8 in internal_error (tile 33UUP), one done, one ready.
psql -X -q "$HRSI_DB" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
insert into hrsi.jobs (job_type, name, tile_id) select 'test_job', 'err-' || n, '33UUP' from generate_series(1, 8) n;
insert into hrsi.jobs (job_type, name, tile_id) values ('test_job', 'finished', '33UUP'), ('test_job', 'waiting', '33UUP');
insert into hrsi.test_jobs (job_id) select id from hrsi.jobs where tile_id = '33UUP';
select hrsi.set_job_status(id, s::smallint) from hrsi.jobs, unnest(array[1, 2, 3, 4, 5, 6, 7]) s
 where name like 'err-%' or name = 'finished' order by id, s;
select hrsi.set_job_status(id, 13::smallint, 'SIP error', 'exit code 3') from hrsi.jobs where name like 'err-%' order by id;
select hrsi.set_job_status(id, s::smallint) from hrsi.jobs, unnest(array[8, 9, 10, 11, 12]) s where name = 'finished' order by s;
select hrsi.set_job_status(id, s::smallint) from hrsi.jobs, unnest(array[1, 2, 3]) s where name = 'waiting' order by s;
SQL
err1=$(id err-1); err2=$(id err-2); finished=$(id finished); waiting=$(id waiting)
export USER=ops-e2e

TEST "relaunch: error -> error_checked [Operator relaunch] -> ready; done refused, exit 65"
run hrsi-status relaunch "$err1" "$finished"
expect_status 65
expect_stdout_equals "$err1"
expect_stderr_contains "job $finished is done; only jobs in internal_error, external_error or error_checked can be relaunched"
expect_stderr_contains "relaunched 1 of 2 job(s)"
run hrsi-status history "$err1" --json
expect_stdout_contains '"status":"error_checked","error_subtype":"Operator relaunch","error_message":"relaunched by ops-e2e"'
[[ $(tail -n 1 <<<"$stdout") == *'"status":"ready"'* ]] || fail "the last change is not ready: $stdout"

TEST "relaunch --dry-run names the jobs and changes nothing"
run hrsi-status relaunch --dry-run "$err2"
expect_status 0
expect_stdout_equals "$err2"
expect_stderr_contains "would relaunch 1 of 1"
run hrsi-status list --status internal_error --tile 33UUP --ids
[[ $(wc -l <<<"$stdout") -eq 7 ]] || fail "7 jobs still in internal_error: $stdout"

TEST "bulk selection: more than 5 jobs need --yes (exit 64), the count is printed"
run hrsi-status relaunch --tile 33UUP
expect_status 64
expect_stderr_contains "7 jobs match; add --yes to act on all of them"
run hrsi-status relaunch --tile 33UUP --status internal_error --dry-run
expect_status 0
expect_stderr_contains "7 jobs match"
[[ $(wc -l <<<"$stdout") -eq 7 ]] || fail "a dry run lists the 7 jobs: $stdout"
run hrsi-status cancel --tile 33UUP --status ready,internal_error
expect_status 64
expect_stderr_contains "9 jobs match; add --yes"

TEST "pipeline: list --status internal_error --ids | relaunch -"
hrsi-status list --status internal_error --tile 33UUP --ids >"$_tmp/ids"
hrsi-status relaunch - <"$_tmp/ids" >"$_tmp/relaunched" 2>"$_tmp/err"
expect_equal "$?" 0 "relaunch exit status"
cmp -s "$_tmp/ids" "$_tmp/relaunched" || fail "relaunch printed $(cat "$_tmp/relaunched"), expected $(cat "$_tmp/ids")"
run hrsi-status list --status internal_error --tile 33UUP --ids
expect_stdout_equals ""
run hrsi-status list --status ready --tile 33UUP --ids
[[ $(wc -l <<<"$stdout") -eq 9 ]] || fail "9 ready jobs on 33UUP: $stdout"

TEST "cancel: where allowed, with the operator's name; refusals named, exit 65"
run hrsi-status cancel "$waiting" "$finished" --message "wrong tile"
expect_status 65
expect_stdout_equals "$waiting"
expect_stderr_contains "job $finished is done; only jobs in"
run hrsi-status history "$waiting" --json
expect_stdout_contains '"status":"cancelled","error_subtype":null,"error_message":"cancelled by ops-e2e: wrong tile"'
run hrsi-status cancel "$waiting"
expect_status 65
expect_stderr_contains "already cancelled"
run hrsi-status cancel 999999
expect_status 65
expect_stderr_contains "no job with id 999999"

TEST "cancel by filters with --yes; set by filters"
run hrsi-status cancel --tile 33UUP --status ready --yes
expect_status 0
expect_stderr_contains "8 jobs match"
[[ $(wc -l <<<"$stdout") -eq 8 ]] || fail "8 jobs cancelled: $stdout"
run hrsi-status set --tile 33UUP --status cancelled --yes internal_error --subtype "Manual check"
expect_status 0
[[ $(wc -l <<<"$stdout") -eq 9 ]] || fail "9 jobs set: $stdout"
run hrsi-status set "$err1" ready --tile 33UUP
expect_status 64

# Publication times for the timeliness: three jobs, 1 h, 2 h and 4 h (missed), published an hour ago.
psql -X -q "$HRSI_DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL
update hrsi.jobs set output_published_at = now() - interval '1 hour',
       input_published_at = now() - interval '1 hour' - case name when 'err-1' then interval '1 hour'
                                                                   when 'err-2' then interval '2 hours'
                                                                   else interval '4 hours' end
 where name in ('err-1', 'err-2', 'err-3');
SQL

TEST "timeliness: table and JSON Lines"
run hrsi-status timeliness --since 1d
expect_status 0
expect_stdout_contains "median"
line=$(grep '^test_job' <<<"$stdout")
[[ $line =~ test_job[[:space:]]+3[[:space:]]+2h00m[[:space:]]+3h48m[[:space:]]+1[[:space:]]+3h00m ]] || fail "timeliness row '$line'"
run hrsi-status timeliness --type test_job --json
expect_stdout_equals '{"job_type":"test_job","jobs":3,"median_seconds":7200,"p95_seconds":13680,"missed":1,"target_minutes":180}'
run hrsi-status timeliness --until 2000-01-01 --json
expect_status 0
expect_stdout_equals ""
run hrsi-status timeliness --type warp_job
expect_status 64

TEST "metrics: Prometheus text on stdout; --output writes the file whole"
run hrsi-status metrics
expect_status 0
expect_stdout_contains '# TYPE hrsi_jobs gauge'
expect_stdout_contains 'hrsi_jobs{type="test_job",job_type_name="test_job",status="internal_error"} 9'
expect_stdout_contains 'hrsi_timeliness_seconds{type="test_job",job_type_name="test_job",quantile="0.5"} 7200'
expect_stdout_contains 'hrsi_timeliness_missed_total{type="test_job",job_type_name="test_job"} 1'
expect_stdout_contains 'hrsi_worker_heartbeats 0'
bad=$(grep -vE '^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+)$' <<<"$stdout")
[[ -z $bad ]] || fail "lines not in the text format: $bad"
metrics=$stdout
mkdir -p "$_tmp/textfile"
run hrsi-status metrics --output "$_tmp/textfile/hrsi.prom"
expect_status 0
expect_stdout_equals ""
[[ $(cat "$_tmp/textfile/hrsi.prom") == "$metrics" ]] || fail "the file differs from stdout"
[[ $(ls -A "$_tmp/textfile") == hrsi.prom ]] || fail "files left in the folder: $(ls -A "$_tmp/textfile")"
run hrsi-status metrics --output "$_tmp/no-such-folder/hrsi.prom"
expect_status 65
expect_stderr_contains "no-such-folder/hrsi.prom"

TEST "watch --count 2 --interval 0.1: two plain blocks separated by an empty line"
run timeout 10 hrsi-status watch --count 2 --interval 0.1
expect_status 0
[[ $(grep -c '^type ' <<<"$stdout") -eq 2 ]] || fail "two summaries expected: $stdout"
[[ $(grep -c '^$' <<<"$stdout") -eq 1 ]] || fail "one empty line between blocks expected: $stdout"
[[ $stdout != *$'\033'* ]] || fail "escape sequences when stdout is not a terminal"
run timeout --preserve-status -s INT 1 hrsi-status watch --interval 0.2
expect_status 0
[[ $(grep -c '^type ' <<<"$stdout") -ge 2 ]] || fail "summaries until Ctrl-C: $stdout"

TEST "NO_COLOR: no escape sequences even on a terminal"
if command -v script >/dev/null; then
  NO_COLOR=1 script -qec "hrsi-status summary" /dev/null >"$_tmp/tty" 2>&1
  ! grep -q $'\033\\[1m' "$_tmp/tty" || fail "bold with NO_COLOR set: $(cat -v "$_tmp/tty")"
  script -qec "hrsi-status summary" /dev/null >"$_tmp/tty" 2>&1
  grep -q $'\033\\[1m' "$_tmp/tty" || fail "no bold header on a terminal: $(cat -v "$_tmp/tty")"
else
  echo "script(1) is not installed: terminal output not checked"
fi

finish
