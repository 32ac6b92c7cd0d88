# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark create_gfsc (sourced by bench/run): the whole GFSC creation of one day of Europe
# against the database (bench/create_gfsc.cpp): 600 FSC published by fsc_rlie_job and 300 SWS
# and WDS published by sws_wds_job on 2024-01-05 (--quick: 120 and 60), the GFSC of 01-04 of
# the 1,054 EEA39 tiles; creation at 00:30 the next night (the daily jobs of the tiles without
# input, a job per tile and day triggered by the day's products), inserted and configured, in
# one transaction (rolled back: each run the same).
#   hrsi:     milliseconds, the products read in one query for all the tiles.
#   baseline: per_tile, the same creation with one query per tile (the reference's way), in
#             the same run; both must create the same jobs.
# The issue's target: the whole creation under 2 s.

bench_create_gfsc() {
  local fsc=600 sws_wds=300 n_runs=5
  [[ $quick == 1 ]] && { fsc=120; sws_wds=60; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  fresh_database
  local out
  out=$("$bench_create_gfsc" "$bench_uri" "$fsc" "$sws_wds" "$n_runs") ||
    fail "create_gfsc: hrsi-bench-create-gfsc failed"
  local set per_tile
  set=$(awk '$1 == "set" { print $2 }' <<<"$out" | tr '\n' ' ')
  per_tile=$(awk '$1 == "per_tile" { print $2 }' <<<"$out" | tr '\n' ' ')
  echo "# create_gfsc: $(grep '^jobs' <<<"$out" | awk '{ print $2 " jobs (" $3 " ready, " $4 " configured, " $5 " cancelled) from " $7 " FSC and " $9 " SWS/WDS on " $11 " tiles" }')"
  echo "# create_gfsc ms per run, one query for all tiles: $set"
  echo "# create_gfsc ms per run, one query per tile: $per_tile"
  # shellcheck disable=SC2086  # the lists split into values on purpose
  figure create_gfsc "$(median $set)" ms per_tile "$(median $per_tile)" ms
}
