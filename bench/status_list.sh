# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark status_list (sourced by bench/run): hrsi-status list of every job, among 1,000,000
# jobs (--quick: 100,000; the data of list_ready), stdout a pipe (not a terminal), as a table
# and as --json: peak RSS and the time to the first line (issue 16, defect 7).
#   hrsi:     hrsi-status list [--json] (cursor, batches of 10,000 rows).
#   baseline: psql_fetch_count, psql running the same statement with FETCH_COUNT=10000 (psql's
#             own streaming mode, aligned table), the memory and first line a streaming client
#             of libpq gets.
# HRSI_BENCH_STATUS_BEFORE=PATH: also measures another hrsi-status (e.g. one built from an
# older commit) and prints its figures as '#' lines.

status_list_sql='select j.id, j.job_type as type, j.name, j.tile_id as tile, s.name as status, j.last_status_at as status_at, j.priority, j.attempt, j.last_error_subtype as error_subtype from hrsi.jobs j left join hrsi.job_status s on s.id = j.last_status order by j.id'

# Median figures of `runs` runs of a command: sets first_ms, total_ms, kib; checks the lines.
status_list_measure() {
  local expected=$1; shift
  local firsts=() totals=() kibs=() i first total lines peak
  for ((i = 0; i <= status_list_runs; i++)); do
    read -r first total lines peak < <(python3 "$bench_dir/status_list_measure.py" "$@") ||
      fail "status_list: failed: $*"
    [[ $lines == "$expected" ]] || fail "status_list: $* printed $lines lines, expected $expected"
    ((i == 0)) && continue  # warm-up
    firsts+=("$first"); totals+=("$total"); kibs+=("$peak")
  done
  first_ms=$(median "${firsts[@]}"); total_ms=$(median "${totals[@]}"); kib=$(median "${kibs[@]}")
}

bench_status_list() {
  local jobs=1000000 n_runs=3
  [[ $quick == 1 ]] && jobs=100000
  status_list_runs=$n_runs
  [[ $runs_set == 1 ]] && status_list_runs=$runs
  local t0 first_ms total_ms kib
  fresh_database
  t0=$(now_ns)
  psql -X -q -v ON_ERROR_STOP=1 -v jobs="$jobs" -f "$bench_dir/list_ready_data.sql" "$bench_uri" \
    >"$work/data.log" 2>&1 || { tail -n 20 "$work/data.log" >&2; fail "status_list: data generation failed"; }
  echo "# status_list data: $jobs jobs (list_ready's generator) in $(seconds_since "$t0") s; medians of $status_list_runs runs after a warm-up"

  local -A figures=()
  local name cmd lines
  for name in table json; do
    cmd=("$hrsi_status" --db "$bench_uri" list)
    lines=$((jobs + 1))  # the table's header
    [[ $name == json ]] && { cmd+=(--json); lines=$jobs; }
    status_list_measure "$lines" "${cmd[@]}"
    figures[$name]="$first_ms $total_ms $kib"
    echo "# status_list $name: first line $(sig3 "$first_ms") ms, all $jobs in $(sig3 "$total_ms") ms, peak RSS $(sig3 "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')") MiB"
    if [[ -n ${HRSI_BENCH_STATUS_BEFORE:-} ]]; then
      cmd[0]=$HRSI_BENCH_STATUS_BEFORE
      status_list_measure "$lines" "${cmd[@]}"
      echo "# status_list $name, before ($HRSI_BENCH_STATUS_BEFORE): first line $(sig3 "$first_ms") ms, all in $(sig3 "$total_ms") ms, peak RSS $(sig3 "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')") MiB"
    fi
  done
  # psql prints a header line and a separator line before the rows, a row count and an empty
  # line after them.
  status_list_measure $((jobs + 4)) psql -X -q --set FETCH_COUNT=10000 -c "$status_list_sql" "$bench_uri"
  echo "# status_list psql_fetch_count: first line $(sig3 "$first_ms") ms, all in $(sig3 "$total_ms") ms, peak RSS $(sig3 "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')") MiB"
  local base_first=$first_ms base_mib
  base_mib=$(awk -v k="$kib" 'BEGIN { print k / 1024 }')
  for name in table json; do
    read -r first_ms total_ms kib <<<"${figures[$name]}"
    figure "status_list_${name}_rss" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" MiB psql_fetch_count_rss "$base_mib" MiB
    figure "status_list_${name}_first_line" "$first_ms" ms psql_fetch_count_first_line "$base_first" ms
  done
}
