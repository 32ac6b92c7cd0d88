# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark list_ready (sourced by bench/run): list the ids of the test jobs whose last status
# is ready, among 1,000,000 jobs with 10,000,000 status changes (--quick: 100,000 / 1,000,000).
#   hrsi:     the statement of `hrsi-status list --type test_job --status ready --ids`, on the
#             cached last status (index jobs_type_status).
#   baseline: anchor_max_id, the reference system's way: the last status of every job computed
#             from the history with max(id) per job, joined back, then filtered.

# The baseline, giving the same ids in the same order as hrsi-status.
list_ready_baseline_sql='select c.job_id from hrsi.job_status_changes c join (select job_id, max(id) as id from hrsi.job_status_changes group by job_id) m on m.id = c.id join hrsi.test_jobs t on t.job_id = c.job_id where c.status = 3 order by c.job_id'

# The parameters hrsi-status sends for --type test_job --status ready (no tile, since, until,
# limit), as SQL literals.
list_ready_hrsi_params="'{test_job}', '{3}', null, null, null, null"

# The statement of jobs::list_job_ids, taken from its source so that the benchmark measures
# what the program runs: "select j.id from hrsi.jobs j" + filter_clause.
list_ready_hrsi_sql() {
  local src=$repo/lib/hrsi/jobs/job_queries.cpp clause
  grep -qF 'conn.query_params(std::string("select j.id from hrsi.jobs j") + filter_clause,' "$src" ||
    fail "list_job_ids in $src no longer reads 'select j.id from hrsi.jobs j' + filter_clause; update bench/list_ready.sh"
  clause=$(awk '/filter_clause = R"\(/ { on = 1; sub(/.*R"\(/, "") }
                on { if (index($0, ")\"")) { sub(/\)".*/, ""); print; exit } print }' "$src")
  # shellcheck disable=SC2016  # literal $1 and $6
  [[ $clause == *'where ($1::text[] is null'* && $clause == *'limit $6::bigint' ]] ||
    fail "cannot read filter_clause from $src"
  printf 'select j.id from hrsi.jobs j%s' "$clause"
}

# Whitespace-normalised text, for comparisons.
squeeze() { tr -s '[:space:]' ' ' | sed 's/^ //; s/ $//'; }

bench_list_ready() {
  local jobs=1000000
  [[ $quick == 1 ]] && jobs=100000
  local hrsi_sql t0 n_jobs n_changes
  hrsi_sql=$(list_ready_hrsi_sql)
  local list_cmd=("$hrsi_status" --db "$bench_uri" list --type test_job --status ready --ids)
  local base_cmd=(psql -X -q -tA -v ON_ERROR_STOP=1 "$bench_uri" -c "$list_ready_baseline_sql")

  # Data.
  fresh_database
  t0=$(now_ns)
  psql -X -q -v ON_ERROR_STOP=1 -v jobs="$jobs" -f "$bench_dir/list_ready_data.sql" "$bench_uri" \
    >"$work/data.log" 2>&1 || { tail -n 20 "$work/data.log" >&2; fail "list_ready: data generation failed"; }
  read -r n_jobs n_changes < <(psql -X -tA -F ' ' "$bench_uri" -c \
    "select (select count(*) from hrsi.jobs), (select count(*) from hrsi.job_status_changes)")
  echo "# data generation: $n_jobs jobs, $n_changes changes in $(seconds_since "$t0") s" \
       "(set-based SQL, triggers off, indexes rebuilt, vacuum analyze)"
  echo "# data generation steps: $(awk '/^#step / { name = $2; order[++n] = name }
      /^Time: / { t[name] += $2 }
      END { for (i = 1; i <= n; i++) printf "%s%s %.1f s", (i > 1 ? ", " : ""), order[i], t[order[i]] / 1000 }' \
      "$work/data.log")"
  [[ $n_jobs == "$jobs" && $n_changes == $((jobs * 10)) ]] ||
    fail "list_ready: expected $jobs jobs and $((jobs * 10)) changes"
  echo "# last statuses: $(psql -X -tA "$bench_uri" -c "select string_agg(s.name || ' ' || n, ', ' order by n desc)
      from (select last_status, count(*) n from hrsi.jobs group by 1) j join hrsi.job_status s on s.id = j.last_status")"
  echo "# database size: $(psql -X -tA "$bench_uri" -c "select pg_size_pretty(pg_database_size(current_database()))")"
  t0=$(now_ns)
  "$hrsi_db" --db "$bench_uri" -q check >"$work/check.out" 2>&1 ||
    { head -n 20 "$work/check.out" >&2; fail "list_ready: hrsi-db check says the cache disagrees with the history"; }
  echo "# hrsi-db check: every job's cached status equals its history ($(seconds_since "$t0") s)"

  # The statement measured is the one hrsi-status sends: compare with the server's log of it.
  if [[ -f $pg_log ]]; then
    local log_size
    log_size=$(stat -c %s "$pg_log")
    PGOPTIONS='-c log_statement=all' "${list_cmd[@]}" >/dev/null || fail "list_ready: hrsi-status failed"
    sleep 0.2
    local logged expected
    logged=$(tail -c +"$((log_size + 1))" "$pg_log" | squeeze)
    # Sent as is or as the query of the cursor it streams through (declare ... cursor for).
    expected="$(printf '%s' "$hrsi_sql" | squeeze)"
    [[ $logged == *"$expected"* ]] ||
      fail "list_ready: hrsi-status did not send the statement this benchmark measures; server log: $logged"
    [[ $logged == *"parameters: \$1 = '{test_job}', \$2 = '{3}', \$3 = NULL, \$4 = NULL, \$5 = NULL, \$6 = NULL"* ]] ||
      fail "list_ready: hrsi-status sent other parameters than $list_ready_hrsi_params; server log: $logged"
    echo "# checked in the server log: hrsi-status sends the measured statement, parameters $list_ready_hrsi_params"
  else
    echo "# (no server log at $pg_log: the statement was not checked against what hrsi-status sends)"
  fi

  # Same answer both ways.
  "${list_cmd[@]}" >"$work/hrsi.ids" || fail "list_ready: hrsi-status failed"
  "${base_cmd[@]}" >"$work/baseline.ids" || fail "list_ready: the baseline query failed"
  local n_hrsi n_base
  n_hrsi=$(wc -l <"$work/hrsi.ids")
  n_base=$(wc -l <"$work/baseline.ids")
  [[ $n_hrsi == "$n_base" ]] ||
    fail "list_ready: hrsi-status lists $n_hrsi ready jobs, the baseline $n_base"
  cmp -s "$work/hrsi.ids" "$work/baseline.ids" ||
    fail "list_ready: hrsi-status and the baseline list $n_hrsi ids each, but not the same ones"
  [[ $n_hrsi -gt 0 ]] || fail "list_ready: no ready jobs: nothing measured"
  echo "# list_ready: hrsi-status and anchor_max_id both list $n_hrsi ids (the same ids, same order)"

  # Server side: EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON), planning + execution time. hrsi's
  # statement is prepared from its exact text and run with plan_cache_mode = force_custom_plan:
  # planned for the actual values, as libpq's unnamed statement of hrsi-status is.
  local runs_sql="$work/server.sql" i
  {
    echo "set plan_cache_mode = force_custom_plan;"
    printf 'prepare hrsi_list_ids as %s;\n' "$hrsi_sql"
    cat <<'SQL'
-- serial: without parallel workers, for this one statement (set_config is transaction-local).
create function pg_temp.bench_explain(q text, serial boolean default false) returns text
language plpgsql as $$
declare plan json;
begin
    if serial then
        perform set_config('max_parallel_workers_per_gather', '0', true);
    end if;
    execute 'explain (analyze, timing off, format json) ' || q into plan;
    return plan::jsonb::text;
end $$;
SQL
    for ((i = 0; i <= runs; i++)); do
      echo "select 'hrsi', pg_temp.bench_explain(\$q\$execute hrsi_list_ids($list_ready_hrsi_params)\$q\$);"
      echo "select 'base', pg_temp.bench_explain(\$q\$$list_ready_baseline_sql\$q\$);"
      echo "select 'serial', pg_temp.bench_explain(\$q\$$list_ready_baseline_sql\$q\$, true);"
    done
  } >"$runs_sql"
  psql -X -q -tA -F $'\t' -v ON_ERROR_STOP=1 "$bench_uri" -f "$runs_sql" >"$work/server.out" ||
    fail "list_ready: the server-side runs failed"
  local hrsi_ms=() base_ms=() serial_ms=() label plan ms
  local -A seen=()
  while IFS=$'\t' read -r label plan; do
    [[ -n $label ]] || continue
    ms=$(jq -r '(.[0]["Planning Time"] + .[0]["Execution Time"]) * 1000 | round / 1000' <<<"$plan")
    if [[ -z ${seen[$label]:-} ]]; then   # the warm-up run: keep its plan only
      seen[$label]=1
      echo "$plan" >"$work/$label.plan"
      continue
    fi
    case $label in
      hrsi) hrsi_ms+=("$ms") ;;
      base) base_ms+=("$ms") ;;
      serial) serial_ms+=("$ms") ;;
    esac
  done <"$work/server.out"
  [[ ${#hrsi_ms[@]} == "$runs" && ${#base_ms[@]} == "$runs" && ${#serial_ms[@]} == "$runs" ]] ||
    fail "list_ready: expected $runs server-side runs of each query"
  local shape='[.. | objects | select(has("Node Type")) | ."Node Type"
               + (if ."Index Name" then " using " + ."Index Name"
                  elif ."Relation Name" then " on " + ."Relation Name" else "" end)] | join(" > ")'
  echo "# plan hrsi: $(jq -r "$shape" "$work/hrsi.plan")"
  echo "# plan anchor_max_id: $(jq -r "$shape" "$work/base.plan")"
  echo "# server-side ms per run (planning + execution), hrsi: ${hrsi_ms[*]}"
  echo "# server-side ms per run (planning + execution), anchor_max_id: ${base_ms[*]}"
  echo "# server-side ms per run (planning + execution), anchor_max_id without parallel workers: ${serial_ms[*]}"
  local hrsi_median base_median
  hrsi_median=$(median "${hrsi_ms[@]}")
  base_median=$(median "${base_ms[@]}")
  if awk -v m="$hrsi_median" 'BEGIN { exit !(m >= 50) }'; then
    echo "# WARNING: hrsi's statement takes $hrsi_median ms (not under 50 ms); its plan:"
    psql -X -q -v ON_ERROR_STOP=1 "$bench_uri" <<SQL | sed 's/^/#   /'
set plan_cache_mode = force_custom_plan;
prepare hrsi_list_ids as $hrsi_sql;
explain (analyze, buffers) execute hrsi_list_ids($list_ready_hrsi_params);
SQL
  fi
  figure list_ready_server_ms "$hrsi_median" ms anchor_max_id "$base_median" ms
  # The planner's default plan for the baseline may be parallel yet repeat the whole aggregate
  # in every worker; say what the baseline costs without that, for perspective.
  echo "# anchor_max_id without parallel workers (max_parallel_workers_per_gather = 0): median" \
       "$(sig3 "$(median "${serial_ms[@]}")") ms, plan: $(jq -r "$shape" "$work/serial.plan")"

  # End to end: the whole program (start, connect, query, print) against psql running the
  # baseline, wall time, alternating, after one warm-up round.
  local cli_ms=() psql_ms=() a b
  for ((i = 0; i <= runs; i++)); do
    a=$(wall_ms "${list_cmd[@]}")
    b=$(wall_ms "${base_cmd[@]}")
    [[ $i == 0 ]] && continue
    cli_ms+=("$a")
    psql_ms+=("$b")
  done
  echo "# end-to-end ms per run, hrsi-status: ${cli_ms[*]}"
  echo "# end-to-end ms per run, psql anchor_max_id: ${psql_ms[*]}"
  figure list_ready_cli_ms "$(median "${cli_ms[@]}")" ms anchor_max_id_psql "$(median "${psql_ms[@]}")" ms
}
