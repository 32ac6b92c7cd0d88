# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark aux_cache (sourced by bench/run): staging a 500 MiB auxiliary object (--quick:
# 64 MiB; a DEM-sized file, eu_dem/dem.tif) on the private S3 server through the host's cache
# (lib/hrsi/aux), as two jobs on one host do: each run starts from an empty cache.
#   aux_stage_hit:   the second job's stage() (a hit: lock, look, touch), in ms.
#   baseline:        aux_stage_miss, the first job's stage() of the same object (download from
#                    S3 into the cache, size check, read-only, rename) in the same run. A hit
#                    should cost about nothing.
#   aux_stage_miss against rclone_copyto: the miss beside a plain `rclone copyto` of the object
#                    (what a job without a cache pays every time, as the reference does).
# Needs the S3 server (node and npm); without it the benchmark says so and is skipped.

bench_aux_cache() {
  local size_mib=500 n_runs=5
  [[ $quick == 1 ]] && { size_mib=64; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local env
  env=$("$repo/scripts/local-services" env --state "$state_dir")
  if [[ $env != *RCLONE_CONFIG_HRSIS3_ENDPOINT* ]]; then
    echo "# aux_cache: no S3 server in $state_dir (node/npm missing): skipped"
    return 0
  fi
  eval "$env"
  local dir=$work/aux_cache prefix="s3://hrsi/bench-aux-$$"
  mkdir -p "$dir"
  head -c $((size_mib * 1048576)) /dev/urandom >"$dir/dem.tif"
  rclone copyto "$dir/dem.tif" "$HRSI_S3_REMOTE:hrsi/bench-aux-$$/eu_dem/dem.tif" ||
    fail "aux_cache: cannot upload the object to the S3 server"
  at_bench_exit "rclone purge '$HRSI_S3_REMOTE:hrsi/bench-aux-$$' >/dev/null 2>&1"
  rm -f "$dir/dem.tif"
  local i out bytes misses=() hits=() copies=() start
  for ((i = 0; i <= n_runs; i++)); do
    rm -rf "$dir/cache" "$dir/copy.tif"
    out=$("$bench_aux" "$dir/cache" "$prefix" eu_dem/dem.tif) || fail "aux_cache: the first job's staging failed"
    bytes=${out#* }
    [[ $bytes == $((size_mib * 1048576)) ]] || fail "aux_cache: staged $bytes bytes, expected $((size_mib * 1048576))"
    local miss=${out%% *}
    out=$("$bench_aux" "$dir/cache" "$prefix" eu_dem/dem.tif) || fail "aux_cache: the second job's staging failed"
    local hit=${out%% *}
    start=$(now_ns)
    rclone copyto "$HRSI_S3_REMOTE:hrsi/bench-aux-$$/eu_dem/dem.tif" "$dir/copy.tif" || fail "aux_cache: rclone copyto failed"
    local copy
    copy=$(awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
    echo "# aux_cache run $i: miss $miss ms, hit $hit ms, rclone copyto $copy ms$([[ $i == 0 ]] && echo ' (warm-up)')"
    [[ $i == 0 ]] && continue
    misses+=("$miss"); hits+=("$hit"); copies+=("$copy")
  done
  rm -rf "$dir"
  echo "# aux_cache: a $size_mib MiB object on the S3 server, medians of $n_runs runs"
  figure aux_stage_hit "$(median "${hits[@]}")" ms aux_stage_miss "$(median "${misses[@]}")" ms
  figure aux_stage_miss "$(median "${misses[@]}")" ms rclone_copyto "$(median "${copies[@]}")" ms
}
