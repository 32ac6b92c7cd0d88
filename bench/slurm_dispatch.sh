# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark slurm_dispatch (sourced by bench/run): dispatching 1,000 ready test jobs (--quick:
# 200) to the private single-node Slurm of scripts/local-services (8 CPUs declared: 8 test jobs
# at once), the sample processor as the program, runtime none.
#   slurm_submit_rate:   jobs/s of `hrsi-dispatch --executor slurm` (claims, one job array,
#                        handles recorded), beside sbatch_loop: a shell loop of one
#                        `sbatch --parsable --hold` per job (held, then cancelled: nothing runs).
#   slurm_all_processed: seconds from the dispatch until every job is processed, beside
#                        local_executor: `hrsi-dispatch --executor local --parallel 8` on the same
#                        number of jobs.
# One run of each (the processing run takes minutes); --runs N repeats them.

slurm_dispatch_prepare() {  # COUNT
  fresh_database
  "$hrsi_db" --db "$bench_uri" -q params set command_for_test_job_processing \
    "[\"$sample_processor\", \"/work/parameters.json\"]" || fail "slurm_dispatch: cannot set the program"
  seq -f 'slurm-bench-%g' 1 "$1" | "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job - >/dev/null ||
    fail "slurm_dispatch: job creation failed"
}

slurm_dispatch_wait_processed() {  # COUNT LIMIT-SECONDS
  local deadline=$((SECONDS + $2)) done_count
  while ((SECONDS < deadline)); do
    done_count=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 9")
    [[ $done_count == "$1" ]] && return 0
    sleep 0.5
  done
  fail "slurm_dispatch: $done_count of $1 jobs processed after $2 s"
}

bench_slurm_dispatch() {
  local count=1000 n_runs=1 i
  [[ $quick == 1 ]] && count=200
  [[ $runs_set == 1 ]] && n_runs=$runs
  export SLURM_CONF
  SLURM_CONF=$("$repo/scripts/local-services" env --state "$state_dir" | sed -n "s/^export SLURM_CONF='\(.*\)'$/\1/p")
  [[ -n $SLURM_CONF ]] || fail "slurm_dispatch: no private Slurm (scripts/setup installs slurmctld, slurmd, munge)"
  local dir=$work/slurm
  mkdir -p "$dir"
  export HRSI_RUNTIME=none HRSI_WORK_ROOT=$dir/work HRSI_SLURM_LOG_DIR=$dir/logs
  local hrsi_rates=() loop_rates=() slurm_times=() local_times=() start end
  for ((i = 0; i < n_runs; i++)); do
    # The shell loop: one sbatch per job, held so that nothing runs; then cancelled.
    start=$(now_ns)
    local n ids=()
    for ((n = 1; n <= count; n++)); do
      ids+=("$(printf '#!/bin/sh\ntrue\n' | sbatch --parsable --hold --job-name="loop-$n" --output=/dev/null)") ||
        fail "slurm_dispatch: sbatch failed"
    done
    end=$(now_ns)
    loop_rates+=("$(awk -v c="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", c / ((b - a) / 1e9) }')")
    scancel "${ids[@]}" || fail "slurm_dispatch: scancel of the loop's jobs failed"

    # hrsi: claim, one job array, handles; then the jobs run.
    slurm_dispatch_prepare "$count"
    start=$(now_ns)
    "$hrsi_dispatch" --db "$bench_uri" -q --executor slurm --worker "$hrsi_run_worker" ||
      fail "slurm_dispatch: hrsi-dispatch --executor slurm failed"
    end=$(now_ns)
    hrsi_rates+=("$(awk -v c="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", c / ((b - a) / 1e9) }')")
    slurm_dispatch_wait_processed "$count" 3600
    slurm_times+=("$(seconds_since "$start")")

    slurm_dispatch_prepare "$count"
    start=$(now_ns)
    "$hrsi_dispatch" --db "$bench_uri" -q --executor local --parallel 8 --worker "$hrsi_run_worker" ||
      fail "slurm_dispatch: hrsi-dispatch --executor local failed"
    slurm_dispatch_wait_processed "$count" 60
    local_times+=("$(seconds_since "$start")")
  done
  echo "# slurm_dispatch: $count ready test jobs, $n_runs run(s); submissions: hrsi ${hrsi_rates[*]} jobs/s," \
       "one sbatch per job ${loop_rates[*]} jobs/s; all processed: Slurm ${slurm_times[*]} s," \
       "local executor (8 at once) ${local_times[*]} s"
  figure slurm_submit_rate "$(median "${hrsi_rates[@]}")" jobs/s sbatch_loop "$(median "${loop_rates[@]}")" jobs/s
  figure slurm_all_processed "$(median "${slurm_times[@]}")" s local_executor "$(median "${local_times[@]}")" s
}
