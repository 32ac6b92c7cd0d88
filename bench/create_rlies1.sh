# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark create_rlies1 (sourced by bench/run): create the RLIE-S1 jobs of one CDSE OData
# answer of 100,000 Sentinel-1 IW GRDH footprints over Europe (--quick: 10,000), in a fresh
# database each run, beside two baselines of the same run:
#   fsc_rlie:    hrsi-create-jobs --type fsc_rlie_job on an answer of as many Sentinel-2 L1C
#                products (bench/create_jobs_data.py: 1,000 tiles x 100 dates); target: RLIE-S1
#                at least 60 % of its rate;
#   brute_plain: the same RLIE-S1 creation with every footprint intersected with each of the
#                1,054 tiles in turn (GEOSIntersects, the reference's way), through
#                hrsi-bench-create-rlies1; it must create the same jobs with the same tiles.
# Rates: products of the answer handled per second (each becomes a job, a refusal or a
# duplicate), and jobs created per second (footprints meeting no EEA39 tile are refused, not
# counted); for FSC/RLIE both are the same.

create_rlies1_rows() {
  psql -X -q -tA -v ON_ERROR_STOP=1 "$bench_uri" \
    -c "select s1grd_id || ' ' || s2tile_ids_json::text from hrsi.rlies1_jobs order by s1grd_id" >"$1" ||
    fail "create_rlies1: cannot read the jobs back"
}

bench_create_rlies1() {
  local tiles=1000 dates=100 count=100000 n_runs=5
  [[ $quick == 1 ]] && { tiles=100; count=10000; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local data=$work/create_rlies1 t0
  mkdir -p "$data"
  t0=$(now_ns)
  python3 "$bench_dir/create_jobs_data.py" odata --tiles "$tiles" --dates "$dates" --insert-jobs 1 "$data/s2" ||
    fail "create_rlies1: Sentinel-2 data generation failed"
  python3 "$bench_dir/create_rlies1_data.py" --count "$count" "$data/s1.json" ||
    fail "create_rlies1: Sentinel-1 data generation failed"
  local n_s2
  read -r n_s2 _ <"$data/s2/expected"
  echo "# create_rlies1 data generation: $count S1 GRD footprints ($(( $(stat -c %s "$data/s1.json") / 1048576 )) MiB)" \
       "and $n_s2 S2 L1C products in $(seconds_since "$t0") s"

  local tree_cmd=("$hrsi_create_jobs" --db "$bench_uri" -q --type rlies1_job --tile-data "$repo/data/eea39" "$data/s1.json")
  local fsc_cmd=("$hrsi_create_jobs" --db "$bench_uri" -q --type fsc_rlie_job "$data/s2/answer.json")
  local tree_rate=() tree_job_rate=() fsc_rate=() brute_rate=() tree_ms=() fsc_ms=() brute_s=() i ms jobs out created
  for ((i = 0; i <= n_runs; i++)); do
    fresh_database
    ms=$(wall_ms "${tree_cmd[@]}")
    jobs=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.rlies1_jobs")
    ((jobs > 0)) || fail "create_rlies1: hrsi-create-jobs created no RLIE-S1 job"
    [[ $i == 0 ]] && create_rlies1_rows "$work/rlies1-tree.rows"
    if [[ $i != 0 ]]; then
      tree_ms+=("$ms")
      tree_rate+=("$(awk -v n="$count" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')")
      tree_job_rate+=("$(awk -v n="$jobs" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')")
    fi

    fresh_database
    out=$("$bench_create_rlies1" "$bench_uri" "$repo/data/eea39" brute_plain "$data/s1.json") ||
      fail "create_rlies1: hrsi-bench-create-rlies1 failed"
    read -r created _ ms <<<"$out"
    [[ $created == "$jobs" ]] || fail "create_rlies1: brute force created $created jobs, the tree $jobs"
    if [[ $i == 0 ]]; then
      create_rlies1_rows "$work/rlies1-brute.rows"
      cmp -s "$work/rlies1-tree.rows" "$work/rlies1-brute.rows" ||
        fail "create_rlies1: the tree and brute force found other tiles (diff $work/rlies1-tree.rows $work/rlies1-brute.rows)"
      echo "# checked: hrsi-create-jobs (tree) and brute force create the same $jobs jobs with the same tile lists" \
           "($(awk '{ n += gsub(/"/, "") / 2 } END { print n }' "$work/rlies1-tree.rows") tiles in all);" \
           "$((count - jobs)) footprints meet no EEA39 tile (refused)"
    else
      brute_s+=("$ms")
      brute_rate+=("$(awk -v n="$count" -v s="$ms" 'BEGIN { print n / s }')")
    fi

    fresh_database
    ms=$(wall_ms "${fsc_cmd[@]}")
    [[ $(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.fsc_rlie_jobs") == "$n_s2" ]] ||
      fail "create_rlies1: hrsi-create-jobs did not create the $n_s2 FSC/RLIE jobs"
    if [[ $i != 0 ]]; then
      fsc_ms+=("$ms")
      fsc_rate+=("$(awk -v n="$n_s2" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')")
    fi
  done
  echo "# create_rlies1 ms per run, hrsi-create-jobs --type rlies1_job ($jobs jobs of $count footprints): ${tree_ms[*]}"
  echo "# create_rlies1 s per run, the same with brute-force intersections (library call): ${brute_s[*]}"
  echo "# create_rlies1 ms per run, hrsi-create-jobs --type fsc_rlie_job ($n_s2 jobs): ${fsc_ms[*]}"
  local rate fsc
  rate=$(median "${tree_rate[@]}")
  fsc=$(median "${fsc_rate[@]}")
  figure create_rlies1_rate "$rate" products/s fsc_rlie_create_rate "$fsc" products/s
  figure create_rlies1_job_rate "$(median "${tree_job_rate[@]}")" jobs/s fsc_rlie_create_rate "$fsc" jobs/s
  figure create_rlies1_rate "$rate" products/s brute_plain "$(median "${brute_rate[@]}")" products/s
}
