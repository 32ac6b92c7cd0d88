#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's first command, scripts/demo, from a clean state of its own: every job ends done
# (SWS/WDS after the FSC of their day is published, RLIE-S1+S2 after the RLIE and RLIE-S1, GFSC
# after the SWS and WDS),
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
expect_stderr_contains "Messages: 76 confirmed"
eval "$("$HRSI_SOURCE_DIR/scripts/local-services" env)"
expect_equal "$(hrsi-status summary --json | grep -c '"status":"done"')" "6" "types with done jobs"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status = 12')" "42" "jobs done"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status <> 12')" "0" "jobs not done"
# 11 FSC/RLIE jobs with products (the cloudy one has none), 2 products each; 2 RLIE-S1 jobs with
# one product per tile their GRD meets (12 and 16; the GRD off Portugal meets none); 11 SWS/WDS
# jobs, one per mountain tile of the datatake's four assemblies, each with its SWS, and a WDS on
# 32TLR and 31TGL (an FSC of 2025-01-05); 2 RLIE-S1+S2 jobs, on 31TGL and 32TLR (RLIE and
# RLIE-S1 products of 2025-01-05), one product each; 11 GFSC jobs, one per tile with an SWS
# (the tiles' WDS and FSC among their inputs), one product each; with quicklooks.
expect_equal "$(find "$state/demo/products/CLMS" -mindepth 8 -maxdepth 8 -type d | wc -l)" "76" "product folders"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Snow/GFSC" -mindepth 4 -maxdepth 4 -type d | wc -l)" \
  "11" "GFSC product folders"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.gfsc_jobs where gfsc_json_publication_date is not null and gfsc_id like 'GFSC_20250105-007_S1-S2_T%' and jsonb_array_length(sws_id_list) = 1")" \
  "11" "GFSC jobs published, each with its tile's SWS"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select string_agg(tile_id || ':' || jsonb_array_length(wds_id_list) || ':' || jsonb_array_length(fsc_id_list), ' ' order by tile_id) from hrsi.gfsc_jobs where tile_id in ('31TGL', '32TLR')")" \
  "31TGL:1:1 32TLR:1:1" "GFSC inputs: the WDS and the FSC of the day"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1S2" -mindepth 4 -maxdepth 4 -type d | sed 's|.*/||' | sort | paste -sd' ')" \
  "RLIE_20250105T103429_S1-S2_T31TGL_V100_1 RLIE_20250105T103429_S1-S2_T32TLR_V100_1" "RLIE-S1+S2 products"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.rlies1s2_jobs where publication_date_rlies1s2 is not null and jsonb_array_length(rlies1_product_paths_json) = 1 and jsonb_array_length(rlies2_product_paths_json) = 1")" \
  "2" "RLIE-S1+S2 jobs published, each from one RLIE and one RLIE-S1 product"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE_S1" -mindepth 4 -maxdepth 4 -type d | wc -l)" \
  "28" "RLIE-S1 product folders"
expect_equal "$(find "$state/demo/products/Preview" -name thumbnail.png | wc -l)" "76" "quicklooks"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Snow/SWS" -mindepth 4 -maxdepth 4 -type d | wc -l)" \
  "11" "SWS product folders"
expect_equal "$(find "$state/demo/products/CLMS/Pan-European/High_Resolution_Layers/Snow/WDS" -mindepth 4 -maxdepth 4 -type d | sed 's|.*/||' | sort | paste -sd' ')" \
  "WDS_20250105T171530_S1A_T31TGL_V101_0 WDS_20250105T171530_S1A_T32TLR_V101_0" "WDS products"
# One master per assembly built it and recorded it; the others read it.
expect_equal "$(find "$state/demo/internal/hrsi-sip-data/s1_assembly" -name 's1_assembly_*.tif' | wc -l)" "4" "assemblies"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.sws_wds_jobs where assembly_master_job_id = 0 and assembly_status = 'generated'")" \
  "4" "masters with their assembly generated"
expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.sws_wds_jobs w join hrsi.jobs j on j.id = w.job_id where j.output_published_at < (select max(fsc_json_publication_date) from hrsi.fsc_rlie_jobs)")" \
  "0" "SWS/WDS published before the FSC"
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
expect_equal "$n" "76" "messages in queue json"

TEST "running it again creates and publishes nothing new"
run "$HRSI_SOURCE_DIR/scripts/demo"
expect_status 0
expect_stderr_contains "0 job(s) created"
expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs')" "42" "jobs"
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
  expect_stderr_contains "4 job(s) of type sws_wds_job (SWS/WDS; jobs 19 ... 29): submitted as Slurm job array"
  expect_stderr_contains "Every job is done"
  expect_stderr_contains "Messages: 76 confirmed"
  expect_equal "$(psql -X -tA "$HRSI_DB" -c 'select count(*) from hrsi.jobs where last_status = 12')" "42" "jobs done"
  expect_equal "$(psql -X -tA "$HRSI_DB" -c "select count(*) from hrsi.jobs where executor_handle ~ '^slurm:[0-9]+_[0-9]+$'")" \
    "42" "jobs run by Slurm"
fi

finish
