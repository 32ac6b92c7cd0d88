# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark sws_wds_assembly (sourced by bench/run): the SWS/WDS creation rules over one day of
# Europe, without the database (bench/sws_wds_assembly.cpp): 300 Sentinel-1 slices in 12
# datatakes assembled over the 1,054 EEA39 tiles (mountain tiles and those of 300 FSC products;
# --quick: 60 FSC), and the job candidates made from them.
#   hrsi:     milliseconds, the tiles of each slice found with the STRtree of the tiles.
#   baseline: no_index, the same with every tile tried one by one (GEOSIntersects, the
#             reference's way), on the same slices in the same run; both must make the same jobs.
# The issue's target is the whole creation under 2 s; this is its geometry part.

bench_sws_wds_assembly() {
  local fsc=300 n_runs=7
  [[ $quick == 1 ]] && { fsc=60; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local data=$repo/data/eea39 i out tree=() plain=() jobs="" assemblies=""
  for ((i = 0; i < n_runs; i++)); do
    out=$("$bench_sws_wds" "$data" "$fsc") || fail "sws_wds_assembly: hrsi-bench-sws-wds failed"
    tree+=("$(awk '$1 == "tree" { print $2 }' <<<"$out")")
    plain+=("$(awk '$1 == "brute_plain" { print $2 }' <<<"$out")")
    assemblies=$(awk '$1 == "tree" { print $3 }' <<<"$out")
    jobs=$(awk '$1 == "tree" { print $4 }' <<<"$out")
  done
  echo "# sws_wds_assembly: 300 slices, $fsc FSC, $assemblies assemblies, $jobs jobs (the same both ways), medians of $n_runs runs"
  figure sws_wds_assembly "$(median "${tree[@]}")" ms \
    no_index "$(median "${plain[@]}")" ms
}
