#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-create-jobs end to end: usage errors, test_job from a list, fsc_rlie_job from each
# catalogue format (OData, resto/Finder, STAC, list), deduplication and reruns, refused and
# reprocessing-campaign products, the FSC/RLIE time series (first job of a tile ready, the
# next ones configured), bad inputs (one transaction per input), --strict, --dry-run,
# --next-window and --scheduled [--now] (gfsc_job with --other-input). The catalogue answers are in tests/data/hrsi-create-jobs/.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
data=$source_dir/tests/data/hrsi-create-jobs
nowhere='host=/nonexistent/hrsi-e2e-create-jobs dbname=none connect_timeout=1'
refusal_message="Unprocessed job as it's part of a reprocessing campaign."

# Number of non-empty lines of a text.
count_lines() { if [[ -z $1 ]]; then echo 0; else grep -c . <<<"$1"; fi; }
# The sorted names of the fsc_rlie_job jobs with a status (and optionally of a tile), on one line.
fsc_names() {
  hrsi-status list --type fsc_rlie_job --status "$1" ${2:+--tile "$2"} --json |
    grep -o '"name":"[^"]*"' | cut -d'"' -f4 | sort | paste -sd' ' -
}
# The id of the job of a type with this name (the lowest when several share it).
job_id() {
  hrsi-status list --type "$1" --json | grep -F "\"name\":\"$2\"" | head -n 1 |
    grep -o '"id":[0-9]*' | cut -d: -f2
}
all_ids() { hrsi-status list --ids; }

TEST "--help prints usage, the options and the manual page"
run hrsi-create-jobs --help
expect_status 0
expect_stdout_contains "Usage: hrsi-create-jobs"
for option in --type --format --dry-run --strict --json --next-window --scheduled --now --chunk-size --db --config; do
  expect_stdout_contains "$option"
done
expect_stdout_contains "Manual: man hrsi-create-jobs"

# Usage errors are found before connecting: HRSI_DB points at nothing.
TEST "unknown option: exit 64 with a usage hint"
HRSI_DB=$nowhere run hrsi-create-jobs --type test_job --frobnicate
expect_status 64
expect_stderr_contains "--frobnicate"
expect_stderr_contains "hrsi-create-jobs --help"
HRSI_DB=$nowhere run hrsi-create-jobs --frobnicate
expect_status 64

TEST "missing --type: exit 64"
HRSI_DB=$nowhere run hrsi-create-jobs "$data/odata.json"
expect_status 64
expect_stderr_contains "--type is required"

TEST "unknown job type: exit 64 listing the known ones"
HRSI_DB=$nowhere run hrsi-create-jobs --type warp_job "$data/odata.json"
expect_status 64
expect_stderr_contains "unknown job type 'warp_job'"
expect_stderr_contains "fsc_rlie_job"
expect_stderr_contains "test_job"

TEST "bad --format, --chunk-size or --next-window with inputs: exit 64"
HRSI_DB=$nowhere run hrsi-create-jobs --type fsc_rlie_job --format xml "$data/odata.json"
expect_status 64
expect_stderr_contains "unknown catalogue format 'xml'"
expect_stderr_contains "auto, odata, resto, stac or list"
HRSI_DB=$nowhere run hrsi-create-jobs --type fsc_rlie_job --chunk-size 0 "$data/odata.json"
expect_status 64
expect_stderr_contains "--chunk-size"
HRSI_DB=$nowhere run hrsi-create-jobs --type fsc_rlie_job --next-window "$data/odata.json"
expect_status 64
expect_stderr_contains "--next-window takes no input files"

TEST "database unreachable: exit 69 naming the target, never the password"
HRSI_DB='postgresql://ops:pw-never-shown@127.0.0.1:1/hrsi?connect_timeout=3' \
  run hrsi-create-jobs --type test_job "$data/test_jobs.txt"
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_stderr_lacks "pw-never-shown"
expect_stdout_equals ""

use_temp_database

# --- test_job ---------------------------------------------------------------------------

TEST "test_job from a list: one job per distinct product, ids printed, all ready"
run hrsi-create-jobs --type test_job "$data/test_jobs.txt"
expect_status 0
[[ $(count_lines "$stdout") -eq 4 ]] || fail "expected 4 ids: $stdout"
grep -qvx '[0-9][0-9]*' <<<"$stdout" && fail "stdout is not ids, one per line: $stdout"
expect_stdout_equals "$(hrsi-status list --type test_job --status ready --ids)"
expect_stderr_contains "test_jobs.txt: 5 product(s) read as list; 4 job(s) created (ready 4, waiting in configured 0, cancelled 0, internal error 0), 1 duplicate(s) skipped, 0 refused"
run hrsi-status list --type test_job --json
# The name of a path's product is its last part without .SAFE.
expect_stdout_contains '"name":"S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842"'
expect_stdout_contains '"name":"smoke-test-2"'
test_ids=$(all_ids)

TEST "test_job rerun: creates nothing, exits 0, counts the duplicates"
run hrsi-create-jobs --type test_job "$data/test_jobs.txt"
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "5 product(s) read as list; 0 job(s) created"
expect_stderr_contains "5 duplicate(s) skipped"
[[ $(all_ids) == "$test_ids" ]] || fail "a rerun changed the jobs: $(all_ids)"

TEST "--json: one object per job with id, name, product and status; names without spaces"
RUN_STDIN=$'json-test-1\njson test 2\n' run hrsi-create-jobs --type test_job --json -
expect_status 0
[[ $(count_lines "$stdout") -eq 2 ]] || fail "expected 2 lines: $stdout"
[[ $(head -n 1 <<<"$stdout") =~ ^\{\"id\":[0-9]+,\"name\":\"json-test-1\",\"product\":\"json-test-1\",\"status\":\"ready\"\}$ ]] ||
  fail "first line: $(head -n 1 <<<"$stdout")"
expect_stdout_contains '"name":"json_test_2","product":"json test 2","status":"ready"'
expect_stderr_contains "stdin: 2 product(s) read as list"

TEST "--dry-run: shows what would be created, writes nothing"
before=$(all_ids)
RUN_STDIN=$'dry-run-1\ndry-run-2\n' run hrsi-create-jobs --type test_job --dry-run
expect_status 0
[[ $(count_lines "$stdout") -eq 2 ]] || fail "expected 2 ids: $stdout"
expect_stderr_contains "dry run, nothing written: stdin: 2 product(s) read as list; 2 job(s) created"
[[ $(all_ids) == "$before" ]] || fail "--dry-run wrote jobs: $(all_ids)"
for id in $stdout; do
  grep -qx "$id" <<<"$(all_ids)" && fail "job $id of the dry run exists"
done
RUN_STDIN=$'dry-run-1\n' run hrsi-create-jobs --type test_job -n --json
expect_stdout_contains '"name":"dry-run-1"'
[[ $(all_ids) == "$before" ]] || fail "-n wrote jobs"

TEST "empty input: nothing to do, exit 0"
run hrsi-create-jobs --type test_job -
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "stdin: no products"

# --- fsc_rlie_job: the next window before any job -------------------------------------------

TEST "--next-window with no fsc_rlie_job: now minus 7 days"
week_ago=$(date -u -d '7 days ago' +%F)
today=$(date -u +%F)
run hrsi-create-jobs --type fsc_rlie_job --next-window
expect_status 0
week_ago_after=$(date -u -d '7 days ago' +%F)
today_after=$(date -u +%F)
time_re='^([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$'
if [[ $stdout =~ $time_re ]]; then
  [[ ${BASH_REMATCH[1]} == "$week_ago" || ${BASH_REMATCH[1]} == "$week_ago_after" ]] ||
    fail "window starts on ${BASH_REMATCH[1]}, expected $week_ago"
else
  fail "not an RFC 3339 UTC time: $stdout"
fi
run hrsi-create-jobs --type fsc_rlie_job --next-window --json
expect_status 0
json_re='^\{"start":"([0-9-]{10})T[^"]*Z","end":"([0-9-]{10})T[^"]*Z"\}$'
if [[ $stdout =~ $json_re ]]; then
  [[ ${BASH_REMATCH[1]} == "$week_ago" || ${BASH_REMATCH[1]} == "$week_ago_after" ]] ||
    fail "start ${BASH_REMATCH[1]}, expected $week_ago"
  [[ ${BASH_REMATCH[2]} == "$today" || ${BASH_REMATCH[2]} == "$today_after" ]] ||
    fail "end ${BASH_REMATCH[2]}, expected $today"
else
  fail "not {\"start\":...,\"end\":...}: $stdout"
fi

# --- fsc_rlie_job: refused inputs write nothing ---------------------------------------------

TEST "--strict: a refused product fails its input (65), nothing written"
run hrsi-create-jobs --type fsc_rlie_job --strict "$data/odata.json"
expect_status 65
expect_stderr_contains "odata.json"
expect_stderr_contains "a Sentinel-2 L2A product, fsc_rlie_job takes Sentinel-2 L1C"
expect_stderr_contains "nothing was written from this input"
expect_stdout_equals ""
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "--strict left jobs behind"

TEST "truncated JSON: exit 65 naming the position, nothing written"
head -c 5000 "$data/odata.json" >"$_tmp/truncated.json"
run hrsi-create-jobs --type fsc_rlie_job "$_tmp/truncated.json"
expect_status 65
expect_stderr_contains "truncated.json: broken JSON at byte 5000"
expect_stderr_contains "nothing was written from this input"
expect_stdout_equals ""
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "a truncated answer left jobs behind"

TEST "a JSON document that is not a catalogue answer: exit 65"
RUN_STDIN='{"type": "Feature", "properties": {"title": "S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842"}}' \
  run hrsi-create-jobs --type fsc_rlie_job
expect_status 65
expect_stderr_contains "stdin: not a catalogue answer"
RUN_STDIN='[{"Name": "S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842"}]' \
  run hrsi-create-jobs --type fsc_rlie_job -
expect_status 65
expect_stderr_contains "not a catalogue answer"
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "jobs were created"

TEST "a forced --format refuses another format: exit 65, nothing written"
run hrsi-create-jobs --type fsc_rlie_job --format stac "$data/resto.json"
expect_status 65
expect_stderr_contains "--format stac: features[0] is a resto/Finder feature"
run hrsi-create-jobs --type fsc_rlie_job --format list "$data/odata.json"
expect_status 65
expect_stderr_contains "not a list of products"
run hrsi-create-jobs --type fsc_rlie_job --format odata "$data/l1c.txt"
expect_status 65
expect_stderr_contains "--format odata reads JSON"
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "jobs were created"

TEST "an input refused after earlier batches were handled: nothing written, nothing printed"
# With one product per batch, jobs are inserted and configured before the refusal; the
# transaction rolls them back, and their ids must not reach stdout either.
# KNOWN BUG (hrsi-create-jobs prints the ids of the batches handled before the refusal).
run hrsi-create-jobs --type fsc_rlie_job --strict --chunk-size 1 "$data/odata.json"
expect_status 65
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "--strict --chunk-size 1 left jobs behind"
expect_stdout_equals ""
run hrsi-create-jobs --type fsc_rlie_job --chunk-size 1 "$_tmp/truncated.json"
expect_status 65
[[ -z $(hrsi-status list --type fsc_rlie_job --ids) ]] || fail "a truncated answer left jobs behind"
expect_stdout_equals ""

# --- fsc_rlie_job from each catalogue format ------------------------------------------------

TEST "fsc_rlie_job from an OData answer: L1C jobs, L2A and Sentinel-1 refused, old one cancelled"
run hrsi-create-jobs --type fsc_rlie_job --json "$data/odata.json"
expect_status 0
expect_stderr_contains "odata.json: 7 product(s) read as odata; 5 job(s) created (ready 2, waiting in configured 2, cancelled 1, internal error 0), 0 duplicate(s) skipped, 2 refused"
expect_stderr_contains "refused S2A_MSIL2A_20250107T104411_N0511_R008_T32TLR_20250107T141530.SAFE: a Sentinel-2 L2A product, fsc_rlie_job takes Sentinel-2 L1C"
expect_stderr_contains "refused S1A_IW_GRDH_1SDV_20250110T173217_20250110T173242_057356_070F0D_4C1B.SAFE: a Sentinel-1 product, fsc_rlie_job takes Sentinel-2 L1C"
[[ $(count_lines "$stdout") -eq 5 ]] || fail "expected 5 JSON lines: $stdout"
expect_stdout_contains '"name":"31TCH-2025-01-05","product":"S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842","status":"ready"'
expect_stdout_contains '"name":"32TLR-2025-01-07","product":"S2A_MSIL1C_20250107T104411_N0511_R008_T32TLR_20250107T123021","status":"ready"'
expect_stdout_contains '"name":"31TCH-2025-01-10","product":"S2A_MSIL1C_20250110T105421_N0511_R051_T31TCH_20250110T124155","status":"configured"'
expect_stdout_contains '"name":"32TLR-2025-01-12","product":"S2B_MSIL1C_20250112T104339_N0511_R008_T32TLR_20250112T113358","status":"configured"'
expect_stdout_contains '"name":"31TCH-2020-04-18","product":"S2B_MSIL1C_20200418T104619_N0500_R051_T31TCH_20230518T051233","status":"cancelled"'
expect_stdout_lacks_refused() { [[ $stdout != *MSIL2A* && $stdout != *S1A_* ]] || fail "a refused product has a job: $stdout"; }
expect_stdout_lacks_refused
# The same, as hrsi-status sees it: the first job of each tile ready, the next configured.
expect_equal "$(fsc_names ready)" "31TCH-2025-01-05 32TLR-2025-01-07" "ready jobs"
expect_equal "$(fsc_names configured)" "31TCH-2025-01-10 32TLR-2025-01-12" "configured jobs"
expect_equal "$(fsc_names cancelled)" "31TCH-2020-04-18" "cancelled jobs"
expect_equal "$(hrsi-status list --type fsc_rlie_job --status configured --ids | wc -l)" 2 "configured ids"
for name in $(fsc_names ready) $(fsc_names configured) $(fsc_names cancelled); do
  [[ $name =~ ^[0-9]{2}[A-Z]{3}-[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || fail "job name '$name' is not <tile>-<YYYY-MM-DD>"
done

TEST "OData jobs: history, priorities, MAJA mode"
old=$(job_id fsc_rlie_job 31TCH-2020-04-18)
run hrsi-status history "$old" --json
expect_status 0
[[ $(count_lines "$stdout") -eq 1 ]] || fail "the cancelled job has one status change: $stdout"
expect_stdout_contains '"status":"cancelled"'
expect_stdout_contains "\"error_message\":\"$refusal_message\""
first=$(job_id fsc_rlie_job 31TCH-2025-01-05)
run hrsi-status history "$first" --json
[[ $(grep -o '"status":"[a-z_]*"' <<<"$stdout" | cut -d'"' -f4 | paste -sd' ' -) == "initialized configured ready" ]] ||
  fail "history of the first job: $stdout"
run hrsi-status list --type fsc_rlie_job --json
grep -F '"name":"31TCH-2020-04-18"' <<<"$stdout" | grep -qF '"priority":"reprocessing"' ||
  fail "the cancelled job is not of priority reprocessing: $stdout"
[[ $(grep -cF '"priority":"nrt"' <<<"$stdout") -eq 4 ]] || fail "expected 4 nrt jobs (published within 24 h): $stdout"
run hrsi-status show "$first" --json
expect_stdout_contains '"maja_mode":"init"'
expect_stdout_contains '"l1c_cloud_cover":18.42'
expect_stdout_contains '"input_path":"/eodata/Sentinel-2/MSI/L1C/2025/01/05/S2B_MSIL1C_20250105T105329_N0511_R051_T31TCH_20250105T114842.SAFE"'
run hrsi-status show "$(job_id fsc_rlie_job 31TCH-2025-01-10)" --json
expect_stdout_contains '"maja_mode":null'

TEST "--next-window after creation: the newest input publication minus one second"
run hrsi-create-jobs --type fsc_rlie_job --next-window
expect_status 0
# The newest PublicationDate of a job in odata.json is 2025-01-12T12:29:03.115Z.
[[ $stdout =~ ^2025-01-12T12:29:02\.115(0*)Z$ ]] || fail "window starts at '$stdout', expected 2025-01-12T12:29:02.115Z"
start=$stdout
run hrsi-create-jobs --type fsc_rlie_job --next-window --json
expect_status 0
window_re="^\\{\"start\":\"${start//./\\.}\",\"end\":\"([0-9-]{10})T[^\"]*Z\"\\}$"
[[ $stdout =~ $window_re ]] || fail "--json window: $stdout"
[[ ${BASH_REMATCH[1]:-} == "$(date -u +%F)" || ${BASH_REMATCH[1]:-} == "$today" ]] || fail "the window does not end now: $stdout"

TEST "OData rerun: nothing created, exit 0"
before=$(all_ids)
run hrsi-create-jobs --type fsc_rlie_job "$data/odata.json"
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "7 product(s) read as odata; 0 job(s) created (ready 0, waiting in configured 0, cancelled 0, internal error 0), 5 duplicate(s) skipped, 2 refused"
[[ $(all_ids) == "$before" ]] || fail "the rerun created jobs"

TEST "a missing file: exit 65, and the good file of the same command is still processed"
run hrsi-create-jobs --type fsc_rlie_job "$_tmp/no-such-answer.json" "$data/resto.json"
expect_status 65
expect_stderr_contains "no-such-answer.json: cannot open: No such file or directory"
expect_stderr_contains "resto.json: 6 product(s) read as resto; 5 job(s) created (ready 2, waiting in configured 2, cancelled 1, internal error 0), 0 duplicate(s) skipped, 1 refused"
expect_stderr_contains "refused S2B_MSIL2A_20250119T102259_N0511_R065_T32TNS_20250119T134512.SAFE: a Sentinel-2 L2A product"
[[ $(count_lines "$stdout") -eq 5 ]] || fail "expected the 5 ids of resto.json: $stdout"

TEST "fsc_rlie_job from a resto/Finder answer: first job of each tile ready, later ones configured"
expect_equal "$(fsc_names ready 32TNS)" "32TNS-2025-01-14" "ready on 32TNS"
expect_equal "$(fsc_names configured 32TNS)" "32TNS-2025-01-19" "configured on 32TNS"
expect_equal "$(fsc_names ready 32TMS)" "32TMS-2025-01-14" "ready on 32TMS"
expect_equal "$(fsc_names configured 32TMS)" "32TMS-2025-01-24" "configured on 32TMS"
expect_equal "$(fsc_names cancelled 32TMS)" "32TMS-2019-03-02" "cancelled on 32TMS"
run hrsi-status history "$(job_id fsc_rlie_job 32TMS-2019-03-02)" --json
expect_stdout_contains "\"error_message\":\"$refusal_message\""

TEST "fsc_rlie_job from a STAC ItemCollection: the Sentinel-1 item refused"
run hrsi-create-jobs --type fsc_rlie_job "$data/stac.json"
expect_status 0
expect_stderr_contains "stac.json: 5 product(s) read as stac; 4 job(s) created (ready 2, waiting in configured 2, cancelled 0, internal error 0), 0 duplicate(s) skipped, 1 refused"
expect_stderr_contains "refused S1A_IW_GRDH_1SDV_20250205T055823_20250205T055848_057717_071D3F_8E6A: a Sentinel-1 product"
[[ $(count_lines "$stdout") -eq 4 ]] || fail "expected 4 ids: $stdout"
expect_equal "$(fsc_names ready 31TGM) / $(fsc_names configured 31TGM)" "31TGM-2025-02-03 / 31TGM-2025-02-08" "31TGM"
expect_equal "$(fsc_names ready 31TGL) / $(fsc_names configured 31TGL)" "31TGL-2025-02-03 / 31TGL-2025-02-08" "31TGL"
run hrsi-status show "$(job_id fsc_rlie_job 31TGM-2025-02-03)" --json
# s3://eodata/... becomes /eodata/...
expect_stdout_contains '"input_path":"/eodata/Sentinel-2/MSI/L1C/2025/02/03/S2B_MSIL1C_20250203T103139_N0511_R108_T31TGM_20250203T111512.SAFE"'

TEST "fsc_rlie_job from a list on stdin: duplicate of the OData answer skipped, L2A refused"
RUN_STDIN=$(cat "$data/l1c.txt") run hrsi-create-jobs --type fsc_rlie_job -
expect_status 0
expect_stderr_contains "stdin: 7 product(s) read as list; 5 job(s) created (ready 2, waiting in configured 2, cancelled 1, internal error 0), 1 duplicate(s) skipped, 1 refused"
expect_stderr_contains "refused S2A_MSIL2A_20250215T105051_N0511_R051_T30TYN_20250215T140311.SAFE"
expect_equal "$(fsc_names ready 30TYN) / $(fsc_names configured 30TYN) / $(fsc_names cancelled 30TYN)" \
  "30TYN-2025-02-15 / 30TYN-2025-02-20 / 30TYN-2020-04-02" "30TYN"
expect_equal "$(fsc_names ready 31TCJ) / $(fsc_names configured 31TCJ)" "31TCJ-2025-02-17 / 31TCJ-2025-02-22" "31TCJ"
# A list has no publication date: published now, long after sensing, so delayed.
run hrsi-status list --type fsc_rlie_job --tile 31TCJ --json
[[ $(grep -cF '"priority":"delayed"' <<<"$stdout") -eq 2 ]] || fail "list jobs are not delayed: $stdout"

TEST "rerun of every answer in one command: nothing created, exit 0"
before=$(all_ids)
run hrsi-create-jobs --type fsc_rlie_job "$data/odata.json" "$data/resto.json" "$data/stac.json" "$data/l1c.txt"
expect_status 0
expect_stdout_equals ""
[[ $(grep -c '; 0 job(s) created' <<<"$stderr") -eq 4 ]] || fail "expected 4 summaries with 0 jobs: $stderr"
[[ $(all_ids) == "$before" ]] || fail "the rerun created jobs"

TEST "a re-publication within 24 h of sensing gets its own job; a later one is a duplicate"
old_version=$(job_id fsc_rlie_job 32TLR-2025-01-12)
run hrsi-create-jobs --type fsc_rlie_job --json "$data/republished.json"
expect_status 0
expect_stderr_contains "2 product(s) read as odata; 1 job(s) created"
expect_stderr_contains "1 duplicate(s) skipped"
[[ $(count_lines "$stdout") -eq 1 ]] || fail "expected one new job: $stdout"
expect_stdout_contains '"name":"32TLR-2025-01-12","product":"S2B_MSIL1C_20250112T104339_N0511_R008_T32TLR_20250112T131502"'
run hrsi-status show "$old_version" --json
expect_stdout_contains '"l1c_reference_job":false'

TEST "--dry-run on fsc_rlie_job: prints the job, writes nothing"
before=$(all_ids)
RUN_STDIN='S2A_MSIL1C_20250301T105041_N0511_R051_T31TCH_20250301T124433.SAFE' \
  run hrsi-create-jobs --type fsc_rlie_job --dry-run --json -
expect_status 0
expect_stdout_contains '"name":"31TCH-2025-03-01"'
expect_stderr_contains "dry run, nothing written"
[[ $(all_ids) == "$before" ]] || fail "--dry-run wrote jobs"

# --- --scheduled: creation without products ------------------------------------------------

TEST "--scheduled --now: the test job's job for that time, once; a replay creates nothing"
run hrsi-create-jobs --type test_job --scheduled --now 2025-03-01T06:00:00Z --json
expect_status 0
[[ $(count_lines "$stdout") -eq 1 ]] || fail "expected one job: $stdout"
expect_stdout_contains '"name":"test_job-2025-03-01T06:00:00Z","product":"","status":"ready"'
expect_stderr_contains "scheduled for 2025-03-01T06:00:00Z: no products; 1 job(s) created (ready 1"
scheduled_id=$(job_id test_job test_job-2025-03-01T06:00:00Z)
run hrsi-status show "$scheduled_id" --json
expect_stdout_contains '"tile_id":"dummy_value"'
expect_stdout_contains '"measurement_date":"2025-03-01T06:00:00'
before=$(all_ids)
run hrsi-create-jobs --type test_job --scheduled --now 2025-03-01T06:00:00Z
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "0 job(s) created"
expect_stderr_contains "1 duplicate(s) skipped"
[[ $(all_ids) == "$before" ]] || fail "the replay created a job"
run hrsi-create-jobs --type test_job --scheduled
expect_status 0
[[ $(count_lines "$stdout") -eq 1 ]] || fail "expected one job for the clock's time: $stdout"

TEST "gfsc_job --scheduled --other-input: jobs from an HR-S&I answer; a rerun creates nothing"
run hrsi-create-jobs --type gfsc_job --scheduled --now 2025-01-05T20:00:00Z --other-input "$data/gfsc_resto.json" --json
expect_status 0
[[ $(count_lines "$stdout") -eq 1 ]] || fail "expected one job: $stdout"
expect_stdout_contains '"name":"T32TLR-2025-01-05-20250105T200000-WDS_20250105T171530_S1A_T32TLR_V101_1","product":"WDS_20250105T171530_S1A_T32TLR_V101_1","status":"ready"'
expect_stderr_contains "3 product(s) of the catalogue answer given, 1 left out"
run hrsi-create-jobs --type gfsc_job --scheduled --now 2025-01-05T20:10:00Z --other-input "$data/gfsc_resto.json"
expect_status 0
expect_stderr_contains "0 job(s) created"
run hrsi-create-jobs --type gfsc_job --next-window --other-input "$data/gfsc_resto.json"
expect_status 64
expect_stderr_contains "not --next-window"

TEST "--scheduled for a type that needs products, or with inputs; --now without --scheduled: exit 64"
before=$(all_ids)
run hrsi-create-jobs --type fsc_rlie_job --scheduled
expect_status 64
expect_stderr_contains "fsc_rlie_job creates its jobs from input products only"
run hrsi-create-jobs --type test_job --scheduled "$data/test_jobs.txt"
expect_status 64
expect_stderr_contains "--scheduled takes no input files"
run hrsi-create-jobs --type test_job --now 2025-03-01T06:00:00Z "$data/test_jobs.txt"
expect_status 64
expect_stderr_contains "--now goes with --scheduled"
run hrsi-create-jobs --type test_job --scheduled --now yesterday
expect_status 64
expect_stderr_contains "--now"
[[ $(all_ids) == "$before" ]] || fail "a refused command created jobs"


TEST "a type left out of job_types_list creates nothing and says so; --next-window still answers"
before=$(all_ids)
saved=$(hrsi-db params get job_types_list)
hrsi-db -q params set job_types_list '["fsc_rlie_job"]' || fail "cannot set job_types_list"
run hrsi-create-jobs --type test_job "$data/test_jobs.txt"
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "test_job is not in system parameter job_types_list"
expect_stderr_contains "no job created"
run hrsi-create-jobs --type test_job --scheduled --now 2025-03-02T06:00:00Z
expect_status 0
expect_stderr_contains "test_job is not in system parameter job_types_list"
[[ $(all_ids) == "$before" ]] || fail "a switched-off type created jobs"
run hrsi-create-jobs --type fsc_rlie_job --next-window
expect_status 0
hrsi-db -q params set job_types_list "$saved" || fail "cannot restore job_types_list"
run hrsi-create-jobs --type test_job --scheduled --now 2025-03-02T06:00:00Z
expect_status 0
[[ $(count_lines "$stdout") -eq 1 ]] || fail "enabled again: expected one job: $stdout"

finish
