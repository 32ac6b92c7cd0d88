#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hrsi-publish end to end, against the private RabbitMQ (HRSI_TEST_AMQP, else HRSI_AMQP_URL):
# usage errors, unknown jobs and jobs in another status, no broker URL, --dry-run, publishing
# (exact bodies, message ids, properties and headers, read back by independent consumers:
# amqp-get of amqp-tools and tests/support/amqp-peek, which decodes the frames itself), a
# rerun, refused credentials, an unreachable broker, returned messages, --amqp-url-file, the
# `hrsi-status list ... --ids | hrsi-publish -` pipeline, and endpoint failure reports
# (--failures) published with amqp-publish.
#
# Every run uses exchanges and queues of its own (hrsi-e2e-publish-<pid>-<random>-...): the
# queues are deleted at exit with amqp-delete-queue; amqp-tools has no command to delete an
# exchange, so tests/support/amqp-peek --delete-exchange does it (exchange.delete).
source "$(dirname "$0")/lib.sh"

source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
peek=$source_dir/tests/support/amqp-peek
nowhere='host=/nonexistent/hrsi-e2e-publish dbname=none connect_timeout=1'
url=${HRSI_TEST_AMQP:-${HRSI_AMQP_URL:-}}
if [[ -z $url ]]; then
  echo "e2e: set HRSI_TEST_AMQP or HRSI_AMQP_URL (scripts/local-services up && eval \"\$(scripts/local-services env)\")" >&2
  exit 1
fi
# Nothing from the caller's environment decides for the program: the URL is given per run.
unset HRSI_AMQP_URL HRSI_AMQP_CA_CERT
for tool in amqp-get amqp-publish amqp-delete-queue python3; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is not installed (amqp-tools, python3)" >&2; exit 1; }
done

name=hrsi-e2e-publish-$$-$RANDOM
exchange=$name-products        # direct, declared by hrsi-publish
queue=$name-json               # bound to it with the routing key json
lonely=$name-unbound           # an exchange with no queue: mandatory messages come back
failures_exchange=$name-indexering
failures_queue=$name-failed
cleanup_broker() {
  local q x
  for q in "$queue" "$failures_queue"; do amqp-delete-queue --url "$url" -q "$q" >/dev/null 2>&1; done
  for x in "$exchange" "$lonely" "$failures_exchange"; do "$peek" --delete-exchange "$url" "$x" >/dev/null 2>&1; done
  return 0
}
at_exit cleanup_broker
publish=(hrsi-publish --exchange "$exchange" --queue "$queue")

TEST "--help: usage, the statuses, the options and the manual page"
run hrsi-publish --help
expect_status 0
expect_stdout_contains "Usage: hrsi-publish"
for word in start_publication published "done"; do expect_stdout_contains "$word"; done
for option in --type --exchange --routing-key --queue --amqp-url-file --confirm-timeout --batch \
              --failures --failures-exchange --failures-queue --dry-run --db --config; do
  expect_stdout_contains "$option"
done
expect_stdout_contains "Manual: man hrsi-publish"
[[ -z $stderr ]] || fail "--help wrote on stderr: $stderr"

# Found before connecting: HRSI_DB points at nothing.
TEST "usage errors: unknown option, unreadable or empty --amqp-url-file: exit 64"
HRSI_DB=$nowhere run hrsi-publish --no-such-option
expect_status 64
expect_stderr_contains "hrsi-publish --help"
HRSI_DB=$nowhere run hrsi-publish --amqp-url-file /nonexistent/amqp-url
expect_status 64
expect_stderr_contains "/nonexistent/amqp-url"
: >"$_tmp/empty-url"
HRSI_DB=$nowhere run hrsi-publish --amqp-url-file "$_tmp/empty-url"
expect_status 64
expect_stderr_contains "is empty"
HRSI_DB=$nowhere run hrsi-publish --batch 0
expect_status 64
expect_stderr_contains "--batch"
HRSI_DB=$nowhere run hrsi-publish --type no_such_type
expect_status 64
expect_stderr_contains "no_such_type"

use_temp_database

# --- helpers -----------------------------------------------------------------------------------
# The statuses of a job's history, in order, on one line (an error: "status(subtype)").
statuses() {
  sql "select string_agg(s.name || coalesce('(' || c.error_subtype || ')', ''), ' ' order by c.id)
         from hrsi.job_status_changes c join hrsi.job_status s on s.id = c.status where c.job_id = $1"
}
count_in() { sql "select count(*) from hrsi.jobs where last_status = (select id from hrsi.job_status where name = '$1')"; }
outbox_rows() { sql "select count(*) from hrsi.publications"; }
# The messages waiting in a queue, taken (JSON Lines, one per message, from amqp-peek).
take_messages() { "$peek" "$url" "$1" || fail "amqp-peek could not read the queue $1"; }
json_field() { python3 -c 'import json, sys; print(json.loads(sys.stdin.read())'"$1"')'; }

# new_fsc_jobs COUNT MODE: COUNT new fsc_rlie jobs (one sensing day each, on tile 32TLR), in
# `created` as hrsi-create-jobs leaves them (configured or ready), or walked to processed
# (MODE processed: with FSC and RLIE products and their metadata as the processor writes it;
# MODE no_product: without). Sets the array `created` to their ids.
day=0
new_fsc_jobs() {
  local count=$1 mode=$2 answer="" i date
  for ((i = 0; i < count; i++)); do
    date=$(date -u -d "2025-01-01 + $day days" +%Y%m%d)
    day=$((day + 1))
    answer+="${answer:+,}{\"Name\":\"S2B_MSIL1C_${date}T103429_N0511_R108_T32TLR_${date}T124512.SAFE\",\"S3Path\":\"/eodata/Sentinel-2/MSI/L1C/${date}/S2B_MSIL1C_${date}T103429_N0511_R108_T32TLR_${date}T124512.SAFE\",\"PublicationDate\":\"$(date -u -d "$date" +%Y-%m-%d)T12:00:00Z\"}"
  done
  mapfile -t created < <(echo "{\"value\":[$answer]}" | hrsi-create-jobs -q --type fsc_rlie_job -)
  [[ ${#created[@]} == "$count" ]] || fail "expected $count new jobs, hrsi-create-jobs printed: ${created[*]}"
  [[ $mode == created ]] && return
  local list; list=$(IFS=,; echo "${created[*]}")
  sql "select hrsi.append_status_changes(array_agg(x.id order by x.id, x.n), array_agg(x.s order by x.id, x.n))
         from (select j.id, u.s, u.n from hrsi.jobs j,
                      unnest(case j.last_status when 2 then '{3,4,5,6,7,8,9}'::smallint[]
                                                when 3 then '{4,5,6,7,8,9}'::smallint[] end)
                        with ordinality u(s, n)
                where j.id in ($list)) x" >/dev/null || fail "cannot walk jobs $list to processed"
  [[ $mode == no_product ]] && return
  # FSC and RLIE products as hrsi-run-worker records them: path under products_path_prefix,
  # the processor's metadata (resourceSize in KB, with a fraction), a completion date.
  sql "update hrsi.fsc_rlie_jobs f set
         fsc_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/' || to_char(measurement_date, 'YYYY/MM/DD')
                    || '/FSC_' || to_char(measurement_date, 'YYYYMMDD') || 'T103429_S2B_T32TLR_V102_0',
         rlie_path = '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE/' || to_char(measurement_date, 'YYYY/MM/DD')
                    || '/RLIE_' || to_char(measurement_date, 'YYYYMMDD') || 'T103429_S2B_T32TLR_V102_0',
         fsc_infos = jsonb_build_object('resto', jsonb_build_object(
             'geometry', jsonb_build_object('wkt', 'POLYGON((6 45, 7 45, 7 46, 6 45))'),
             'properties', jsonb_build_object('resourceSize', 123.7, 'resolution', 20, 'cloudCover', 12.5,
                 'startDate', to_char(measurement_date, 'YYYY-MM-DD') || 'T10:34:29.024000'))),
         rlie_infos = jsonb_build_object('resto', jsonb_build_object(
             'geometry', jsonb_build_object('wkt', 'POLYGON((6 45, 7 45, 7 46, 6 45))'),
             'properties', jsonb_build_object('resourceSize', 7, 'resolution', 20, 'cloudCover', 12.5,
                 'startDate', to_char(measurement_date, 'YYYY-MM-DD') || 'T10:34:29.024000'))),
         fsc_completion_date = timestamptz '2025-03-04 05:06:07.123456+00',
         rlie_completion_date = timestamptz '2025-03-04 05:06:08+00'
       where job_id in ($list)" >/dev/null || fail "cannot record the products of jobs $list"
}

TEST "an unknown job: exit 65 naming it, nothing published"
new_fsc_jobs 1 processed
job=${created[0]}
run "${publish[@]}" 999999 "$job"
expect_status 65
expect_stderr_contains "job 999999 does not exist"
expect_equal "$(status_of "$job")" processed "status of the known job given with it"
expect_equal "$(outbox_rows)" 0 "outbox rows"

TEST "a job that is not in a publication status: exit 65, left alone (no broker needed)"
new_fsc_jobs 1 created
waiting=${created[0]}
before=$(statuses "$waiting")
run "${publish[@]}" "$waiting"
expect_status 65
expect_stderr_contains "job $waiting is"
expect_stderr_contains "leaving it alone"
expect_equal "$(statuses "$waiting")" "$before" "history of the job"
expect_stdout_equals ""

TEST "no broker URL: jobs without product reach done, those with products wait; exit 64 naming HRSI_AMQP_URL"
# A job without product of the same type (same batch) and a test job (another batch) beside it.
new_fsc_jobs 1 no_product
fsc_without=${created[0]}
test_job=$(echo no-product-job | hrsi-create-jobs -q --type test_job -)
sql "select hrsi.append_status_changes(array[$test_job, $test_job, $test_job, $test_job, $test_job, $test_job]::bigint[],
                                       '{4,5,6,7,8,9}'::smallint[])" >/dev/null
run hrsi-publish --exchange "$exchange" --queue "$queue"
expect_status 64
expect_stderr_contains "HRSI_AMQP_URL"
expect_equal "$(status_of "$job")" processed "status of the job with products"
expect_equal "$(count_in start_publication)" 0 "jobs in start_publication"
expect_equal "$(outbox_rows)" 0 "outbox rows"
# Jobs without product need no broker: they reach done (processed -> done), in every batch.
expect_equal "$(status_of "$fsc_without")" done "the FSC/RLIE job without product"
expect_equal "$(status_of "$test_job")" done "the test job"
expect_equal "$(statuses "$test_job")" "initialized configured ready queued started pre_processing processing post_processing processed done" \
  "history of the test job"
expect_stdout_equals "$fsc_without
$test_job"

TEST "--dry-run: one JSON document per product (JSON Lines), nothing written, no broker needed"
new_fsc_jobs 2 processed
dry=("$job" "${created[@]}")
changes_before=$(sql "select count(*) from hrsi.job_status_changes")
run hrsi-publish --dry-run
expect_status 0
expect_equal "$(wc -l <<<"$stdout")" 6 "documents printed for 3 jobs with 2 products each"
python3 -c '
import json, sys
for line in sys.stdin:
    document = json.loads(line)
    assert document["collection_name"] == "HR-S&I", line
    assert document["resto"]["type"] == "Feature", line
' <<<"$stdout" || fail "--dry-run printed something that is not one JSON document per line: $stdout"
while read -r line; do
  python3 -m json.tool <<<"$line" >/dev/null || fail "not JSON: $line"
done <<<"$stdout"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes")" "$changes_before" "status changes after --dry-run"
expect_equal "$(outbox_rows)" 0 "outbox rows after --dry-run"
expect_equal "$(count_in processed)" 3 "processed jobs after --dry-run"

TEST "the publication JSON of an FSC product, field by field (system parameters for host_base and s3_bucket)"
hrsi-db -q params set products_host_base s3.example.org || fail "cannot set products_host_base"
hrsi-db -q params set products_s3_bucket HRSI-E2E || fail "cannot set products_s3_bucket"
run hrsi-publish --dry-run "$job"
expect_status 0
fsc_document=$(grep '"title":"FSC_' <<<"$stdout")
date=$(sql "select to_char(measurement_date, 'YYYYMMDD') from hrsi.fsc_rlie_jobs where job_id = $job")
day_path=$(sql "select to_char(measurement_date, 'YYYY/MM/DD') from hrsi.fsc_rlie_jobs where job_id = $job")
day_dash=$(sql "select to_char(measurement_date, 'YYYY-MM-DD') from hrsi.fsc_rlie_jobs where job_id = $job")
title=FSC_${date}T103429_S2B_T32TLR_V102_0
object=CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/$day_path/$title
expected=$(cat <<EOF
{"collection_name":"HR-S&I","resto":{"type":"Feature","geometry":{"wkt":"POLYGON((6 45, 7 45, 7 46, 6 45))"},"properties":{"productIdentifier":"/eodata/HRSI/$object","title":"$title","resourceSize":125952,"organisationName":"EEA","startDate":"${day_dash}T10:34:29.024000","completionDate":"2025-03-04T05:06:07.123456","productType":"FSC","resolution":20,"mission":"S2","cloudCover":12.5,"processingBaseline":"V102","host_base":"s3.example.org","s3_bucket":"HRSI-E2E","thumbnail":"Preview/$object/thumbnail.png"}}}
EOF
)
# resourceSize: 1024 x int(123.7 KB) = 125952; RLIE: 1024 x 7 = 7168.
expect_equal "$fsc_document" "$expected" "FSC document"
rlie_size=$(grep '"title":"RLIE_' <<<"$stdout" | json_field '["resto"]["properties"]["resourceSize"]')
expect_equal "$rlie_size" 7168 "RLIE resourceSize"
rlie_completion=$(grep '"title":"RLIE_' <<<"$stdout" | json_field '["resto"]["properties"]["completionDate"]')
expect_equal "$rlie_completion" "2025-03-04T05:06:08.000000" "RLIE completionDate"

TEST "publish: exit 0, the done ids on stdout, the exact bodies in the queue with their message ids and headers"
HRSI_AMQP_URL=$url run "${publish[@]}"
expect_status 0
expect_stdout_equals "$(printf '%s\n' "${dry[@]}" | sort -n)"
for id in "${dry[@]}"; do
  expect_equal "$(statuses "$id" | sed 's/.* post_processing //')" "processed start_publication published done" \
    "end of the history of job $id"
done
expect_equal "$(outbox_rows)" 6 "outbox rows"
expect_equal "$(sql "select count(*) from hrsi.publications where confirmed_at is not null and attempts = 1
                     and last_error is null")" 6 "outbox rows confirmed at the first attempt"
expect_equal "$(sql "select count(*) from hrsi.fsc_rlie_jobs where job_id in ($(IFS=,; echo "${dry[*]}"))
                     and fsc_json_publication_date is not null and rlie_json_publication_date is not null")" 3 \
  "jobs with both publication dates"
expect_equal "$(sql "select count(*) from hrsi.jobs where output_published_at is not null")" 3 "jobs with output_published_at"
# The processor's metadata is kept (the sent document lives in the outbox).
expect_equal "$(sql "select fsc_infos->'resto'->'properties'->>'resourceSize' from hrsi.fsc_rlie_jobs where job_id = $job")" \
  123.7 "fsc_infos after publication"
# The first message through amqp-get (the body only), the others through amqp-peek.
first=$(amqp-get --url "$url" -q "$queue") || fail "amqp-get found no message in $queue"
first_title=$(json_field '["resto"]["properties"]["title"]' <<<"$first")
expect_equal "$first" "$(sql "select body from hrsi.publications where message_id = '$first_title'")" \
  "body of the message amqp-get took"
messages=$(take_messages "$queue")
expect_equal "$(grep -c . <<<"$messages")" 5 "messages left for amqp-peek"
printf '%s\n' "$messages" >"$_tmp/messages.jsonl"
python3 - "$HRSI_DB" "$exchange" "$_tmp/messages.jsonl" <<'EOF' || fail "the messages differ from the outbox (see above)"
import json, subprocess, sys
database, exchange, messages = sys.argv[1], sys.argv[2], sys.argv[3]
rows = subprocess.run(["psql", "-X", "-tA", "-F", "\t", database, "-c",
                       "select message_id, job_id, product, replace(body, E'\\t', ' ') from hrsi.publications"],
                      check=True, capture_output=True, text=True).stdout.splitlines()
outbox = {r.split("\t")[0]: r.split("\t")[1:] for r in rows}
ok = True
checked = 0
for line in open(messages):
    m = json.loads(line)
    checked += 1
    expected = outbox.get(m.get("message_id"))
    problems = []
    if expected is None:
        problems.append("message id not in the outbox")
    else:
        job_id, product, body = expected
        if m["body"] != body: problems.append("body differs from the outbox")
        if m.get("headers") != {"job_id": job_id, "product_type": product}: problems.append(f"headers {m.get('headers')}")
        if json.loads(m["body"])["resto"]["properties"]["title"] != m["message_id"]: problems.append("title != message id")
    if m.get("content_type") != "application/json": problems.append(f"content type {m.get('content_type')}")
    if m.get("delivery_mode") != 2: problems.append(f"delivery mode {m.get('delivery_mode')}")
    if m.get("exchange") != exchange or m.get("routing_key") != "json":
        problems.append(f"exchange {m.get('exchange')} routing key {m.get('routing_key')}")
    if problems:
        ok = False
        print("message", m.get("message_id"), ":", "; ".join(problems), file=sys.stderr)
if checked != 5:
    ok = False
    print(f"{checked} messages checked, expected 5", file=sys.stderr)
sys.exit(0 if ok else 1)
EOF

TEST "a rerun sends nothing and prints nothing"
HRSI_AMQP_URL=$url run "${publish[@]}"
expect_status 0
expect_stdout_equals ""
expect_equal "$(take_messages "$queue")" "" "messages after the rerun"
expect_equal "$(sql "select max(attempts) from hrsi.publications")" 1 "attempts"

TEST "refused credentials: exit 69, the password never shown, nothing written"
new_fsc_jobs 2 processed
refused=("${created[@]}")
wrong=$(sed -E 's#^(amqps?://[^:/@]*:)[^@]*@#\1pw-never-shown-e2e@#' <<<"$url")
[[ $wrong == *pw-never-shown-e2e* ]] || fail "cannot make a wrong-password URL from $url"
HRSI_AMQP_URL=$wrong run "${publish[@]}"
expect_status 69
expect_stderr_contains "refused"
expect_stderr_lacks "pw-never-shown-e2e"
expect_stdout_equals ""
expect_equal "$(count_in start_publication)" 0 "jobs in start_publication"
expect_equal "$(status_of "${refused[0]}")" processed "status"
expect_equal "$(outbox_rows)" 6 "outbox rows (those of the earlier jobs only)"

TEST "an unreachable broker (port 1): exit 69, nothing written"
HRSI_AMQP_URL='amqp://guest:guest@127.0.0.1:1/%2F' run "${publish[@]}"
expect_status 69
expect_stderr_contains "127.0.0.1:1"
expect_equal "$(count_in start_publication)" 0 "jobs in start_publication"
expect_equal "$(count_in processed)" 2 "processed jobs"
expect_equal "$(outbox_rows)" 6 "outbox rows"

TEST "returned messages (no queue bound to the exchange): exit 69, jobs back in processed with RabbitMQ Queue Error"
HRSI_AMQP_URL=$url run hrsi-publish --exchange "$lonely" --queue '' "${refused[@]}"
expect_status 69
expect_stderr_contains "NO_ROUTE"
expect_stdout_equals ""
for id in "${refused[@]}"; do
  expect_equal "$(statuses "$id" | sed 's/.* post_processing //')" \
    "processed start_publication external_error(RabbitMQ Queue Error) error_checked processed" "history of job $id"
done
expect_equal "$(sql "select count(*) from hrsi.publications where job_id in ($(IFS=,; echo "${refused[*]}"))
                     and confirmed_at is null and last_error like '%312 NO_ROUTE%'")" 4 "unconfirmed outbox rows with NO_ROUTE"

TEST "--amqp-url-file: the stored messages of the returned jobs are sent (second attempt)"
printf '%s\n' "$url" >"$_tmp/amqp-url"
chmod 600 "$_tmp/amqp-url"
run "${publish[@]}" --amqp-url-file "$_tmp/amqp-url"
expect_status 0
expect_stdout_equals "$(printf '%s\n' "${refused[@]}" | sort -n)"
messages=$(take_messages "$queue")
expect_equal "$(grep -c . <<<"$messages")" 4 "messages"
expect_equal "$(sql "select count(*) from hrsi.publications where job_id in ($(IFS=,; echo "${refused[*]}"))
                     and attempts = 2 and confirmed_at is not null")" 4 "outbox rows confirmed at the second attempt"
for id in "${refused[@]}"; do expect_equal "$(status_of "$id")" "done" "status of job $id"; done

TEST "the pipeline hrsi-status list --status processed --ids | hrsi-publish -"
new_fsc_jobs 3 processed
piped=("${created[@]}")
export HRSI_AMQP_URL=$url
run bash -c "hrsi-status list --status processed --ids | hrsi-publish --exchange '$exchange' --queue '$queue' -"
expect_status 0
expect_stdout_equals "$(printf '%s\n' "${piped[@]}" | sort -n)"
expect_equal "$(take_messages "$queue" | grep -c .)" 6 "messages"
expect_equal "$(count_in processed)" 0 "processed jobs left"

TEST "- with nothing on stdin publishes nothing (not every processed job)"
new_fsc_jobs 1 processed
RUN_STDIN="" run "${publish[@]}" -
expect_status 0
expect_stdout_equals ""
expect_equal "$(status_of "${created[0]}")" processed "status"
run "${publish[@]}" "${created[0]}"
expect_status 0
take_messages "$queue" >/dev/null
unset HRSI_AMQP_URL

TEST "--failures with job ids, or an id that is not a number: exit 64 (found after connecting to the database)"
HRSI_AMQP_URL=$url run hrsi-publish --failures 1
expect_status 64
expect_stderr_contains "--failures takes no job ids"
HRSI_AMQP_URL=$url run hrsi-publish abc
expect_status 64
expect_stderr_contains "abc"

failures=(hrsi-publish --exchange "$exchange" --queue "$queue" --failures-exchange "$failures_exchange"
          --failures-queue "$failures_queue" --failures)
TEST "--failures on an empty queue: exit 0, the topic exchange and the queue declared"
HRSI_AMQP_URL=$url run "${failures[@]}"
expect_status 0
expect_stderr_contains "0 failure report(s)"

TEST "--failures: a report published with amqp-publish makes the product arrive again; done -> external_error -> error_checked -> done"
body=$(sql "select body from hrsi.publications where job_id = $job and product = 'FSC'")
report() {
  amqp-publish --url "$url" -e "$failures_exchange" -r failed_products -C application/json -b "$body" ||
    fail "amqp-publish of the failure report failed"
}
report
HRSI_AMQP_URL=$url run "${failures[@]}"
expect_status 0
expect_stderr_contains "1 product(s) sent again"
again=$(take_messages "$queue")
expect_equal "$(grep -c . <<<"$again")" 1 "messages sent again"
expect_equal "$(json_field '["body"]' <<<"$again")" "$body" "body sent again"
expect_equal "$(json_field '["message_id"]' <<<"$again")" "$title" "message id sent again"
expect_equal "$(statuses "$job" | sed 's/.* published //')" \
  "done external_error(Endpoint Publication Failure) error_checked done" "history after the report"
amqp-get --url "$url" -q "$failures_queue" >/dev/null 2>&1 && fail "the report is still in $failures_queue"

TEST "--failures: the 2nd and 3rd reports are sent again, the 4th gives up (internal_error)"
for n in 2 3; do
  report
  HRSI_AMQP_URL=$url run "${failures[@]}"
  expect_status 0
  expect_equal "$(take_messages "$queue" | grep -c .)" 1 "messages sent again after report $n"
done
report
HRSI_AMQP_URL=$url run "${failures[@]}"
expect_status 0
expect_stderr_contains "internal_error"
expect_equal "$(take_messages "$queue")" "" "messages after the 4th report"
expect_equal "$(status_of "$job")" internal_error "status after the 4th report"
expect_equal "$(sql "select count(*) from hrsi.job_status_changes where job_id = $job and status = 14
                     and error_subtype = 'Endpoint Publication Failure'")" 3 "endpoint failures recorded"
expect_equal "$(sql "select error_subtype from hrsi.job_status_changes where job_id = $job order by id desc limit 1")" \
  "Endpoint Publication Failure" "subtype of the internal_error"

TEST "the status cache agrees with the history"
run hrsi-db check
expect_status 0

finish
