# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark publish (sourced by bench/run): how fast hrsi-publish publishes processed jobs
# with publisher confirms, against the private RabbitMQ of bench/run's services.
#   Data: 10,000 processed fsc_rlie_job jobs (--quick: 2,000), each with an FSC and an RLIE
#   product (20,000 messages), made set-based by publish_data.sql in a fresh database;
#   `hrsi-db check` must pass.
#   hrsi:     publish_rate, jobs/s of the whole command
#             `hrsi-publish --exchange X --queue Q` (start_publication and the outbox rows in one
#             transaction per batch of 500, send, wait for the confirms, published and done),
#             median of the runs; each run is checked: every job done, the queue holds exactly
#             2 messages per job (then deleted).
#   baseline: amqp_publish_per_message, `amqp-publish` one process per message (connect, log
#             in, publish without confirms, close) on a sample of the same bodies (taken from
#             the outbox: 1,000 messages; --quick: 500), to the same exchange and routing key,
#             in messages/s ÷ 2 = jobs/s (two messages per job). Target: hrsi at least 2,000
#             jobs/s with confirms.

publish_prepare() {  # COUNT: a fresh database with COUNT processed jobs with 2 products each
  fresh_database
  psql -X -q "$bench_uri" -v jobs="$1" -f "$bench_dir/publish_data.sql" >"$work/publish-data.log" 2>&1 ||
    { cat "$work/publish-data.log" >&2; fail "publish: publish_data.sql failed"; }
  "$hrsi_db" --db "$bench_uri" -q check || fail "publish: hrsi-db check failed on the generated data"
}

# The number of messages in the queue, then the queue deleted (amqp-delete-queue prints it).
publish_queue_count_and_delete() {
  amqp-delete-queue --url "$amqp_url" -q "$1" 2>/dev/null || echo "-1"
}

bench_publish() {
  local count=10000 sample=1000 n_runs=3
  [[ $quick == 1 ]] && { count=2000; sample=500; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  [[ -n ${amqp_url:-} ]] || fail "publish: no broker (local-services started no RabbitMQ: is rabbitmq-server installed?)"
  local tool
  for tool in amqp-publish amqp-delete-queue; do
    command -v "$tool" >/dev/null || fail "publish: $tool is not installed (amqp-tools)"
  done
  local name=hrsi-bench-publish-$$
  local exchange=$name-products queue=$name-json
  at_bench_exit "amqp-delete-queue --url '$amqp_url' -q '$queue' >/dev/null 2>&1; '$repo/tests/support/amqp-peek' --delete-exchange '$amqp_url' '$exchange' >/dev/null 2>&1"

  local hrsi_rates=() baseline_rates=() i t done_jobs in_queue
  for ((i = 0; i <= n_runs; i++)); do   # run 0: warm-up
    publish_prepare "$count"
    t=$(wall_ms "$hrsi_publish" --db "$bench_uri" -q --exchange "$exchange" --queue "$queue")
    [[ -n $t ]] || fail "publish: hrsi-publish failed"
    done_jobs=$(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs where last_status = 12")
    [[ $done_jobs == "$count" ]] || fail "publish: after the run, $done_jobs of $count jobs done"
    [[ $i == 0 ]] || hrsi_rates+=("$(awk -v c="$count" -v t="$t" 'BEGIN { printf "%.1f\n", c / (t / 1000) }')")
    echo "# publish run $i$([[ $i == 0 ]] && echo ' (warm-up)'): $count jobs in $(sig3 "$t") ms"

    # The baseline on the bodies just sent, one amqp-publish process per message, same route
    # (the queue hrsi-publish declared and bound, which still holds its messages).
    psql -X -tA "$bench_uri" -c "select body from hrsi.publications order by id limit $sample" >"$work/publish-bodies.txt"
    [[ $(wc -l <"$work/publish-bodies.txt") == "$sample" ]] || fail "publish: cannot read $sample bodies from the outbox"
    local start end body
    start=$(now_ns)
    while IFS= read -r body; do
      amqp-publish --url "$amqp_url" -e "$exchange" -r json -p -C application/json -b "$body" ||
        fail "publish: amqp-publish failed"
    done <"$work/publish-bodies.txt"
    end=$(now_ns)
    [[ $i == 0 ]] ||
      baseline_rates+=("$(awk -v c="$sample" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", c / ((b - a) / 1e9) / 2 }')")
    # Every message in the queue: 2 per job from hrsi-publish, and the baseline's.
    in_queue=$(publish_queue_count_and_delete "$queue")
    [[ $in_queue == $((2 * count + sample)) ]] ||
      fail "publish: $in_queue messages in the queue, expected $((2 * count)) from hrsi-publish and $sample from amqp-publish"
  done
  echo "# publish: $count processed fsc_rlie jobs, $((2 * count)) messages, $n_runs runs after a warm-up;" \
       "hrsi-publish (confirms, batches of 500): ${hrsi_rates[*]} jobs/s; every run: all jobs done and" \
       "$((2 * count)) messages in the queue (and the baseline's)"
  echo "# publish baseline: amqp-publish, one process per message (no confirms, no database), $sample" \
       "messages per run, messages/s ÷ 2 = jobs/s: ${baseline_rates[*]} jobs/s"
  local median_rate
  median_rate=$(median "${hrsi_rates[@]}")
  awk -v r="$median_rate" 'BEGIN { exit !(r < 2000) }' &&
    echo "# publish: the median $(sig3 "$median_rate") jobs/s is under the target of 2,000 jobs/s"
  figure publish_rate "$median_rate" jobs/s amqp_publish_per_message "$(median "${baseline_rates[@]}")" jobs/s
}
