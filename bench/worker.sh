# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark worker (sourced by bench/run): what hrsi-run-worker costs beyond the program.
#
# worker_overhead: test jobs with a 1 MiB input on local (file://) storage, runtime none, the
#   sample processor as the program (it reads the input and writes a summary).
#   hrsi:     median wall time of `hrsi-run-worker JOB` (claim, started ... processed, staging,
#             parameter file, heartbeat, clean-up) minus the baseline.
#   baseline: bare_program, the median wall time of the sample processor alone on the same
#             input and an equivalent parameter file. Target: overhead under 100 ms.
# staging_throughput: a 1 GiB input (--quick: 256 MiB) staged into a work folder on another
#   filesystem (/dev/shm), so that the bytes are really copied (on the same filesystem the
#   worker hard-links inputs: also shown, as information).
#   hrsi:     MiB/s of the worker's pre_processing step (from its log: "pre_processing took N ms").
#   baseline: cp, MiB/s of `cp` of the same file to the same filesystem. Target: at least 0.8.

worker_set_program() {
  "$hrsi_db" --db "$bench_uri" -q params set command_for_test_job_processing "$1" ||
    fail "worker: cannot set command_for_test_job_processing"
}

bench_worker() {
  local n_runs=15
  [[ $quick == 1 ]] && n_runs=7
  [[ $runs_set == 1 ]] && n_runs=$runs
  local dir=$work/worker
  mkdir -p "$dir/inputs" "$dir/root"
  fresh_database
  worker_set_program "[\"$sample_processor\", \"/work/parameters.json\"]"
  head -c 1048576 /dev/urandom >"$dir/input.bin"
  local i ids=()
  for ((i = 0; i <= n_runs; i++)); do ln "$dir/input.bin" "$dir/inputs/input-$i.bin"; done
  mapfile -t ids < <(for ((i = 0; i <= n_runs; i++)); do echo "$dir/inputs/input-$i.bin"; done |
                     "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job -)
  [[ ${#ids[@]} == $((n_runs + 1)) ]] || fail "worker: expected $((n_runs + 1)) jobs, got ${#ids[@]}"

  # The bare program: the same input and a parameter file of the same shape, by hand.
  local bare=$dir/bare
  mkdir -p "$bare/inputs" "$bare/outputs/data" "$bare/outputs/logs" "$bare/temp"
  ln "$dir/input.bin" "$bare/inputs/input.bin"
  printf '{"job":{"id":1,"type":"test_job","unique_id":"bench","name":"bench","attempt":1},"work_folder":"%s","inputs":["%s"],"output_folder":"%s","temp_folder":"%s","test_job":{"product_id":"input","measurement_date":null}}\n' \
    "$bare" "$bare/inputs/input.bin" "$bare/outputs" "$bare/temp" >"$bare/parameters.json"

  local worker_times=() bare_times=() t
  # One warm-up of each, then alternate so that drifts of the machine hit both alike.
  wall_ms "$sample_processor" "$bare/parameters.json" >/dev/null
  wall_ms "$hrsi_run_worker" --db "$bench_uri" -q --runtime none --work-root "$dir/root" "${ids[0]}" >/dev/null
  for ((i = 1; i <= n_runs; i++)); do
    t=$(wall_ms "$sample_processor" "$bare/parameters.json"); bare_times+=("$t")
    t=$(wall_ms "$hrsi_run_worker" --db "$bench_uri" -q --runtime none --work-root "$dir/root" "${ids[$i]}")
    worker_times+=("$t")
  done
  local processed
  processed=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 9")
  [[ $processed == $((n_runs + 1)) ]] || fail "worker: $processed of $((n_runs + 1)) jobs processed"
  [[ -z $(ls -A "$dir/root/jobs") ]] || fail "worker: work folders left behind in $dir/root/jobs"
  local worker_median bare_median
  worker_median=$(median "${worker_times[@]}")
  bare_median=$(median "${bare_times[@]}")
  echo "# worker_overhead: $n_runs runs; hrsi-run-worker median $(sig3 "$worker_median") ms per job" \
       "(min $(median "$(printf '%s\n' "${worker_times[@]}" | sort -g | head -1)") ms), 1 MiB input, runtime none"
  figure worker_overhead "$(awk -v a="$worker_median" -v b="$bare_median" 'BEGIN { print a - b }')" ms \
    bare_program "$bare_median" ms

  bench_worker_staging
}

bench_worker_staging() {
  local mib=1024 n_runs=9
  [[ $quick == 1 ]] && { mib=256; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local dir=$work/staging
  local target=/dev/shm/hrsi-bench-staging-$$
  mkdir -p "$dir/inputs" "$target/cp" "$target/root"
  # Removed by bench/run's cleanup of $work; /dev/shm is RAM: remove it ourselves, also on failure.
  # /dev/shm is RAM: removed at the end of this function (and by the EXIT trap on failure).
  at_bench_exit "rm -rf '$target'"
  if [[ $(stat -f -c %T "$dir") == "$(stat -f -c %T "$target")" && $(df --output=source "$dir" | tail -1) == $(df --output=source "$target" | tail -1) ]]; then
    echo "# staging: $dir and $target are one filesystem: the figure would measure hard links"
  fi
  head -c $((mib * 1048576)) /dev/urandom >"$dir/input.bin"
  # Written back before measuring: background writeback of a fresh GiB would skew the runs.
  sync "$dir/input.bin"
  local i ids=()
  for ((i = 0; i <= n_runs + 1; i++)); do ln "$dir/input.bin" "$dir/inputs/staged-$i.bin"; done
  fresh_database
  worker_set_program '["true"]'
  mapfile -t ids < <(for ((i = 0; i <= n_runs + 1; i++)); do echo "$dir/inputs/staged-$i.bin"; done |
                     "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job -)

  staging_ms() {  # JOB WORK_ROOT: the pre_processing time of one worker run
    "$hrsi_run_worker" --db "$bench_uri" --runtime none --work-root "$2" "$1" 2>"$work/staging.log" >/dev/null ||
      { cat "$work/staging.log" >&2; fail "worker: hrsi-run-worker $1 failed"; }
    sed -n 's/.*pre_processing took \([0-9]*\) ms.*/\1/p' "$work/staging.log"
  }
  cp_ms() {  # the copy goes at once, as the worker removes its work folder: same memory state
    wall_ms cp "$dir/input.bin" "$target/cp/input.bin"
    rm -f "$target/cp/input.bin"
  }
  cp_ms >/dev/null                      # warm-up: the source in the page cache
  staging_ms "${ids[0]}" "$target/root" >/dev/null
  local worker_times=() cp_times=()
  for ((i = 1; i <= n_runs; i++)); do
    cp_times+=("$(cp_ms)")
    worker_times+=("$(staging_ms "${ids[$i]}" "$target/root")")
  done
  local same_fs
  same_fs=$(staging_ms "${ids[$((n_runs + 1))]}" "$dir/root")
  local worker_median cp_median
  worker_median=$(median "${worker_times[@]}")
  cp_median=$(median "${cp_times[@]}")
  echo "# staging: $mib MiB from $(df --output=fstype "$dir" | tail -1) to $(df --output=fstype "$target" | tail -1)," \
       "$n_runs runs; worker median $worker_median ms, cp median $(sig3 "$cp_median") ms;" \
       "on the same filesystem (hard link): $same_fs ms"
  rm -rf "$target"
  figure staging_throughput "$(awk -v m="$mib" -v t="$worker_median" 'BEGIN { print m / (t > 0 ? t : 1) * 1000 }')" MiB/s \
    cp "$(awk -v m="$mib" -v t="$cp_median" 'BEGIN { print m / t * 1000 }')" MiB/s
}
