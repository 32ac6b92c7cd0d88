#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-create-jobs --type rlies1_job end to end: the repository's Sentinel-1 catalogue answers
# (OData with Attributes, resto, STAC) and the sample generator's, the refusals with their
# reason, a rerun, two creators racing on the same answer, --tile-data and its errors, and
# --next-window.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
data=$source_dir/tests/data/catalogue
alps=S1A_IW_GRDH_1SDV_20240105T054321_20240105T054346_051958_064712_8B2C
use_temp_database

rlies1_count() { psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.rlies1_jobs"; }

TEST "--tile-data is in --help"
run hrsi-create-jobs --help
expect_status 0
expect_stdout_contains "--tile-data"

TEST "a --tile-data folder without the tile data: exit 64 naming the folder, nothing written"
run hrsi-create-jobs --type rlies1_job --tile-data /nonexistent/eea39 "$data/odata_s1_grd.json"
expect_status 64
expect_stderr_contains "/nonexistent/eea39 holds no tiles_utm.yml"
expect_equal "$(rlies1_count)" "0" "jobs"

TEST "HRSI_TILE_DATA naming nothing: the same usage error"
HRSI_TILE_DATA=/nonexistent/eea39 run hrsi-create-jobs --type rlies1_job "$data/odata_s1_grd.json"
expect_status 64
expect_stderr_contains "HRSI_TILE_DATA"

TEST "another type never reads the tile data"
HRSI_TILE_DATA=/nonexistent/eea39 RUN_STDIN=$'product-a\n' run hrsi-create-jobs --type test_job -
expect_status 0

TEST "OData with Attributes: one job with its tiles, the EW product and the one without footprint refused"
run hrsi-create-jobs --type rlies1_job --json "$data/odata_s1_grd.json"
expect_status 0
expect_stdout_contains "\"name\":\"$alps\""
expect_stdout_contains '"status":"ready"'
expect_stderr_contains "3 product(s) read as odata; 1 job(s) created (ready 1"
expect_stderr_contains "2 refused"
expect_stderr_contains "an EW GRD, rlies1_job takes IW GRDH VV+VH"
expect_stderr_contains "the catalogue gives no footprint"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select s2tile_ids_json::text from hrsi.rlies1_jobs where s1grd_id = '$alps'")" \
  '["31TGL", "31TGM", "32TLQ", "32TLR", "32TLS", "32TMQ", "32TMR", "32TMS", "32TMT", "32TNR", "32TNS", "32TNT", "32TPR"]' \
  "tiles"

TEST "a rerun, in resto and in STAC: duplicates, nothing new; the SLC refused"
run hrsi-create-jobs --type rlies1_job "$data/odata_s1_grd.json" "$data/resto_s1_grd.json" "$data/stac_s1_grd.json"
expect_status 0
expect_stderr_contains "odata_s1_grd.json: 3 product(s) read as odata; 0 job(s) created"
expect_stderr_contains "resto_s1_grd.json: 2 product(s) read as resto; 0 job(s) created"
expect_stderr_contains "an SLC product, rlies1_job takes IW GRDH VV+VH"
expect_stderr_contains "stac_s1_grd.json: 1 product(s) read as stac; 0 job(s) created (ready 0, waiting in configured 0, cancelled 0, internal error 0), 1 duplicate(s) skipped"
expect_equal "$(rlies1_count)" "1" "jobs"

TEST "--next-window starts at the last job's publication itself"
run hrsi-create-jobs --type rlies1_job --next-window
expect_status 0
expect_stdout_equals "2024-01-05T07:12:45.511000Z"

TEST "the sample generator's answer: two jobs, the GRD outside EEA39 and the EW GRD refused"
products=$_tmp/s1
"$source_dir/tests/sample-products/make-sample-s1-products" --scenes alps,coast,atlantic,arctic "$products" \
  >"$_tmp/answer.json" 2>/dev/null || fail "make-sample-s1-products failed"
run hrsi-create-jobs --type rlies1_job "$_tmp/answer.json"
expect_status 0
expect_stderr_contains "4 product(s) read as odata; 2 job(s) created (ready 2"
expect_stderr_contains "its footprint meets no tile of the area of interest (EEA39)"
expect_stderr_contains "an EW GRD"

TEST "two creators racing on the same answer create each job once"
"$source_dir/tests/sample-products/make-sample-s1-products" --scenes alps,nordic,coast --dates \
  2025-02-01,2025-02-02,2025-02-03,2025-02-04,2025-02-05,2025-02-06,2025-02-07,2025-02-08 "$products" \
  >"$_tmp/race.json" 2>/dev/null || fail "make-sample-s1-products failed"
before=$(rlies1_count)
hrsi-create-jobs --type rlies1_job "$_tmp/race.json" >"$_tmp/first.ids" 2>"$_tmp/first.err" &
first=$!
hrsi-create-jobs --type rlies1_job "$_tmp/race.json" >"$_tmp/second.ids" 2>"$_tmp/second.err" &
second=$!
wait "$first" || fail "the first creator failed: $(cat "$_tmp/first.err")"
wait "$second" || fail "the second creator failed: $(cat "$_tmp/second.err")"
expect_equal "$(cat "$_tmp/first.ids" "$_tmp/second.ids" | grep -c .)" "24" "ids printed by both"
expect_equal "$(cat "$_tmp/first.ids" "$_tmp/second.ids" | sort -u | grep -c .)" "24" "distinct ids"
expect_equal "$(($(rlies1_count) - before))" "24" "new jobs"
grep -q "24 duplicate(s) skipped" "$_tmp/first.err" "$_tmp/second.err" ||
  fail "neither creator skipped the other's 24 jobs as duplicates"

finish
