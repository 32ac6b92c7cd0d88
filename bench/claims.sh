# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark claims (sourced by bench/run): how fast ready jobs are claimed (attempt + 1 and
# queued written, FOR UPDATE SKIP LOCKED) by `hrsi-dispatch --executor print`, ticks of 500
# jobs until none is left, over 20,000 ready test jobs (--quick: 5,000).
#   hrsi:     claims/s of 4 dispatchers started together (target: at least 5,000), checked for
#             double claims (none allowed: every job printed once, queued once, attempt 1).
#   baseline: one_dispatcher, claims/s of a single dispatcher on the same data.

claims_prepare() {  # COUNT: a fresh database with COUNT ready test jobs
  fresh_database
  seq -f 'claim-%g' 1 "$1" | "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job - >/dev/null ||
    fail "claims: job creation failed"
}

claims_run() {  # DISPATCHERS COUNT: prints the claims/s
  local n=$1 count=$2 i start end
  local pids=()
  start=$(now_ns)
  for ((i = 0; i < n; i++)); do
    "$hrsi_dispatch" --db "$bench_uri" -q --type test_job --executor print --max 500 --loop 0.001 --until-idle \
      >"$work/claims-$i.out" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || fail "claims: a dispatcher failed"; done
  end=$(now_ns)
  # No double claim: every job printed once, queued once, at attempt 1.
  local printed unique queued
  printed=$(cat "$work"/claims-*.out | wc -l)
  unique=$(cut -d' ' -f1 "$work"/claims-*.out | sort -u | wc -l)
  queued=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 4 and attempt = 1")
  [[ $printed == "$count" && $unique == "$count" && $queued == "$count" ]] ||
    fail "claims: $n dispatcher(s): $printed printed, $unique distinct, $queued queued at attempt 1; expected $count"
  rm -f "$work"/claims-*.out
  awk -v c="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", c / ((b - a) / 1e9) }'
}

bench_claims() {
  local count=20000 n_runs=3
  [[ $quick == 1 ]] && count=5000
  [[ $runs_set == 1 ]] && n_runs=$runs
  local four=() one=() i
  for ((i = 0; i < n_runs; i++)); do
    claims_prepare "$count"; one+=("$(claims_run 1 "$count")")
    claims_prepare "$count"; four+=("$(claims_run 4 "$count")")
  done
  echo "# claims: $count ready test jobs, ticks of 500, $n_runs runs each; 4 dispatchers: ${four[*]} jobs/s;" \
       "1 dispatcher: ${one[*]} jobs/s; no double claim in any run"
  figure claims_rate_4_dispatchers "$(median "${four[@]}")" jobs/s one_dispatcher "$(median "${one[@]}")" jobs/s
}
