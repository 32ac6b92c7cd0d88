# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark create_sws_wds (sourced by bench/run): the whole SWS/WDS creation of one day of
# Europe against the database (bench/create_sws_wds.cpp): one OData answer of 300 Sentinel-1
# slices in 12 datatakes, 300 FSC products published by fsc_rlie_job (--quick: 60), the
# 1,054 EEA39 tiles; the answer read, the slices assembled, the FSC read, the jobs inserted,
# their masters elected and configured, in one transaction (rolled back: each run the same).
#   hrsi:     milliseconds, the tiles of each slice found with the STRtree of the tiles.
#   baseline: no_index, the same creation with every tile tried one by one (GEOSIntersects,
#             the reference's way), in the same run; both must create the same jobs.
# The issue's target: the whole creation under 2 s.

bench_create_sws_wds() {
  local fsc=300 n_runs=7
  [[ $quick == 1 ]] && { fsc=60; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  fresh_database
  local out
  out=$("$bench_create_sws_wds" "$bench_uri" "$repo/data/eea39" "$fsc" "$n_runs") ||
    fail "create_sws_wds: hrsi-bench-create-sws-wds failed"
  local tree plain
  tree=$(awk '$1 == "tree" { print $2 }' <<<"$out" | tr '\n' ' ')
  plain=$(awk '$1 == "brute_plain" { print $2 }' <<<"$out" | tr '\n' ' ')
  echo "# create_sws_wds: $(grep '^jobs' <<<"$out" | awk '{ print $2 " jobs (" $5 " masters ready, " $7 " followers configured, " $3 " cancelled) from " $9 " slices and " $11 " FSC" }')"
  echo "# create_sws_wds ms per run, tree: $tree"
  echo "# create_sws_wds ms per run, no index: $plain"
  # shellcheck disable=SC2086  # the lists split into values on purpose
  figure create_sws_wds "$(median $tree)" ms no_index "$(median $plain)" ms
}
