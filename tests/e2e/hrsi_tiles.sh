#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-tiles end to end: intersections of footprints in every form the catalogues give (text
# and --json, stdin, --min-km2), the area of interest as WKT that covers every tile, one tile
# shown, the tiles of an area, the tile data found from the source tree, an option and the
# variable, and the bad-input paths (exit 64 usage, 65 bad input). No database.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
unset HRSI_TILE_DATA
alps="POLYGON ((7.019 45.012, 10.318 45.418, 10.004 47.117, 6.612 46.709, 7.019 45.012))"

TEST "--help: usage, the commands and the manual page"
run hrsi-tiles --help
expect_status 0
for word in intersect aoi show list --tile-data --json "man hrsi-tiles"; do expect_stdout_contains "$word"; done

TEST "intersect: an S1 footprint over the Alps, in WKT, OData, GeoJSON and from stdin"
run hrsi-tiles intersect "$alps"
expect_status 0
wkt_out=$stdout
expect_stdout_matches "(3[12]T[A-Z]{2}	[0-9]+\.[0-9]{3}
?)+"
expect_stdout_contains "32TMR	"
[[ $(sort <<<"$wkt_out") == "$wkt_out" ]] || fail "tiles not sorted: $wkt_out"
run hrsi-tiles intersect "geography'SRID=4326;${alps}'"
expect_stdout_equals "$wkt_out"
run hrsi-tiles intersect '{"type": "Polygon", "coordinates": [[[7.019, 45.012], [10.318, 45.418], [10.004, 47.117], [6.612, 46.709], [7.019, 45.012]]]}'
expect_stdout_equals "$wkt_out"
RUN_STDIN="SRID=4326;$alps" run hrsi-tiles intersect -
unset RUN_STDIN
expect_stdout_equals "$wkt_out"

TEST "intersect --json and --min-km2"
run hrsi-tiles --json intersect --min-km2 10 "$alps"
expect_status 0
first=$(head -n 1 <<<"$stdout")
[[ $first =~ ^\{\"tile\":\"3[12]T[A-Z]{2}\",\"km2\":[0-9.]+,\"epsg\":3263[12]\}$ ]] || fail "json line: $first"
all=$(wc -l <<<"$wkt_out")
big=$(awk -F'\t' '$2 >= 10' <<<"$wkt_out" | wc -l)
expect_equal "$(wc -l <<<"$stdout")" "$big" "tiles of at least 10 km²"
[[ $big -le $all ]] || fail "--min-km2 kept more tiles ($big) than without ($all)"

TEST "intersect: a footprint outside Europe intersects nothing"
run hrsi-tiles intersect "POLYGON ((140 -30, 141 -30, 141 -29, 140 -30))"
expect_status 0
expect_stdout_equals ""

TEST "aoi: one short (multi)polygon covering the area"
run hrsi-tiles aoi
expect_status 0
expect_stdout_matches "MULTIPOLYGON \(\(\(.*\)\)\)"
[[ ${#stdout} -lt 8000 ]] || fail "aoi is ${#stdout} characters"
aoi=$stdout
# Every tile's centre is inside it: the tiles of the area polygon are all 1,054.
run hrsi-tiles intersect "$aoi"
expect_equal "$(wc -l <<<"$stdout")" 1054 "tiles intersecting the area"
run hrsi-tiles --json aoi --area EEA39_RLIE --simplify 20000
expect_status 0
expect_stdout_contains '"area":"EEA39_RLIE"'
expect_stdout_contains '"wkt":"MULTIPOLYGON ((('

TEST "show and list"
run hrsi-tiles show T32TLR
expect_status 0
expect_stdout_contains "epsg       32632"
expect_stdout_contains "footprint  POLYGON (("
run hrsi-tiles --json show 26slh
expect_stdout_contains '"tracks":[2,75,82]'
run hrsi-tiles list
expect_equal "$(wc -l <<<"$stdout")" 1054 "EEA39 tiles"
run hrsi-tiles list --area EEA39_RLIE
expect_equal "$(wc -l <<<"$stdout")" 1000 "EEA39_RLIE tiles"
run hrsi-tiles list --mountains
expect_equal "$(wc -l <<<"$stdout")" 165 "mountain tiles"

TEST "the tile data: --tile-data and HRSI_TILE_DATA"
copy=$(mktemp -d)
at_exit "rm -rf '$copy'"
cp "$source_dir"/data/eea39/* "$copy/"
run hrsi-tiles --tile-data "$copy" show 32TLR
expect_status 0
HRSI_TILE_DATA=$copy run hrsi-tiles list
expect_status 0
run hrsi-tiles --tile-data /nonexistent show 32TLR
expect_status 64
expect_stderr_contains "holds no tiles_utm.yml"
HRSI_TILE_DATA=/nonexistent run hrsi-tiles list
expect_status 64
rm "$copy/eea39_s2_tiles.dbf"
run hrsi-tiles --tile-data "$copy" show 32TLR
expect_status 65
expect_stderr_contains "eea39_s2_tiles.dbf"

TEST "bad input: exit 65 with the reason"
run hrsi-tiles intersect "POLYGON ((1 2"
expect_status 65
expect_stderr_contains "not WKT"
run hrsi-tiles intersect '{"type": "Polygon"}'
expect_status 65
expect_stderr_contains "without coordinates"
run hrsi-tiles intersect "SRID=32632;POINT (500000 5000000)"
expect_status 65
expect_stderr_contains "SRID=4326"
run hrsi-tiles intersect -
expect_status 65
expect_stderr_contains "empty footprint"
run hrsi-tiles show 54PXA
expect_status 65
expect_stderr_contains "unknown tile '54PXA'"
run hrsi-tiles show 5
expect_status 65
expect_stderr_contains "not a Sentinel-2 tile id"
run hrsi-tiles list --area Europe
expect_status 65
expect_stderr_contains "unknown area of interest 'Europe'"

TEST "usage errors: exit 64"
run hrsi-tiles
expect_status 64
expect_stderr_contains "intersect, aoi, show or list"
run hrsi-tiles intersect
expect_status 64
run hrsi-tiles aoi --simplify -3
expect_status 64
run hrsi-tiles aoi --area world
expect_status 64
run hrsi-tiles frobnicate
expect_status 64

finish
