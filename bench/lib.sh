# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# Helpers of bench/run (sourced).

fail() { echo "bench/run: $*" >&2; exit 1; }

now_ns() { date +%s%N; }

# Seconds (one decimal) since a now_ns value.
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# Median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
                              if (NR % 2) print v[(NR + 1) / 2];
                              else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# A number with 3 significant digits, never in exponent form (0.000123, 1.23, 1230).
sig3() {
  awk -v x="$1" 'BEGIN { a = x < 0 ? -x : x; d = 0;
                         if (a > 0) { d = 2 - int(log(a) / log(10) + (a < 1 ? -0.999999999 : 0)) }
                         if (d < 0) d = 0;
                         printf ("%." d "f\n", x) }'
}

# figure NAME VALUE UNIT BASELINE-NAME BASELINE-VALUE BASELINE-UNIT: the line of DESIGN.md.
figure() {
  local ratio
  ratio=$(awk -v a="$2" -v b="$5" 'BEGIN { if (b == 0) print "inf"; else print a / b }')
  [[ $ratio == inf ]] || ratio=$(sig3 "$ratio")
  echo "figure $1 $(sig3 "$2") $3 baseline $4 $(sig3 "$5") $6 ratio $ratio"
}

# Wall time in milliseconds of a command; its output is discarded, it must succeed.
wall_ms() {
  local start end
  start=$(now_ns)
  "$@" >/dev/null || fail "failed: $*"
  end=$(now_ns)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'
}
