#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The manual pages document what the programs accept. For each program and each of its commands
# (found by walking the "Subcommands:" of --help, so new ones are checked too):
#   * --help (and -h) exits 0, prints a "Usage:" line, writes nothing on stderr;
#   * man/<program>.1 has a heading `.SS <command path>` ("init", "params set") in COMMANDS;
#   * every long option that --help shows is the tag of an item (`.TP` then the tag line) in
#     that heading's section, except the program's own options (--db, --config, --help, ...):
#     those are items of the section COMMON OPTIONS;
#   * every exit status named by the --help footer has its entry in EXIT STATUS.
# Every page renders without groff warnings (when groff is installed), and hrsi.7 lists the
# statuses and allowed transitions exactly as sql/001_foundation.sql inserts them.
# Needs no database: HRSI_DB points at one that cannot exist, so a --help that connected would
# fail.
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
man_dir=$source_dir/man
# Every program that tools/CMakeLists.txt builds must have its page.
read -r -a programs <<<"$(sed -n 's/^set(hrsi_programs \([^)]*\)).*/\1/p' "$source_dir/tools/CMakeLists.txt" 2>/dev/null)"
[[ ${#programs[@]} -gt 0 ]] || programs=(hrsi-db hrsi-status)
program_sections=(NAME SYNOPSIS DESCRIPTION COMMANDS "COMMON OPTIONS" "EXIT STATUS" ENVIRONMENT
                  FILES EXAMPLES "SEE ALSO")
export HRSI_DB="host=/nonexistent/hrsi-e2e-man-pages dbname=none connect_timeout=1"

# A page as its reader sees the words: roff escapes for dashes, fonts, spaces and quotes removed.
page_text() {
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\f\[[A-Z]*\]//g' \
      -e 's/\\(..//g' -e 's/\\&//g' -e 's/\\[ ~]/ /g' -e 's/\\c$//' "$1"
}

# section FILE .SH|.SS TITLE: the lines of one section of page_text, up to the next heading of
# the same or a higher level. raw_section: the same, of the roff source as it is.
section() { page_text "$1" | _section "$2" "$3"; }
raw_section() { _section "$2" "$3" <"$1"; }
_section() {
  awk -v macro="$1" -v title="$2" '
    /^\.S[HS]([ \t]|$)/ {
      if (on && ($1 == ".SH" || macro == ".SS")) exit
      t = $0; sub(/^\.S[HS][ \t]*/, "", t); gsub(/"/, "", t)
      if ($1 == macro && t == title) { on = 1; next }
    }
    on { print }'
}

# mentions TEXT OPTION: true when TEXT names OPTION as a whole word (--json, not --json-x).
mentions() {
  grep -Eq -- "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|$)" <<<"$1"
}

# The tag lines of the `.TP` items of a section (on stdin).
item_tags() { awk 'previous ~ /^\.TP/ { print } { previous = $0 }'; }

long_options() { grep -oE -- '--[a-z][a-z0-9-]*' <<<"$1" | sort -u; }
subcommands() { awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [a-z]/ { print $1 }' <<<"$1"; }

# The help of one command (or of the program), checked on the way. Sets $help.
check_help() {
  local program=$1; shift
  run "$program" "$@" --help
  expect_status 0
  expect_stdout_contains "Usage: $program${*:+ $*}"
  [[ -z $stderr ]] || fail "'$program $* --help' wrote on stderr: $stderr"
  help=$stdout
  run "$program" "$@" -h
  expect_status 0
  [[ $stdout == "$help" ]] || fail "'$program $* -h' differs from '$program $* --help'"
}

# check_command PROGRAM PAGE COMMON_OPTIONS COMMAND...: one command, then its subcommands.
check_command() {
  local program=$1 page=$2 common=$3; shift 3
  local path="$*"
  TEST "$program $path: --help works, its options are in $(basename "$page")"
  check_help "$program" "$@"
  local text tags option subcommand
  text=$(section "$page" .SS "$path")
  tags=$(item_tags <<<"$text")
  if [[ -z $text ]]; then
    fail "$(basename "$page") has no section '.SS \"$path\"' for the command '$program $path'"
  fi
  for option in $(long_options "$help"); do
    if grep -qxF -- "$option" <<<"$common"; then
      continue  # a common option (--help): checked with the program
    elif ! mentions "$tags" "$option"; then
      fail "option $option of '$program $path' has no item (.TP) in $(basename "$page"), section '.SS \"$path\"'"
    fi
  done
  local children; children=$(subcommands "$help")
  for subcommand in $children; do
    check_command "$program" "$page" "$common" "$@" "$subcommand"
  done
}

check_renders() {
  local page=$1
  TEST "$(basename "$page") renders without groff warnings"
  [[ -f $page ]] || { fail "$page does not exist"; return; }
  if ! command -v groff >/dev/null; then
    echo "groff is not installed: rendering not checked"
    return
  fi
  local messages
  messages=$(groff -man -ww -z "$page" 2>&1) || fail "groff failed on $page"
  [[ -z $messages ]] || fail "groff warns about $page: $messages"
}

for program in "${programs[@]}"; do
  page=$man_dir/$program.1
  check_renders "$page"

  TEST "$program --help works, points at its page, and its common options are in the page"
  if ! command -v "$program" >/dev/null; then
    fail "$program is not on PATH ($PATH)"
    continue
  fi
  check_help "$program"
  top_help=$help
  expect_stdout_contains "Manual: man $program"
  [[ -f $page ]] || { fail "$program --help names 'man $program', but $page does not exist"; continue; }
  common_tags=$(section "$page" .SH "COMMON OPTIONS" | item_tags)
  common=$(long_options "$top_help")
  for option in $common; do
    mentions "$common_tags" "$option" ||
      fail "option $option of $program has no item (.TP) in COMMON OPTIONS of $(basename "$page")"
  done

  TEST "$(basename "$page") has the sections of a program page"
  for name in "${program_sections[@]}"; do
    grep -Eq "^\.SH \"?$name\"?$" "$page" || fail "$(basename "$page") has no section '.SH $name'"
  done
  name_line=$(section "$page" .SH NAME | head -n 1)
  [[ $name_line == "$program - "* ]] ||
    fail "the NAME line of $(basename "$page") is '$name_line', expected '$program - description'"

  TEST "$program: the exit statuses of --help are in EXIT STATUS of $(basename "$page")"
  exit_line=$(grep -m 1 '^Exit status:' <<<"$top_help")
  [[ -n $exit_line ]] || fail "$program --help has no 'Exit status:' line"
  exit_text=$(section "$page" .SH "EXIT STATUS")
  for code in $(grep -oE '\b[0-9]+\b' <<<"$exit_line"); do
    grep -qxE "\.B $code" <<<"$exit_text" ||
      fail "exit status $code of $program has no entry ('.TP' '.B $code') in EXIT STATUS of $(basename "$page")"
  done

  for command in $(subcommands "$top_help"); do
    check_command "$program" "$page" "$common" "$command"
  done
done

# hrsi.7 against the schema: "ID\ name" in the sections STATUSES and TRANSITIONS.
concepts=$man_dir/hrsi.7
sql=$source_dir/sql/001_foundation.sql
check_renders "$concepts"

TEST "hrsi.7 lists the 16 statuses of sql/001_foundation.sql with their ids"
sql_statuses=$(grep -oE "\(([0-9]+), '([a-z_]+)'\)" "$sql" | sed -E "s/\(([0-9]+), '([a-z_]+)'\)/\1 \2/")
[[ $(wc -l <<<"$sql_statuses") -eq 16 ]] || fail "expected 16 statuses in $sql, found: $sql_statuses"
# The tags of STATUSES, in order: ".TP" then ".B ID\ name".
status_tags=$(raw_section "$concepts" .SH STATUSES |
  awk 'previous == ".TP" { t = $0; sub(/^\.B[ \t]+/, "", t); gsub(/"/, "", t); sub(/\\ /, " ", t); print t } { previous = $0 }')
[[ $status_tags == "$sql_statuses" ]] ||
  fail "the STATUSES of hrsi.7 are not those of $sql, in order; page: [$status_tags] sql: [$sql_statuses]"
# Every "ID\ name" in STATUSES and TRANSITIONS is a true pair.
while read -r id name; do
  grep -qxF "$id $name" <<<"$sql_statuses" || fail "hrsi.7 calls status $id '$name'; $sql does not"
done < <( (raw_section "$concepts" .SH STATUSES; raw_section "$concepts" .SH TRANSITIONS) |
          grep -oE '[0-9]+\\ [a-z_]+' | sed 's/\\ / /')

TEST "hrsi.7 lists the allowed transitions exactly as sql/001_foundation.sql inserts them"
# One "from to" line per allowed pair; from = none for a job that has no status yet.
sql_transitions=$(grep -E '^[[:space:]]*\((null::smallint|[0-9]+),[[:space:]]*array\[' "$sql" |
  sed -E 's/^[[:space:]]*\((null::smallint|[0-9]+),[[:space:]]*array\[([0-9, ]+)\].*/\1 \2/; s/^null::smallint/none/; s/,/ /g' |
  awk '{ for (i = 2; i <= NF; i++) print $1, $i }' | sort)
[[ $(cut -d' ' -f1 <<<"$sql_transitions" | sort -u | wc -l) -eq 17 ]] ||
  fail "expected transitions from 17 states (no status, 1..16) in $sql, found: $sql_transitions"
# In the page: ".TP", a tag ".B ID\ name" or ".B (no status)", then lines of "ID\ name".
page_transitions=$(raw_section "$concepts" .SH TRANSITIONS | awk '
  /^\.TP/ { tag = 1; from = ""; next }
  tag { tag = 0; t = $0; sub(/^\.B[ \t]+/, "", t); gsub(/"/, "", t)
        if (t == "(no status)") from = "none"; else { from = t; sub(/\\.*/, "", from) }
        next }
  /^\./ { from = ""; next }
  from != "" { line = $0
               while (match(line, /[0-9]+\\ [a-z_]+/)) {
                 to = substr(line, RSTART, RLENGTH); sub(/\\.*/, "", to); print from, to
                 line = substr(line, RSTART + RLENGTH) } }' | sort)
if [[ -z $page_transitions ]]; then
  fail "hrsi.7 has no transitions in its TRANSITIONS section"
elif [[ $page_transitions != "$sql_transitions" ]]; then
  fail "the TRANSITIONS of hrsi.7 differ from $sql ('< from to' only in the page, '> from to' only in the SQL):
$(diff <(echo "$page_transitions") <(echo "$sql_transitions") | grep '^[<>]')"
fi

TEST "hrsi.7 has the sections of the concepts page"
for name in NAME DESCRIPTION "JOB LIFECYCLE" STATUSES TRANSITIONS "STATUS HISTORY AND CACHE" FENCING \
            "EXIT STATUS" ENVIRONMENT PROGRAMS "SEE ALSO"; do
  grep -Eq "^\.SH \"?$name\"?$" "$concepts" || fail "hrsi.7 has no section '.SH $name'"
done
for program in "${programs[@]}"; do
  section "$concepts" .SH PROGRAMS | grep -qE "^\.BR $program \(1\)" ||
    fail "hrsi.7 does not list $program in PROGRAMS"
done
for code in 0 64 65 69 70 75; do
  section "$concepts" .SH "EXIT STATUS" | grep -qxE "\.B $code" || fail "hrsi.7 has no exit status $code"
done
for variable in HRSI_DB PGHOST PGPASSWORD; do
  mentions "$(section "$concepts" .SH ENVIRONMENT)" "$variable" || fail "hrsi.7 does not describe $variable"
done

finish
