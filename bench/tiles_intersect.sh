# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark tiles_intersect (sourced by bench/run): which EEA39 tiles each of 100,000
# Sentinel-1 IW GRD-sized footprints over Europe intersects (--quick: 20,000), the way RLIE-S1
# creation asks it (lib/hrsi/tiles/tile_index.hpp).
#   hrsi:     footprints/s with the STRtree of the 1,054 tile footprints and prepared tiles.
#   baseline: brute_plain, every tile one by one with GEOSIntersects (the reference's way),
#             and brute_prepared (one by one, prepared tiles), on the same footprints in the
#             same run; the three must find the same tiles. Target: at least 3x brute force.
# No database is needed.

bench_tiles_intersect() {
  local n=100000 n_runs=5
  [[ $quick == 1 ]] && { n=20000; n_runs=3; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local data=$repo/data/eea39 i out tree=() prepared=() plain=() tiles=""
  for ((i = 0; i < n_runs; i++)); do
    out=$("$bench_tiles" "$data" "$n") || fail "tiles_intersect: hrsi-bench-tiles failed"
    tree+=("$(awk '$1 == "tree" { print $2 }' <<<"$out")")
    prepared+=("$(awk '$1 == "brute_prepared" { print $2 }' <<<"$out")")
    plain+=("$(awk '$1 == "brute_plain" { print $2 }' <<<"$out")")
    tiles=$(awk '$1 == "tree" { print $3 }' <<<"$out")
  done
  echo "# tiles_intersect: $n footprints, $tiles tile intersections found (the same by all three), medians of $n_runs runs"
  figure tiles_intersect "$(median "${tree[@]}")" footprints/s \
    brute_plain "$(median "${plain[@]}")" footprints/s
  figure tiles_intersect "$(median "${tree[@]}")" footprints/s \
    brute_prepared "$(median "${prepared[@]}")" footprints/s
}
