#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-db end to end: schema life, checks, parameters, and its bad-input paths.
source "$(dirname "$0")/lib.sh"

TEST "--help prints usage and the commands"
run hrsi-db --help
expect_status 0
expect_stdout_contains "Usage"
for command in init migrate version check resync params; do expect_stdout_contains "$command"; done

TEST "unknown option: exit 64 with a usage hint"
run hrsi-db --frobnicate
expect_status 64
expect_stderr_contains "--frobnicate"
expect_stderr_contains "hrsi-db --help"

TEST "no command: exit 64"
run hrsi-db
expect_status 64

TEST "database unreachable: exit 69 naming the target, never the password"
HRSI_DB='postgresql://operator:s3cr3t-pw@127.0.0.1:1/jobs?connect_timeout=3' run hrsi-db version
expect_status 69
expect_stderr_contains "database 'jobs' as user 'operator' on 127.0.0.1:1"
expect_stderr_lacks "s3cr3t-pw"

TEST "a password on the command line is refused"
run hrsi-db --db 'postgresql://operator:s3cr3t-pw@127.0.0.1:1/jobs' version
expect_status 64
expect_stderr_contains "must not contain a password"
expect_stderr_lacks "s3cr3t-pw"

use_temp_database

TEST "version, migrate twice, init again"
run hrsi-db version
expect_status 0
version=$stdout
[[ $version -ge 2 ]] || fail "version '$version' is not a schema version"
run hrsi-db migrate
expect_status 0
expect_stderr_contains "nothing to do"
run hrsi-db init
expect_status 65
expect_stderr_contains "already has an hrsi schema"
expect_stderr_contains "hrsi-db migrate"

TEST "a fresh database: version 0, init --dry-run changes nothing, init creates"
fresh=$(conninfo_with_dbname "$HRSI_DB" "${HRSI_DB##*/}_fresh")
fresh=${fresh%%\?*}_fresh
admin=$(conninfo_with_dbname "$HRSI_DB" postgres)
fresh_name="hrsi_e2e_fresh_$$"
fresh=$(conninfo_with_dbname "$HRSI_DB" "$fresh_name")
psql -X -q "$admin" -c "create database $fresh_name" >/dev/null
at_exit "psql -X -q '$admin' -c 'drop database if exists $fresh_name with (force)' >/dev/null"
HRSI_DB=$fresh run hrsi-db version
expect_stdout_equals 0
expect_stderr_contains "run 'hrsi-db init'"
HRSI_DB=$fresh run hrsi-db init --dry-run
expect_status 0
expect_stderr_contains "would apply migration 001"
HRSI_DB=$fresh run hrsi-db version
expect_stdout_equals 0
HRSI_DB=$fresh run hrsi-status summary
expect_status 69
expect_stderr_contains "has no hrsi schema; run 'hrsi-db init'"
HRSI_DB=$fresh run hrsi-db init
expect_status 0
expect_stderr_contains "applied migration 001"
HRSI_DB=$fresh run hrsi-db version
expect_stdout_equals "$version"

TEST "check passes on a consistent database, fails (65) on a stale cache, resync repairs"
psql -X -q "$HRSI_DB" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
insert into hrsi.jobs (job_type, name) values ('test_job', 'one'), ('test_job', 'two');
insert into hrsi.test_jobs (job_id) select id from hrsi.jobs;
select hrsi.set_job_status(id, 1::smallint) from hrsi.jobs;
SQL
run hrsi-db check
expect_status 0
ids=$(psql -X -tA "$HRSI_DB" -c "select id from hrsi.jobs where name = 'two'")
psql -X -q "$HRSI_DB" -c "set session_replication_role = replica; update hrsi.jobs set last_status = 12 where name = 'two'" >/dev/null
run hrsi-db check
expect_status 65
expect_stdout_contains "$ids"
expect_stderr_contains "hrsi-db resync"
run hrsi-db check --json
expect_stdout_contains "\"job_id\":$ids"
run hrsi-db resync --dry-run
expect_stdout_equals "$ids"
run hrsi-db check
expect_status 65
run hrsi-db resync
expect_status 0
expect_stdout_equals "$ids"
run hrsi-db check
expect_status 0

TEST "params: list, get, set with validation and history, reset"
run hrsi-db params list
expect_status 0
expect_stdout_contains "max_attempts"
expect_stdout_contains "s2_processing_start_date"
run hrsi-db params get max_attempts
expect_stdout_equals 3
run hrsi-db params get post_processing_timeout_minutes
expect_status 0
expect_stdout_equals ""
run hrsi-db params set max_attempts 5
expect_status 0
expect_stderr_contains "max_attempts: 3 -> 5"
run hrsi-db params set max_attempts five
expect_status 65
expect_stderr_contains "max_attempts"
run hrsi-db params set s2_processing_start_date 2021-02-30
expect_status 65
run hrsi-db params set job_types_list '["test_job","warp_job"]'
expect_status 65
expect_stderr_contains "warp_job"
run hrsi-db params set no_such_parameter 1
expect_status 65
expect_stderr_contains "unknown system parameter 'no_such_parameter'"
run hrsi-db params set max_attempts 7 --dry-run
expect_status 0
run hrsi-db params get max_attempts
expect_stdout_equals 5
run hrsi-db params history max_attempts --json
expect_stdout_contains '"value":"3"'
expect_stdout_contains '"value":"5"'
run hrsi-db params reset max_attempts
run hrsi-db params get max_attempts --json
expect_stdout_equals '{"name":"max_attempts","type":"integer","value":3,"default":3}'
run hrsi-db params get job_types_list --json
expect_stdout_equals '{"name":"job_types_list","type":"jsonb","value":["test_job", "fsc_rlie_job", "rlies1_job", "sws_wds_job", "rlies1s2_job", "gfsc_job"],"default":["test_job", "fsc_rlie_job", "rlies1_job", "sws_wds_job", "rlies1s2_job", "gfsc_job"]}'
run hrsi-db params list
expect_stdout_contains "2021-05-01"
expect_stderr_lacks "::date"

TEST "params: unset clears a nullable parameter, refuses a required one"
run hrsi-db params unset queued_timeout_minutes
expect_status 0
run hrsi-db params get queued_timeout_minutes
expect_stdout_equals ""
run hrsi-db params reset queued_timeout_minutes
run hrsi-db params get queued_timeout_minutes
expect_stdout_equals 60
run hrsi-db params unset max_attempts
expect_status 65
expect_stderr_contains "refuses null"
run hrsi-db params get max_attempts
expect_stdout_equals 3

TEST "params: missing arguments are usage errors"
run hrsi-db params set max_attempts
expect_status 64
run hrsi-db params frob
expect_status 64

finish
