#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-search end to end, against a stand-in catalogue (tests/support/catalogue-server: OData,
# resto and STAC over generated products made from the recorded pages of tests/data/catalogue/):
# usage errors, paging (each product once, in publication order) for each kind, the split of a
# window deeper than the skip limit, retries on 429 with Retry-After, 503, a reset connection
# and a slow server, a truncated page (exit 65, nothing written, nothing created), an empty
# answer, --dry-run, and the pipeline into hrsi-create-jobs over two consecutive windows.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
server_program=$source_dir/tests/support/catalogue-server
nowhere='host=/nonexistent/hrsi-e2e-search dbname=none connect_timeout=1'
# Fast retries for the tests: waits of 0.05 s doubling, Retry-After up to 5 s honoured.
fast=(--retry-delay 0.05 --max-wait 5)
window=(--since 2024-01-01T00:00:00Z --until 2024-02-01T00:00:00Z)

# start_server NAME ARGS...: starts a catalogue server, sets $url_base (http://127.0.0.1:PORT).
start_server() {
  local name=$1; shift
  rm -f "$_tmp/$name.port"
  python3 "$server_program" --port-file "$_tmp/$name.port" --log "$_tmp/$name.log" "$@" 2>"$_tmp/$name.err" &
  local pid=$!
  at_exit "kill $pid"
  for _ in $(seq 100); do [[ -s $_tmp/$name.port ]] && break; sleep 0.05; done
  url_base="http://127.0.0.1:$(cat "$_tmp/$name.port")"
}
# The product names of an answer on stdin, one per line, in order.
names_of() { grep -oE '"(Name|id|title)":"S2A_MSIL1C_[^"]*"' | cut -d'"' -f4 | sed 's/\.SAFE$//'; }
# The names the server makes for products FIRST..LAST, one per line.
expected_names() {
  python3 - "$1" "$2" <<'PY'
import datetime as dt, sys
start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
for i in range(int(sys.argv[1]), int(sys.argv[2]) + 1):
    day = (start + dt.timedelta(seconds=60 * i)).strftime("%Y%m%dT%H%M%S")
    print(f"S2A_MSIL1C_{day}_N0510_R108_T31TGL_{day[:8]}T{i:06d}")
PY
}
# The number of requests a server was asked.
requests() { if [[ -f $_tmp/$1.log ]]; then grep -c . "$_tmp/$1.log"; else echo 0; fi; }

TEST "--help prints usage, the options and the manual page"
run hrsi-search --help
expect_status 0
expect_stdout_contains "Usage: hrsi-search"
for option in --type --catalogue --url --since --until --area --page-size --max-skip --timeout \
              --total-timeout --retries --retry-delay --max-wait --cacert --dry-run --db; do
  expect_stdout_contains "$option"
done
expect_stdout_contains "Manual: man hrsi-search"

TEST "bad input: usage errors exit 64 before asking anything"
HRSI_DB=$nowhere run hrsi-search
expect_status 64
expect_stderr_contains "--type is required"
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue ftp
expect_status 64
HRSI_DB=$nowhere run hrsi-search --type no_such_job --catalogue odata --url http://127.0.0.1:9 --since 1d
expect_status 64
expect_stderr_contains "no_such_job"
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url http://127.0.0.1:9 --since 2024-02-01 --until 2024-01-01
expect_status 64
expect_stderr_contains "empty search window"
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url http://127.0.0.1:9 --since yesterday
expect_status 65
HRSI_DB=$nowhere run hrsi-search --type test_job --page-size 0 --since 1d
expect_status 64
HRSI_DB=$nowhere run hrsi-search --type test_job --timeout -1 --since 1d
expect_status 64
expect_stdout_equals ""

TEST "no database and nothing to replace it: exit 69"
HRSI_DB=$nowhere run hrsi-search --type test_job --since 1d
expect_status 69
expect_stdout_equals ""

TEST "catalogue unreachable: exit 69 after the retries, nothing on stdout"
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url http://127.0.0.1:9/odata/v1 \
  "${window[@]}" "${fast[@]}" --retries 2
expect_status 69
expect_stderr_contains "unreachable"
expect_stdout_equals ""

TEST "--dry-run prints the first request and asks nothing"
start_server dry --count 3
HRSI_DB=$nowhere run hrsi-search --type fsc_rlie_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  --area 'POLYGON((5 43,8 43,8 46,5 46,5 43))' --dry-run
expect_status 0
expect_stdout_equals ""
expect_stderr_contains "GET $url_base/odata/v1/Products?%24filter="
expect_stderr_contains "SENTINEL-2"
expect_stderr_contains "OData.CSC.Intersects"
expect_equal "$(requests dry)" "0" "requests made"

for kind in odata resto stac-post stac-get; do
  TEST "$kind: 5 pages give every product once, in publication order"
  start_server "$kind" --count 20
  case $kind in
    odata) args=(--catalogue odata --url "$url_base/odata/v1") ;;
    resto) args=(--catalogue resto --url "$url_base/resto/api") ;;
    stac-post) args=(--catalogue stac --url "$url_base/stac/v1") ;;
    stac-get) args=(--catalogue stac --url "$url_base/stac/v1" --stac-method GET) ;;
  esac
  HRSI_DB=$nowhere run hrsi-search --type test_job "${args[@]}" "${window[@]}" --page-size 4 -v
  expect_status 0
  expect_equal "$(names_of <<<"$stdout")" "$(expected_names 0 19)" "products"
  expect_equal "$(requests "$kind")" "5" "requests"
  expect_stderr_contains "page 5: 4 product(s)"
  expect_stderr_contains "20 product(s) published"
done

TEST "--stream writes the same answer, page by page"
start_server stream --count 10
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue resto --url "$url_base/resto/api" "${window[@]}" --page-size 4
spooled=$stdout
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue resto --url "$url_base/resto/api" "${window[@]}" --page-size 4 --stream
expect_status 0
expect_equal "$stdout" "$spooled" "streamed answer"

TEST "a window deeper than the skip limit is split by publication time and complete"
start_server deep --count 25 --max-skip 8
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  --page-size 4 --max-skip 8 -v
expect_status 0
expect_equal "$(names_of <<<"$stdout")" "$(expected_names 0 24)" "products"
expect_stderr_contains "window split"
expect_stderr_lacks "HTTP 400"
start_server deep-resto --count 25 --max-skip 8
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue resto --url "$url_base/resto/api" "${window[@]}" \
  --page-size 4 --max-skip 8
expect_status 0
expect_equal "$(names_of <<<"$stdout")" "$(expected_names 0 24)" "resto products"

TEST "without splitting, the catalogue's skip limit fails the run (69) and writes nothing"
start_server limit --count 25 --max-skip 8
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  --page-size 4 --max-skip 0
expect_status 69
expect_stderr_contains "HTTP 400"
expect_stdout_equals ""

TEST "429 with Retry-After, 503, a reset and a slow answer are retried within bounds"
start_server faults --count 12 --faults ok,429:1,503,reset,slow:3,ok
started=$(date +%s%N)
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  --page-size 4 "${fast[@]}" --timeout 1
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_status 0
expect_equal "$(names_of <<<"$stdout")" "$(expected_names 0 11)" "products"
expect_equal "$(requests faults)" "7" "requests (3 pages, 4 retried)"
expect_stderr_contains "HTTP 429"
expect_stderr_contains "HTTP 503"
expect_stderr_contains "connection reset"
expect_stderr_contains "timed out"
expect_stderr_contains "4 retried request(s)"
# Retry-After: 1 was honoured, and no wait grew beyond its bound.
(( elapsed_ms >= 1000 )) || fail "finished in $elapsed_ms ms: Retry-After 1 s not honoured"
(( elapsed_ms < 8000 )) || fail "took $elapsed_ms ms"

TEST "the retries run out on 429: exit 75, nothing written"
start_server busy --count 4 --faults 429:0,429:0,429:0
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  "${fast[@]}" --retries 2
expect_status 75
expect_stderr_contains "try again later"
expect_stdout_equals ""
expect_equal "$(requests busy)" "3" "requests"

TEST "a Retry-After longer than --max-wait: exit 75 at once"
start_server later --count 4 --faults 429:3600
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" "${fast[@]}"
expect_status 75
expect_stderr_contains "3600"
expect_stdout_equals ""

TEST "the overall time limit: exit 75"
start_server slow --count 4 --faults slow:2,slow:2,slow:2
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" \
  "${fast[@]}" --timeout 1 --total-timeout 1.5
expect_status 75
expect_stderr_contains "overall time limit"
expect_stdout_equals ""

TEST "a page that is not JSON: exit 65, nothing written"
start_server garbage --count 8 --faults ok,garbage
HRSI_DB=$nowhere run hrsi-search --type test_job --catalogue stac --url "$url_base/stac/v1" "${window[@]}" --page-size 4
expect_status 65
expect_stderr_contains "page 2"
expect_stdout_equals ""

use_temp_database

TEST "a truncated page fails the run with 65 and the pipeline creates nothing"
start_server truncated --count 12 --faults ok,truncate
set -o pipefail
hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" --page-size 4 \
  2>"$_tmp/search.err" | hrsi-create-jobs --type test_job - >"$_tmp/created" 2>"$_tmp/create.err"
status=$?
set +o pipefail
expect_equal "$status" "65" "pipeline exit status"
grep -q "truncated or malformed" "$_tmp/search.err" || fail "no truncation message: $(cat "$_tmp/search.err")"
expect_equal "$(grep -c . "$_tmp/created" || true)" "0" "jobs created"
expect_equal "$(hrsi-status list --type test_job --ids | grep -c . || true)" "0" "jobs in the database"

TEST "--stream: a truncated page leaves the answer unfinished, and hrsi-create-jobs refuses it whole"
start_server truncated-stream --count 12 --faults ok,truncate
hrsi-search --type test_job --catalogue odata --url "$url_base/odata/v1" "${window[@]}" --page-size 4 --stream \
  2>"$_tmp/search.err" >"$_tmp/answer"
expect_equal "$?" "65" "search exit status"
grep -q '"Name":"S2A_MSIL1C_' "$_tmp/answer" || fail "the first page was not streamed"
expect_equal "$(tail -n 1 "$_tmp/answer")" "!! hrsi-search failed: this answer is incomplete" "last line"
hrsi-create-jobs --type test_job "$_tmp/answer" >"$_tmp/created" 2>"$_tmp/create.err"
expect_equal "$?" "65" "hrsi-create-jobs exit status"
expect_equal "$(grep -c . "$_tmp/created" || true)" "0" "jobs created"
expect_equal "$(hrsi-status list --type test_job --ids | grep -c . || true)" "0" "jobs in the database"

TEST "an empty answer creates nothing and exits 0"
start_server empty --count 0
set -o pipefail
hrsi-search --type test_job --catalogue resto --url "$url_base/resto/api" "${window[@]}" 2>"$_tmp/search.err" |
  hrsi-create-jobs --type test_job - >"$_tmp/created" 2>"$_tmp/create.err"
status=$?
set +o pipefail
expect_equal "$status" "0" "pipeline exit status"
expect_equal "$(grep -c . "$_tmp/created" || true)" "0" "jobs created"
grep -q "0 product(s)" "$_tmp/search.err" || fail "search summary: $(cat "$_tmp/search.err")"

TEST "the pipeline over two consecutive windows creates each job once (no gap, no duplicate)"
# 30 products a minute apart from 2024-01-01T00:00; the first run ends at 00:10 (products 0-9),
# the second starts from the type's next window (product 9's publication minus 1 s): product 9
# comes again and is not created twice, product 10 (published at 00:10 exactly) is not missed.
start_server pipeline --count 30
hrsi-db -q params set catalogue_kind stac
hrsi-db -q params set catalogue_url "$url_base/stac/v1"
set -o pipefail
hrsi-search --type test_job --since 2024-01-01T00:00:00Z --until 2024-01-01T00:10:00Z --page-size 4 2>/dev/null |
  hrsi-create-jobs --type test_job - >"$_tmp/first" 2>/dev/null
expect_equal "$?" "0" "first run"
run hrsi-search --type test_job --until 2024-01-01T00:20:00Z --page-size 4 -v
expect_stderr_contains "2024-01-01T00:08:59"
printf '%s' "$stdout" | hrsi-create-jobs --type test_job - >"$_tmp/second" 2>"$_tmp/create.err"
expect_equal "$?" "0" "second run"
set +o pipefail
expect_equal "$(grep -c . "$_tmp/first")" "10" "jobs of the first window"
expect_equal "$(grep -c . "$_tmp/second")" "10" "jobs of the second window"
grep -q "1 duplicate(s) skipped" "$_tmp/create.err" || fail "edge product not skipped: $(cat "$_tmp/create.err")"
expect_equal "$(hrsi-status list --type test_job --json | grep -o '"name":"[^"]*"' | sort -u | grep -c .)" "20" "distinct jobs"
expect_equal "$(hrsi-status list --type test_job --ids | grep -c .)" "20" "jobs"

TEST "a Sentinel-2 type is searched over its area of interest; --area takes a name, WKT or none"
hrsi-db -q params set catalogue_kind odata
run hrsi-search --type fsc_rlie_job --since 1d --dry-run
expect_status 0
expect_stderr_contains "OData.CSC.Intersects"
expect_stderr_contains "MULTIPOLYGON"
eea39=$stderr
hrsi-db -q params set area_of_interest '{"default": "EEA39", "fsc_rlie_job": "world"}'
run hrsi-search --type fsc_rlie_job --since 1d --dry-run
expect_status 0
expect_stderr_lacks "Intersects"
run hrsi-search --type fsc_rlie_job --since 1d --dry-run --area EEA39_RLIE --simplify 100000
expect_status 0
expect_stderr_contains "OData.CSC.Intersects"
[[ ${#stderr} -lt ${#eea39} ]] || fail "a coarser outline is not shorter (${#stderr} >= ${#eea39} characters)"
run hrsi-search --type fsc_rlie_job --since 1d --dry-run --area 'POLYGON((5 43,8 43,8 46,5 46,5 43))'
expect_stderr_contains "POLYGON%28%285%2043"
run hrsi-search --type test_job --since 1d --dry-run
expect_stderr_lacks "Intersects"
run hrsi-search --type fsc_rlie_job --since 1d --dry-run --area none
expect_stderr_lacks "Intersects"
run hrsi-search --type fsc_rlie_job --since 1d --dry-run --area EEA39 --tile-data /nonexistent
expect_status 64
expect_stderr_contains "/nonexistent"
hrsi-db -q params reset area_of_interest

finish
