# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark promote_backward (sourced by bench/run): one promotion round of hrsi-dispatch over
# the configured FSC/RLIE jobs of 1,000 tiles x 100 dates (--quick: 100 tiles), in which
# every tile spawns a backward reprocessing (promote_backward_data.sql).
#   hrsi:     wall time of `hrsi-dispatch --type fsc_rlie_job --executor print --max 0` (promote,
#             claim nothing), activate_backward_reprocessing on: 1,000 spawns of 8 jobs, and
#             every later job of each tile looking its previous job up again.
#   baseline: no_backward, the same round with activate_backward_reprocessing off (the same
#             1,000 jobs go ready, nothing is spawned).

# The database every run starts from, made once: a copy is a file copy on the server.
promote_backward_template=hrsi_bench_promote_backward

promote_backward_fresh() {  # a copy of the prepared database as hrsi_bench
  psql -X -q "$admin_uri" -c "drop database if exists hrsi_bench" \
    -c "create database hrsi_bench template $promote_backward_template" >/dev/null ||
    fail "promote_backward: cannot copy the prepared database"
}

promote_backward_check() {  # BACKWARD READY CONFIGURED: what the round must leave
  local counts
  counts=$(psql -X -tA -F ' ' "$bench_uri" -c "select
      (select count(*) from hrsi.fsc_rlie_jobs where reprocessing_context = 'backward'),
      count(*) filter (where last_status = 3), count(*) filter (where last_status = 2) from hrsi.jobs")
  [[ $counts == "$1 $2 $3" ]] ||
    fail "promote_backward: expected backward jobs, ready, configured: $1 $2 $3; the database has $counts"
  "$hrsi_db" --db "$bench_uri" -q check >"$work/check.out" 2>&1 ||
    { head -n 20 "$work/check.out" >&2; fail "promote_backward: hrsi-db check failed after the promotion"; }
}

bench_promote_backward() {
  local tiles=1000 dates=100 n_runs=3
  [[ $quick == 1 ]] && tiles=100
  [[ $runs_set == 1 ]] && n_runs=$runs
  local data=$work/promote_backward t0
  local dispatch_cmd=("$hrsi_dispatch" --db "$bench_uri" -q --type fsc_rlie_job --executor print --max 0)

  t0=$(now_ns)
  python3 "$bench_dir/create_jobs_data.py" odata --tiles "$tiles" --dates "$dates" --insert-jobs 1 "$data" ||
    fail "promote_backward: data generation failed"
  fresh_database
  "$hrsi_create_jobs" --db "$bench_uri" -q --type fsc_rlie_job "$data/answer.json" >/dev/null ||
    fail "promote_backward: job creation failed"
  psql -X -q -v ON_ERROR_STOP=1 -o /dev/null "$bench_uri" -f "$bench_dir/promote_backward_data.sql" ||
    fail "promote_backward: preparing the histories failed"
  psql -X -q "$admin_uri" -c "drop database if exists $promote_backward_template" \
    -c "alter database hrsi_bench rename to $promote_backward_template" >/dev/null ||
    fail "promote_backward: cannot keep the prepared database"
  at_bench_exit "psql -X -q '$admin_uri' -c 'drop database if exists $promote_backward_template' >/dev/null 2>&1"
  local configured=$((tiles * (dates - 8) - tiles))
  echo "# promote_backward data: $((tiles * dates)) fsc_rlie jobs ($tiles tiles x $dates dates), the first 8" \
       "of each tile processed (8 L2As since init), $((tiles * (dates - 8))) configured, in $(seconds_since "$t0") s"

  # Runs, each from a copy of the prepared database; hrsi and the baseline take turns.
  local hrsi_ms=() plain_ms=() i ms
  for ((i = 0; i <= n_runs; i++)); do
    promote_backward_fresh
    ms=$(wall_ms "${dispatch_cmd[@]}")
    # Per tile: the 9th job ready, and the backward copy of the first; the 7 other copies wait.
    promote_backward_check "$((8 * tiles))" "$((2 * tiles))" "$((configured + 7 * tiles))"
    [[ $i == 0 ]] || hrsi_ms+=("$ms")

    promote_backward_fresh
    psql -X -q "$bench_uri" -c "update hrsi.system_parameters set activate_backward_reprocessing = false" ||
      fail "promote_backward: cannot switch backward reprocessing off"
    ms=$(wall_ms "${dispatch_cmd[@]}")
    promote_backward_check 0 "$tiles" "$configured"
    [[ $i == 0 ]] || plain_ms+=("$ms")
  done
  echo "# promote_backward ms per run, backward on ($((8 * tiles)) jobs spawned): ${hrsi_ms[*]}"
  echo "# promote_backward ms per run, backward off (nothing spawned): ${plain_ms[*]}"
  echo "# after every run: the expected backward, ready and configured counts, hrsi-db check passes"
  figure promote_backward_round_time "$(median "${hrsi_ms[@]}")" ms no_backward "$(median "${plain_ms[@]}")" ms
}
