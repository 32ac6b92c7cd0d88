#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The plug-in claim (issue 15): plugin_test_job, a job type written only for tests (one class
# tests/plugin/plugin_test_job.{hpp,cpp}, one migration plugin_test_job.sql, one registry call),
# goes through the programs of a test build that know it (PATH: tests/plugin/bin first) —
# hrsi-create-jobs → hrsi-dispatch --executor local → hrsi-run-worker → hrsi-publish — against
# the real PostgreSQL and RabbitMQ. Its INPUT_PRODUCT_TYPE (s2) refuses a Sentinel-1 product
# with the reason; its program makes three products of its one OUTPUT_PRODUCTS_LIST type (PLG),
# published as three messages, and one product of another type, ignored with a log line.
source "$(dirname "$0")/../e2e/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
peek=$source_dir/tests/support/amqp-peek
url=${HRSI_TEST_AMQP:-${HRSI_AMQP_URL:-}}
[[ -n $url ]] || { echo "plugin: set HRSI_TEST_AMQP or HRSI_AMQP_URL" >&2; exit 1; }
[[ $(command -v hrsi-dispatch) == */tests/plugin/bin/hrsi-dispatch ]] ||
  { echo "plugin: the test build's programs must come first on PATH, not $(command -v hrsi-dispatch)" >&2; exit 1; }
unset NOMAD_META_job_id NOMAD_META_attempt HRSI_EXECUTOR HRSI_AMQP_URL
root=$(mktemp -d)
at_exit "rm -rf '$root'"
export HRSI_RUNTIME=none HRSI_WORK_ROOT=$root/work
use_temp_database
psql -X -q -v ON_ERROR_STOP=1 -f "${HRSI_PLUGIN_SQL:-$(dirname "$0")/plugin_test_job.sql}" "$HRSI_DB" >/dev/null ||
  { echo "plugin: cannot apply plugin_test_job.sql" >&2; exit 1; }
mkdir -p "$root/products"
hrsi-db -q params set products_storage_url "file://$root/products" || exit 1
hrsi-db -q params set job_types_list '["plugin_test_job"]' || exit 1
# The program: three PLG products and one XTR product, each a folder with its metadata.
hrsi-db -q params set command_for_plugin_test_job '["sh", "-c", "cd \"$0\" && for p in PLG_A_V100 PLG_B_V100 PLG_C_V100 XTR_A_V100; do mkdir -p outputs/data/$p && echo data > outputs/data/$p/$p.tif && echo \"{\\\"resto\\\":{}}\" > outputs/data/$p/dias_catalog_submit.json; done", "/work"]' ||
  exit 1
name=hrsi-e2e-plugin-$$-$RANDOM
at_exit "amqp-delete-queue --url '$url' -q '$name-json' >/dev/null 2>&1; '$peek' --delete-exchange '$url' '$name-products' >/dev/null 2>&1; true"

s2=S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T124512
s1=S1A_IW_GRDH_1SDV_20250105T053516_20250105T053541_057313_070D3C_5B1E
answer="{\"value\":[{\"Name\":\"$s2.SAFE\",\"S3Path\":\"/eodata/Sentinel-2/MSI/L1C/2025/01/05/$s2.SAFE\",\"PublicationDate\":\"2025-01-05T12:00:00Z\"},
                   {\"Name\":\"$s1.SAFE\",\"S3Path\":\"/eodata/Sentinel-1/SAR/GRD/2025/01/05/$s1.SAFE\",\"PublicationDate\":\"2025-01-05T12:00:00Z\"}]}"

TEST "the built-in programs do not know the type; the test build's do"
builtin=${HRSI_BUILD_DIR:-$source_dir/build}/tools/hrsi-create-jobs
[[ -x $builtin ]] || fail "no built-in hrsi-create-jobs at $builtin"
RUN_STDIN=$answer run "$builtin" --type plugin_test_job --dry-run -
expect_status 64
expect_stderr_contains "unknown job type 'plugin_test_job'"
run hrsi-create-jobs --help
expect_status 0

TEST "hrsi-create-jobs: one job for the L1C, the Sentinel-1 product refused with its reason"
RUN_STDIN=$answer run hrsi-create-jobs --type plugin_test_job -
expect_status 0
job=$stdout
[[ $job =~ ^[0-9]+$ ]] || fail "expected one job id, got '$stdout'"
expect_stderr_contains "$s1"
expect_stderr_contains "Sentinel-1"
expect_equal "$(sql "select job_type || ' ' || product_id || ' ' || tile_id from hrsi.jobs")" "plugin_test_job $s2 32TLR" "the jobs"
expect_equal "$(status_of "$job")" ready "status of the new job"

TEST "hrsi-dispatch --executor local runs hrsi-run-worker on it: three PLG products uploaded and recorded, XTR ignored"
run hrsi-dispatch --executor local --parallel 1
expect_status 0
expect_equal "$(status_of "$job")" processed "status after the worker"
expect_stderr_contains "XTR_A_V100 is of type XTR, not in OUTPUT_PRODUCTS_LIST (PLG): ignored"
# JOB_NAME in the dispatcher's lines and in the worker's own (its warnings are relayed).
expect_stderr_contains "job $job (Plug-in test), attempt 1: running a worker"
expect_stderr_contains "Plug-in test: product XTR_A_V100 is of type XTR"
expect_equal "$(sql "select string_agg(p->>'title', ' ' order by p->>'title') from hrsi.plugin_test_jobs, jsonb_array_elements(products) p")" \
  "PLG_A_V100 PLG_B_V100 PLG_C_V100" "the recorded products"
uploaded=$(cd "$root/products" && find . -name '*.tif' | sort | tr '\n' ' ')
expect_equal "$uploaded" "./CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_A_V100/PLG_A_V100.tif ./CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_B_V100/PLG_B_V100.tif ./CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_C_V100/PLG_C_V100.tif " "uploaded files"
run hrsi-status show "$job"
expect_status 0
expect_stdout_contains "Plug-in test"
expect_stdout_contains "products:"
expect_equal "$(grep -c 'PLG_[ABC]_V100 .*/Test/PLG/2025/01/05/PLG_[ABC]_V100 .*not published' <<<"$stdout")" 3 "products shown, not published"

TEST "hrsi-publish: three messages, one per product, then done"
run hrsi-publish --exchange "$name-products" --queue "$name-json" --amqp-url-file <(printf '%s\n' "$url")
expect_status 0
expect_equal "$(status_of "$job")" done "status after publication"
messages=$("$peek" "$url" "$name-json") || fail "amqp-peek could not read the queue"
expect_equal "$(wc -l <<<"$messages")" 3 "messages"
titles=$(python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line); p = json.loads(m["body"])["resto"]["properties"]
    print(m["message_id"], p["title"], p["productType"], p["productIdentifier"])' <<<"$messages" | sort)
expect_equal "$titles" "PLG_A_V100 PLG_A_V100 PLG /eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_A_V100
PLG_B_V100 PLG_B_V100 PLG /eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_B_V100
PLG_C_V100 PLG_C_V100 PLG /eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Test/PLG/2025/01/05/PLG_C_V100" "message ids, titles, types, paths"
expect_equal "$(sql "select published_at is not null from hrsi.plugin_test_jobs")" t "the type's publication date"
run hrsi-status show "$job"
expect_equal "$(grep -c 'PLG_[ABC]_V100 .* published 20' <<<"$stdout")" 3 "products shown published"
run hrsi-status show "$job" --json
expect_status 0
expect_equal "$(python3 -c 'import json, sys
job = json.loads(sys.stdin.read())
print(job["job_type"], " ".join(p["product"] + ":" + p["title"] + ":" + p["publication"][:12] for p in job["output_products"]))' <<<"$stdout")" \
  "plugin_test_job PLG:PLG_A_V100:published 20 PLG:PLG_B_V100:published 20 PLG:PLG_C_V100:published 20" "products in the JSON record"
hrsi-db -q check >"$root/check.out" 2>&1 || fail "hrsi-db check: $(head -n 5 "$root/check.out")"

finish
