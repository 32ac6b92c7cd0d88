-- SPDX-License-Identifier: Apache-2.0
-- Data of the list_ready benchmark, generated set-based. Run by bench/run with psql:
--   psql -v jobs=N -f bench/list_ready_data.sql    (N a multiple of 1000)
-- Makes N test_job jobs and exactly 10*N status changes. Every history follows the allowed
-- transitions of hrsi.job_status_transitions (checked below); the cache columns of hrsi.jobs
-- are then filled from each job's last history row, as the status trigger would have left them.
\set ON_ERROR_STOP on
\set QUIET on
-- '#step NAME' lines and psql's timings let bench/run report where the time goes.
\timing on
\echo '#step setup'

-- Triggers (the transition check, the cache guards, foreign keys) are off while generating:
-- the data is made valid by construction and verified afterwards.
set session_replication_role = replica;
set work_mem = '1GB';
set maintenance_work_mem = '1GB';
set synchronous_commit = off;

select (:jobs % 1000 = 0 and :jobs > 0) as jobs_ok \gset
\if :jobs_ok
\else
  \echo 'list_ready_data.sql: jobs must be a positive multiple of 1000'
  select 1/0;
\endif

-- The life stories, per 1000 jobs. Average length: exactly 10 changes.
--   1 initialized, 2 configured, 3 ready, 4 queued, 5 started, 6 pre_processing,
--   7 processing, 8 post_processing, 9 processed, 10 start_publication, 11 published,
--   12 done, 13 internal_error, 14 external_error, 15 error_checked, 16 cancelled
create temp table bench_patterns (pattern int primary key, name text, per_mille int,
                                  statuses smallint[]);
insert into bench_patterns values
    (1,  'done',              948, '{1,2,3,4,5,6,7,8,9,12}'),
    (2,  'published_done',     24, '{1,2,3,4,5,6,7,8,9,10,11,12}'),
    (3,  'retried_done',        4, '{1,2,3,4,5,6,7,13,15,3,4,5,6,7,8,9,12}'),
    (4,  'ready',               4, '{1,2,3}'),
    (5,  'ready_after_error',   6, '{1,2,3,4,5,6,7,13,15,3}'),
    (6,  'queued',              2, '{1,2,3,4}'),
    (7,  'processing',          4, '{1,2,3,4,5,6,7}'),
    (8,  'cancelled',           2, '{1,2,3,16}'),
    (9,  'error_checked',       4, '{1,2,3,4,5,6,7,13,15}'),
    (10, 'external_error',      2, '{1,2,3,4,5,14}');

select sum(per_mille) = 1000 and sum(per_mille * cardinality(statuses)) = 10000 as patterns_ok
  from bench_patterns \gset
\if :patterns_ok
\else
  \echo 'list_ready_data.sql: the patterns must cover 1000 jobs with 10000 changes'
  select 1/0;
\endif

-- One row per step. attempt: the dispatch number (count of 'queued' so far) on the rows a
-- worker writes (started .. processed, and the internal_error it raises); null otherwise.
create temp table bench_steps as
select p.pattern, s.k, s.status,
       case when s.status between 5 and 9 or (s.status = 13 and s.previous between 5 and 9)
            then s.dispatches end as attempt,
       case s.status when 13 then 'processing_failure' when 14 then 'input_unavailable' end
           as error_subtype
  from bench_patterns p,
       lateral (select u.k, u.status, lag(u.status) over w as previous,
                       count(*) filter (where u.status = 4) over w as dispatches
                  from unnest(p.statuses) with ordinality as u(status, k)
                window w as (order by u.k)) s;

-- Every step must be an allowed transition (from nothing for the first one).
select count(*) = 0 as transitions_ok
  from bench_steps s
  left join bench_steps prev on prev.pattern = s.pattern and prev.k = s.k - 1
 where not exists (select 1 from hrsi.job_status_transitions t
                    where coalesce(t.from_status, 0) = coalesce(prev.status, 0)
                      and t.to_status = s.status) \gset
\if :transitions_ok
\else
  \echo 'list_ready_data.sql: a pattern makes a transition that hrsi.job_status_transitions refuses'
  select 1/0;
\endif

-- Job slot (id * 389) % 1000 -> pattern: spreads every pattern evenly over the ids.
create temp table bench_slots as
select g as slot, p.pattern, p.name
  from (select pattern, name, sum(per_mille) over (order by pattern) - per_mille as lo,
               sum(per_mille) over (order by pattern) as hi
          from bench_patterns) p
  join generate_series(0, 999) g on g >= p.lo and g < p.hi;
create temp table bench_job_attempts as
select pattern, coalesce(max(attempt), 0)::int as attempt from bench_steps group by pattern;
analyze bench_patterns, bench_steps, bench_slots, bench_job_attempts;

-- Secondary indexes (not backing a constraint) are dropped during the load and rebuilt from
-- their own definitions afterwards: the same indexes as hrsi-db init made, built faster.
create temp table bench_saved_indexes as
select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
  from pg_index i
 where i.indrelid in ('hrsi.jobs'::regclass, 'hrsi.job_status_changes'::regclass,
                      'hrsi.test_jobs'::regclass)
   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
do $$
declare r record;
begin
    for r in select name from bench_saved_indexes loop
        execute 'drop index ' || r.name;
    end loop;
end $$;

\echo '#step jobs'
-- Jobs: one every 30 s from 2024-01-01, numbered 1..N.
insert into hrsi.jobs (id, job_type, name, product_id, tile_id, input_path, priority, attempt,
                       created_at)
select g, 'test_job', 'bench-test-job-' || g, 'BENCH_PRODUCT_' || g,
       'T' || lpad((g % 997)::text, 5, '0'), '/bench/input/' || g,
       (array['nrt', 'delayed', 'reprocessing'])[1 + g % 3], a.attempt,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '30 s'
  from generate_series(1, :jobs) g
  join bench_slots s on s.slot = (g * 389) % 1000
  join bench_job_attempts a on a.pattern = s.pattern;

\echo '#step test_jobs'
insert into hrsi.test_jobs (job_id, measurement_date)
select g, timestamptz '2024-01-01 00:00:00+00' + g * interval '30 s' - interval '1 day'
  from generate_series(1, :jobs) g;

\echo '#step history'
-- History: step k of job g at created_at + 5 min * k (+ < 2 min of jitter). Ids follow time,
-- as in a live system, so the changes of neighbouring jobs interleave; rows are stored in id
-- order.
insert into hrsi.job_status_changes (id, job_id, status, changed_at, error_subtype,
                                     error_message, attempt)
select row_number() over (order by x.changed_at, x.job_id, x.k), x.job_id, x.status,
       x.changed_at, x.error_subtype,
       case when x.error_subtype is not null then 'generated by bench/run' end, x.attempt
  from (select g as job_id, st.k, st.status, st.attempt, st.error_subtype,
               timestamptz '2024-01-01 00:00:00+00' + g * interval '30 s'
               + (st.k * 300 + (g * st.k) % 120) * interval '1 s' as changed_at
          from generate_series(1, :jobs) g
          join bench_slots s on s.slot = (g * 389) % 1000
          join bench_steps st on st.pattern = s.pattern) x;

\echo '#step cache'
-- The cache, from each job's last history row (what the status trigger leaves behind).
update hrsi.jobs j
   set last_status           = c.status,
       last_status_change_id = c.id,
       last_status_at        = c.changed_at,
       last_error_subtype    = c.error_subtype,
       error_raised          = m.error_raised
  from (select job_id, max(id) as id, bool_or(status in (13, 14, 15)) as error_raised
          from hrsi.job_status_changes group by job_id) m
  join hrsi.job_status_changes c on c.id = m.id
 where j.id = m.job_id;

\echo '#step indexes'
do $$
declare r record;
begin
    for r in select definition from bench_saved_indexes loop
        execute r.definition;
    end loop;
end $$;

select setval('hrsi.jobs_id_seq', (select max(id) from hrsi.jobs)) as jobs_seq,
       setval('hrsi.job_status_changes_id_seq', (select max(id) from hrsi.job_status_changes))
           as changes_seq \gset
reset session_replication_role;

\echo '#step vacuum'
-- As autovacuum would leave a long-lived database: statistics and visibility map up to date.
vacuum (analyze) hrsi.jobs, hrsi.test_jobs, hrsi.job_status_changes;
