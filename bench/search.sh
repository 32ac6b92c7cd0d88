# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark search (sourced by bench/run): 50 pages of 1,000 products (--quick: 5) from the
# stand-in catalogue (tests/support/catalogue-server, CDSE OData pages made from the recorded
# one), test_job jobs created in a fresh database each run.
#   hrsi:     hrsi-search --type test_job … | hrsi-create-jobs --type test_job - (paging,
#             parsing, the answer spooled until complete, then created);
#   stream:   the same with hrsi-search --stream (pages created as they come);
#   baseline: create_jobs_file, hrsi-create-jobs --type test_job answer.json, the same
#             products from one file already on disk: what the search costs on top.

bench_search() {
  local pages=50 n_runs=3
  [[ $quick == 1 ]] && pages=5
  [[ $runs_set == 1 ]] && n_runs=$runs
  local n=$((pages * 1000)) data=$work/search
  mkdir -p "$data"
  python3 "$repo/tests/support/catalogue-server" --port-file "$data/port" --count "$n" --step 1 \
    2>"$data/server.log" &
  local server_pid=$!
  local i
  for i in $(seq 200); do [[ -s $data/port ]] && break; sleep 0.05; done
  [[ -s $data/port ]] || fail "search: the catalogue server did not start: $(cat "$data/server.log")"
  local url="http://127.0.0.1:$(cat "$data/port")/odata/v1"
  local search_cmd=("$hrsi_search" -q --type test_job --catalogue odata --url "$url"
    --since 2024-01-01T00:00:00Z --until 2025-01-01T00:00:00Z --page-size 1000)
  "${search_cmd[@]}" >"$data/answer.json" || fail "search: hrsi-search failed"
  echo "# search: $n products in $pages pages of 1000 from the stand-in OData catalogue;" \
       "answer $(( $(stat -c %s "$data/answer.json") / 1048576 )) MiB"

  local pipe_ms=() stream_ms=() file_ms=() search_ms=() ms count
  for ((i = 0; i <= n_runs; i++)); do
    ms=$(wall_ms "${search_cmd[@]}")
    [[ $i == 0 ]] || search_ms+=("$ms")
    fresh_database
    ms=$(wall_ms bash -c 'set -o pipefail; "$@" | "'"$hrsi_create_jobs"'" --db "'"$bench_uri"'" -q --type test_job -' _ "${search_cmd[@]}")
    count=$(psql -X -tA "$bench_uri" -c "select count(distinct product_id) from hrsi.jobs")
    [[ $count == "$n" ]] || fail "search: the pipeline created $count distinct jobs, expected $n"
    [[ $i == 0 ]] || pipe_ms+=("$ms")
    fresh_database
    ms=$(wall_ms bash -c 'set -o pipefail; "$@" --stream | "'"$hrsi_create_jobs"'" --db "'"$bench_uri"'" -q --type test_job -' _ "${search_cmd[@]}")
    count=$(psql -X -tA "$bench_uri" -c "select count(distinct product_id) from hrsi.jobs")
    [[ $count == "$n" ]] || fail "search: the streamed pipeline created $count distinct jobs, expected $n"
    [[ $i == 0 ]] || stream_ms+=("$ms")
    fresh_database
    ms=$(wall_ms "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job "$data/answer.json")
    count=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs")
    [[ $count == "$n" ]] || fail "search: hrsi-create-jobs created $count jobs from the file, expected $n"
    [[ $i == 0 ]] || file_ms+=("$ms")
  done
  kill "$server_pid" 2>/dev/null || true
  local rate=() stream_rate=() file_rate=()
  for ms in "${stream_ms[@]}"; do stream_rate+=("$(awk -v n="$n" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  for ms in "${pipe_ms[@]}"; do rate+=("$(awk -v n="$n" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  for ms in "${file_ms[@]}"; do file_rate+=("$(awk -v n="$n" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  echo "# search ms per run, hrsi-search | hrsi-create-jobs ($n jobs): ${pipe_ms[*]}"
  echo "# search ms per run, hrsi-search --stream | hrsi-create-jobs ($n jobs): ${stream_ms[*]}"
  echo "# search ms per run, hrsi-create-jobs answer.json ($n jobs): ${file_ms[*]}"
  echo "# search ms per run, hrsi-search alone to /dev/null ($pages pages, the stand-in server's" \
       "time included): ${search_ms[*]}"
  figure search_pipeline_rate "$(median "${rate[@]}")" jobs/s create_jobs_file "$(median "${file_rate[@]}")" jobs/s
  figure search_stream_pipeline_rate "$(median "${stream_rate[@]}")" jobs/s create_jobs_file "$(median "${file_rate[@]}")" jobs/s
}
