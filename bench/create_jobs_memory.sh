# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark create_jobs_memory (sourced by bench/run): peak memory of hrsi-create-jobs on a
# plain list of 1,000,000 test products (--quick: 100,000), one name per line, in one
# transaction, in a fresh database each run.
#   hrsi:     peak RSS of hrsi-create-jobs --type test_job list.txt (target: under 100 MiB).
#   baseline: small_input_rss, the peak RSS of the same command on the list's first 1,000
#             lines: the fixed cost (program, libraries, libpq, first batch).

# Peak RSS in KiB of a command whose output is discarded; it must succeed. GNU time when
# installed, else the rusage of the waited child (what GNU time reads too).
create_jobs_memory_peak_kib() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f %M -o "$work/time.out" "$@" >/dev/null 2>"$work/memory.err" ||
      { cat "$work/memory.err" >&2; fail "failed: $*"; }
    tail -n 1 "$work/time.out"
  else
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@" 2>"$work/memory.err" ||
      { cat "$work/memory.err" >&2; fail "failed: $*"; }
  fi
}

bench_create_jobs_memory() {
  local count=1000000 small=1000 n_runs=1
  [[ $quick == 1 ]] && count=100000
  [[ $runs_set == 1 ]] && n_runs=$runs
  local list=$work/create_jobs_memory.txt small_list=$work/create_jobs_memory_small.txt t0
  t0=$(now_ns)
  python3 "$bench_dir/create_jobs_data.py" list --count "$count" "$list" ||
    fail "create_jobs_memory: data generation failed"
  head -n "$small" "$list" >"$small_list"
  echo "# create_jobs_memory data generation: $count test product names in $(seconds_since "$t0") s" \
       "($(( $(stat -c %s "$list") / 1048576 )) MiB); the baseline's list: the first $small"
  if [[ -x /usr/bin/time ]]; then
    echo "# create_jobs_memory: peak RSS by GNU time (%M)"
  else
    echo "# create_jobs_memory: peak RSS from getrusage of the child (no /usr/bin/time)"
  fi

  # Runs, each in a fresh database, without warm-up (the peak does not depend on warm caches;
  # the big input takes minutes): the big input n_runs times (default 1), the small one at
  # least 3 times (a second each).
  local big_kib=() small_kib=() big_ms=() i kib start ms n_jobs
  for ((i = 0; i < n_runs; i++)); do
    fresh_database
    psql -X -q "$bench_uri" -c checkpoint >/dev/null || fail "create_jobs_memory: checkpoint failed"
    start=$(now_ns)
    kib=$(create_jobs_memory_peak_kib "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job "$list")
    ms=$(awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }')
    n_jobs=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 3")
    [[ $n_jobs == "$count" ]] ||
      fail "create_jobs_memory: expected $count ready test jobs, the database has $n_jobs"
    "$hrsi_db" --db "$bench_uri" -q check >"$work/check.out" 2>&1 ||
      { head -n 20 "$work/check.out" >&2; fail "create_jobs_memory: hrsi-db check failed"; }
    big_kib+=("$kib")
    big_ms+=("$ms")
  done
  for ((i = 0; i < (n_runs > 3 ? n_runs : 3); i++)); do
    fresh_database
    kib=$(create_jobs_memory_peak_kib "$hrsi_create_jobs" --db "$bench_uri" -q --type test_job "$small_list")
    [[ $(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 3") == "$small" ]] ||
      fail "create_jobs_memory: expected $small ready test jobs from the small list"
    small_kib+=("$kib")
  done
  echo "# create_jobs_memory checked: $count ready test jobs after every run of the big list, hrsi-db check passes; $small after every run of the small one"
  echo "# create_jobs_memory peak RSS KiB per run, $count products: ${big_kib[*]}; $small products: ${small_kib[*]}"
  local ms_median
  ms_median=$(median "${big_ms[@]}")
  echo "# create_jobs_memory wall time per run, $count products (ms, with the measuring wrapper):" \
       "${big_ms[*]}; median $(sig3 "$(awk -v ms="$ms_median" 'BEGIN { print ms / 1000 }')") s," \
       "$(sig3 "$(awk -v n="$count" -v ms="$ms_median" 'BEGIN { print n / ms * 1000 }')") jobs/s"
  local big small_median
  big=$(awk -v k="$(median "${big_kib[@]}")" 'BEGIN { print k / 1024 }')
  small_median=$(awk -v k="$(median "${small_kib[@]}")" 'BEGIN { print k / 1024 }')
  figure create_jobs_peak_rss "$big" MiB small_input_rss "$small_median" MiB
  awk -v m="$big" 'BEGIN { exit !(m >= 100) }' &&
    echo "# WARNING: create_jobs_peak_rss is $(sig3 "$big") MiB, not under the target of 100 MiB"
  return 0
}
