#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's first command, scripts/demo, from a clean state of its own: every job ends done,
# the products are on the (local) storage, the messages are in the broker; a second run
# creates and publishes nothing new; from an empty schema, `--executor slurm` runs the same jobs
# through the private single-node Slurm.
source "$(dirname "$0")/lib.sh"

state=$(mktemp -d /tmp/hrsi-demo-test.XXXXXX)
at_exit "HRSI_STATE_DIR='$state' '$HRSI_SOURCE_DIR/scripts/local-services' down >/dev/null 2>&1; rm -rf '$state'"
export HRSI_STATE_DIR=$state

TEST "scripts/demo runs the main job end to end"
run "$HRSI_SOURCE_DIR/scripts/demo"
expect_status 0
expect_stderr_contains "Every job is done"
expect_stderr_contains "Messages: 50 confirmed"
eval "$("$HRSI_SOURCE_DIR/scripts/local-services" env)"
expect_equal "$(hrsi-status summary --json | grep -c '"status":"done"')" "3" "types with done jobs"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status = 12')" "18" "jobs done"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status <> 12')" "0" "jobs not done"
# 11 FSC/RLIE jobs with products (the cloudy one has none), 2 products each; 2 RLIE-S1 jobs with
# one product per tile their GRD meets (12 and 16; the GRD off Portugal meets none); with quicklooks.
expect_equal "$(find "$state/demo/products/CLMS" -mindepth 8 -maxdepth 8 -type d | wc -l)" "50" "product folders"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1" -mindepth 4 -maxdepth 4 -type d | wc -l)" \
  "28" "RLIE-S1 product folders"
expect_equal "$(find "$state/demo/products/Preview" -name thumbnail.png | wc -l)" "50" "quicklooks"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.rlies1_jobs where rlies1_products_publication_date is not null")" \
  "2" "RLIE-S1 jobs published"
# Job folders gone; the host's auxiliary-data cache (work/aux-cache) stays for the next jobs.
expect_equal "$(find "$state/demo/work" -mindepth 2 -maxdepth 2 -not -path "*/aux-cache/*" 2>/dev/null | wc -l)" "0" "work folders left"
expect_equal "$(find "$state/demo/work/aux-cache/data" -name "csi_aux%2Fcsi_aux_*.tar@1" | wc -l)" "3" "auxiliary tars cached"

TEST "the messages are in the broker, as the outbox holds them"
n=0
while body=$(amqp-get --url "$HRSI_AMQP_URL" -q json 2>/dev/null); do
  n=$((n + 1))
  title=$(sed -n 's/.*"title":"\([^"]*\)".*/\1/p' <<<"$body")
  stored=$(psql -X -tA "$HRSI_DB" -c "select body from hrsi.publications where message_id = '$title'")
  [[ "$stored" == "$body" ]] || fail "message $title differs from the outbox"
done
expect_equal "$n" "50" "messages in queue json"

TEST "running it again creates and publishes nothing new"
run "$HRSI_SOURCE_DIR/scripts/demo"
expect_status 0
expect_stderr_contains "0 job(s) created"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs')" "18" "jobs"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.publications where attempts > 1')" "0" \
  "messages sent twice"

TEST "scripts/demo --executor slurm: the same jobs as batch jobs of the private Slurm, every job done"
if [[ -z ${SLURM_CONF:-} ]]; then
  fail "no Slurm in this state folder (scripts/setup installs slurmctld, slurmd, munge)"
else
  psql -X -q "$HRSI_DB" -c 'drop schema hrsi cascade' >/dev/null 2>&1 || fail "cannot drop the schema"
  run "$HRSI_SOURCE_DIR/scripts/demo" --executor slurm
  expect_status 0
  expect_stderr_contains "3 job(s) of type fsc_rlie_job (FSC/RLIE; jobs 1 ... 3): submitted as Slurm job array"
  expect_stderr_contains "3 job(s) of type rlies1_job (rlies1; jobs 13 ... 15): submitted as Slurm job array"
  expect_stderr_contains "3 job(s) of type test_job (test_job; jobs 16 ... 18): submitted as Slurm job array"
  expect_stderr_contains "Every job is done"
  expect_stderr_contains "Messages: 50 confirmed"
  expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status = 12')" "18" "jobs done"
  expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.jobs where executor_handle ~ '^slurm:[0-9]+_[0-9]+$'")" \
    "18" "jobs run by Slurm"
fi

finish
