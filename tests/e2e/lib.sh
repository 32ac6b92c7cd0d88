# SPDX-License-Identifier: Apache-2.0
# Helpers of the end-to-end suites (sourced). A suite is a list of
#   TEST "what it checks"
#   run some-program args...        # sets $status, $stdout, $stderr
#   expect_status 0; expect_stdout_contains "text"; ...
# and ends with `finish`, which prints "N passed, M failed" and sets the exit code.
set -u
_tests=0
_failed_tests=0
_current=""
_current_failed=0
_tmp=$(mktemp -d)
_cleanups=()
trap '_run_cleanups' EXIT

_run_cleanups() {
  local c
  for c in "${_cleanups[@]}"; do eval "$c" || true; done
  rm -rf "$_tmp"
}
at_exit() { _cleanups+=("$1"); }

_close_test() {
  if [[ -n $_current ]]; then
    _tests=$((_tests + 1))
    if [[ $_current_failed -ne 0 ]]; then _failed_tests=$((_failed_tests + 1)); fi
  fi
}

TEST() {
  _close_test
  _current=$1
  _current_failed=0
  echo "--- $1"
}

fail() {
  echo "FAIL [$_current]: $*" >&2
  _current_failed=1
}

# run CMD...: runs with stdin from $RUN_STDIN (a string) when set, else from /dev/null.
run() {
  if [[ -n ${RUN_STDIN+x} ]]; then
    printf '%s' "$RUN_STDIN" | "$@" >"$_tmp/stdout" 2>"$_tmp/stderr"
    status=${PIPESTATUS[1]}
  else
    "$@" </dev/null >"$_tmp/stdout" 2>"$_tmp/stderr"
    status=$?
  fi
  stdout=$(cat "$_tmp/stdout")
  stderr=$(cat "$_tmp/stderr")
}

expect_status() {
  [[ $status == "$1" ]] || fail "exit status $status, expected $1; stderr: $stderr"
}
expect_stdout_contains() {
  [[ $stdout == *"$1"* ]] || fail "stdout lacks '$1'; stdout: $stdout"
}
expect_stderr_contains() {
  [[ $stderr == *"$1"* ]] || fail "stderr lacks '$1'; stderr: $stderr"
}
expect_stderr_lacks() {
  [[ $stderr != *"$1"* ]] || fail "stderr contains '$1'; stderr: $stderr"
}
expect_stdout_equals() {
  [[ $stdout == "$1" ]] || fail "stdout is '$stdout', expected '$1'"
}
# The whole of stdout matches the extended regular expression $1.
expect_stdout_matches() {
  [[ $stdout =~ ^$1$ ]] || fail "stdout is '$stdout', expected a match of '$1'"
}
expect_equal() {
  [[ $1 == "$2" ]] || fail "${3:-value}: '$1', expected '$2'"
}

# The same server as HRSI_TEST_DB (else HRSI_DB), another database name.
conninfo_with_dbname() {
  local server=$1 name=$2
  if [[ $server =~ ^postgres(ql)?:// ]]; then
    # Replace (or add) the path of the URI, keep the query string.
    echo "$server" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\\1/$name#"
  else
    echo "$server dbname=$name"
  fi
}

# Creates a database for this suite with the hrsi schema and exports HRSI_DB to it.
use_temp_database() {
  local server=${HRSI_TEST_DB:-${HRSI_DB:-}}
  if [[ -z $server ]]; then
    echo "e2e: set HRSI_TEST_DB or HRSI_DB (scripts/local-services up && eval \"\$(scripts/local-services env)\")" >&2
    exit 1
  fi
  local name="hrsi_e2e_$(basename "$0" .sh)_$$"
  local admin; admin=$(conninfo_with_dbname "$server" postgres)
  psql -X -q "$admin" -c "create database $name" >/dev/null || exit 1
  at_exit "psql -X -q '$admin' -c 'drop database if exists $name with (force)' >/dev/null"
  export HRSI_DB; HRSI_DB=$(conninfo_with_dbname "$server" "$name")
  hrsi-db -q init || exit 1
}

# Jobs and the database, for suites with a database (use_temp_database, or the fault suites'
# use_private_services): SQL, test jobs, statuses, waiting. A suite may define its own variant
# after sourcing this file.
sql() { psql -X -q -tA -v ON_ERROR_STOP=1 "$HRSI_DB" -c "$1"; }
# New ready test jobs, one per name given; prints their ids, one a line.
new_jobs() {
  local ids
  ids=$(printf '%s\n' "$@" | hrsi-create-jobs -q --type test_job -)
  [[ $(wc -l <<<"$ids") -eq $# ]] || fail "expected $# job(s) created for $*, got '$ids'"
  echo "$ids"
}
# The test job's program, a JSON array; "" for the type's default.
program() {
  if [[ -z $1 ]]; then
    hrsi-db -q params unset command_for_test_job_processing
  else
    hrsi-db -q params set command_for_test_job_processing "$1"
  fi || fail "cannot set the program to $1"
}
status_of() { sql "select s.name from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status where j.id = $1"; }
# The statuses of a job's history, in order, on one line.
statuses() {
  sql "select string_agg(s.name, ' ' order by c.id) from hrsi.job_status_changes c
         join hrsi.job_status s on s.id = c.status where c.job_id = $1"
}
# Waits (at most $3 seconds) until the job's status is $2; false if it never is.
wait_for_status() {
  local id=$1 wanted=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(status_of "$id" 2>/dev/null) == "$wanted" ]] && return 0
    sleep 0.1
  done
  return 1
}

# Waits (at most $2 seconds) for a background process to end; sets $bg_status.
wait_for_exit() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "process $pid still runs after $2 s"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid"
  bg_status=$?
}

finish() {
  _close_test
  local passed=$((_tests - _failed_tests))
  echo "$passed passed, $_failed_tests failed"
  [[ $_failed_tests -eq 0 ]]
}
