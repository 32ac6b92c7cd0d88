# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # repo, work, quick, runs, ... are bench/run's
# Benchmark create_jobs (sourced by bench/run): create the FSC/RLIE jobs of one CDSE OData
# answer of 100,000 Sentinel-2 L1C products, 1,000 tiles x 100 dates (--quick: 100 x 100),
# in a fresh database each run.
#   hrsi:      hrsi-create-jobs --type fsc_rlie_job answer.json (read, deduplicate, configure,
#              write each job once in its final state with 2-3 status changes).
#   baselines: psql_copy, \copy of the same rows (values of the finished, configured jobs) into
#              hrsi.jobs and hrsi.fsc_rlie_jobs, no history: the physical limit;
#              insert_per_job, the reference's way: per job one INSERT of the parent, one of
#              the child and set_job_status(initialized), each statement its own transaction.

# The columns compared between hrsi's rows and the baselines': all but ids, times of the run
# and the status cache (the baselines write no history).
create_jobs_dump_sql="select (to_jsonb(j) - 'id' - 'unique_id' - 'created_at' - 'last_status'
    - 'last_status_change_id' - 'last_status_at' - 'last_error_subtype' - 'error_raised')
    || (to_jsonb(f) - 'job_id')
  from hrsi.jobs j join hrsi.fsc_rlie_jobs f on f.job_id = j.id"

# Rows of the database as text, one job per line, ordered by product (WHERE clause optional).
create_jobs_dump() {
  psql -X -q -tA -v ON_ERROR_STOP=1 "$bench_uri" \
    -c "$create_jobs_dump_sql ${1:-} order by j.product_id" >"$2" ||
    fail "create_jobs: cannot read the jobs back"
}

# The first row that differs between two dumps (NAME FILE NAME FILE): its product and the
# columns that differ.
create_jobs_show_difference() {
  local line
  line=$( (cmp "$2" "$4" 2>&1 || true) | sed -n 's/.* line \([0-9]*\).*/\1/p')
  [[ -n $line ]] || { echo "create_jobs: the rows of $1 and $3 differ in number" >&2; return; }
  jq -rn --arg na "$1" --arg nb "$3" \
     --argjson a "$(sed -n "${line}p" "$2")" --argjson b "$(sed -n "${line}p" "$4")" \
    '"first difference, product \($a.product_id // $b.product_id):", ($a + $b | keys[] as $k
      | select($a[$k] != $b[$k]) | "  \($k): \($a[$k] | tojson) (\($na)), \($b[$k] | tojson) (\($nb))")' >&2
}

# A fresh database with the current schema, written to disk (a checkpoint now rather than in
# the middle of the next measured run).
create_jobs_fresh() {
  fresh_database
  psql -X -q "$bench_uri" -c checkpoint >/dev/null || fail "create_jobs: checkpoint failed"
}

bench_create_jobs() {
  local tiles=1000 dates=100 insert_jobs=10000 n_runs=5
  [[ $quick == 1 ]] && { tiles=100; insert_jobs=2000; }
  [[ $runs_set == 1 ]] && n_runs=$runs
  local data=$work/create_jobs t0
  local hrsi_cmd=("$hrsi_create_jobs" --db "$bench_uri" -q --type fsc_rlie_job "$data/answer.json")
  local copy_cmd=(psql -X -q -v ON_ERROR_STOP=1 "$bench_uri"
    -c "\\copy hrsi.jobs (id, job_type, name, product_id, tile_id, input_path, input_published_at, priority) from '$data/jobs.tsv'"
    -c "\\copy hrsi.fsc_rlie_jobs (job_id, tile_id, nrt, l1c_id, l1c_reference_job, l1c_path, l2a_path_out, l2a_status, n_jobs_run_since_last_init, n_l2a_produced_since_last_init, measurement_date, l1c_esa_creation_date, l1c_esa_publication_date, l1c_dias_publication_date, maja_mode, reprocessing_context) from '$data/fsc_rlie_jobs.tsv'")
  local insert_cmd=(psql -X -q -v ON_ERROR_STOP=1 -o /dev/null -f "$data/insert.sql" "$bench_uri")

  # Data.
  t0=$(now_ns)
  python3 "$bench_dir/create_jobs_data.py" odata --tiles "$tiles" --dates "$dates" \
    --insert-jobs "$insert_jobs" "$data" || fail "create_jobs: data generation failed"
  local n ready configured n_insert
  read -r n ready configured n_insert <"$data/expected"
  echo "# create_jobs data generation: $n products ($tiles tiles x $dates dates) in" \
       "$(seconds_since "$t0") s: answer.json $(( $(stat -c %s "$data/answer.json") / 1048576 )) MiB" \
       "(CDSE OData, publication order), the same rows as COPY files and $n_insert jobs as single INSERTs"
  echo "# create_jobs expects $n jobs: $ready ready (the first date of each tile, MAJA init)," \
       "$configured configured (waiting for the previous date); $((3 * ready + 2 * configured)) status changes"
  echo "# psql_copy writes the same job and child rows but no status history (hrsi writes 2-3" \
       "history rows per job, here $((3 * ready + 2 * configured)) in all, and each job's status cache)"
  [[ $n_insert == "$n" ]] ||
    echo "# insert_per_job is measured on the first $n_insert products (one statement at a time," \
         "$n products would take minutes per run); its jobs/s stay comparable"

  # Runs, each in a fresh database; round 0 is the warm-up, whose rows are also checked
  # against the baselines'. hrsi, copy and insert take turns, so that noise hits all three.
  local hrsi_ms=() copy_ms=() insert_ms=() i ms counts expected_counts
  expected_counts="$n $n $((3 * ready + 2 * configured)) $ready $configured"
  for ((i = 0; i <= n_runs; i++)); do
    create_jobs_fresh
    ms=$(wall_ms "${hrsi_cmd[@]}")
    counts=$(psql -X -tA -F ' ' "$bench_uri" -c "select count(*),
        (select count(*) from hrsi.fsc_rlie_jobs), (select count(*) from hrsi.job_status_changes),
        count(*) filter (where last_status = 3), count(*) filter (where last_status = 2) from hrsi.jobs")
    [[ $counts == "$expected_counts" ]] ||
      fail "create_jobs: expected jobs, child rows, status changes, ready, configured: $expected_counts; the database has $counts"
    "$hrsi_db" --db "$bench_uri" -q check >"$work/check.out" 2>&1 ||
      { head -n 20 "$work/check.out" >&2; fail "create_jobs: hrsi-db check failed after hrsi-create-jobs"; }
    [[ $i == 0 ]] && create_jobs_dump "" "$work/hrsi.rows"
    [[ $i == 0 ]] || hrsi_ms+=("$ms")

    create_jobs_fresh
    ms=$(wall_ms "${copy_cmd[@]}")
    [[ $(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs") == "$n" ]] ||
      fail "create_jobs: psql_copy did not load $n jobs"
    if [[ $i == 0 ]]; then
      create_jobs_dump "" "$work/copy.rows"
      cmp -s "$work/hrsi.rows" "$work/copy.rows" || {
        create_jobs_show_difference hrsi "$work/hrsi.rows" psql_copy "$work/copy.rows"
        fail "create_jobs: hrsi-create-jobs wrote other values than the baselines; update bench/create_jobs_data.py"
      }
      create_jobs_dump "where j.id <= $n_insert" "$work/copy-first.rows"
    fi
    [[ $i == 0 ]] || copy_ms+=("$ms")

    create_jobs_fresh
    ms=$(wall_ms "${insert_cmd[@]}")
    [[ $(psql -X -tA "$bench_uri" -c "select count(*) from hrsi.jobs") == "$n_insert" ]] ||
      fail "create_jobs: insert_per_job did not create $n_insert jobs"
    if [[ $i == 0 ]]; then
      create_jobs_dump "" "$work/insert.rows"
      cmp -s "$work/copy-first.rows" "$work/insert.rows" ||
        { create_jobs_show_difference psql_copy "$work/copy-first.rows" insert_per_job "$work/insert.rows"
          fail "create_jobs: insert_per_job wrote other values than psql_copy"; }
      echo "# checked: hrsi-create-jobs writes the same $n job and child rows as psql_copy" \
           "(all columns but ids, creation time and status cache), insert_per_job the same first $n_insert;" \
           "after every hrsi run: $n jobs, $((3 * ready + 2 * configured)) status changes, hrsi-db check passes"
    fi
    [[ $i == 0 ]] || insert_ms+=("$ms")
  done

  local rate=() copy_rate=() insert_rate=()
  for ms in "${hrsi_ms[@]}"; do rate+=("$(awk -v n="$n" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  for ms in "${copy_ms[@]}"; do copy_rate+=("$(awk -v n="$n" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  for ms in "${insert_ms[@]}"; do insert_rate+=("$(awk -v n="$n_insert" -v ms="$ms" 'BEGIN { print n / ms * 1000 }')"); done
  echo "# create_jobs ms per run, hrsi-create-jobs ($n jobs): ${hrsi_ms[*]}"
  echo "# create_jobs ms per run, psql_copy ($n rows each table): ${copy_ms[*]}"
  echo "# create_jobs ms per run, insert_per_job ($n_insert jobs, $((3 * n_insert)) statements): ${insert_ms[*]}"
  local hrsi_rate
  hrsi_rate=$(median "${rate[@]}")
  figure create_jobs_rate "$hrsi_rate" jobs/s psql_copy "$(median "${copy_rate[@]}")" jobs/s
  figure create_jobs_rate_vs_insert "$hrsi_rate" jobs/s insert_per_job "$(median "${insert_rate[@]}")" jobs/s
}
