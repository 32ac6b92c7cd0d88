-- SPDX-License-Identifier: Apache-2.0
-- Data of the publish benchmark, generated set-based. Run by bench/run with psql in a fresh
-- database:   psql -v jobs=N -f bench/publish_data.sql
-- Makes N fsc_rlie_job jobs in processed, each with an FSC and an RLIE product as
-- hrsi-run-worker records them (path under /eodata/HRSI, the processor's metadata, completion
-- date): 2 N product messages to publish. History: initialized → configured → ready → queued →
-- started → pre_processing → processing → post_processing → processed (9 changes, attempt 1 on
-- the worker's rows), checked against hrsi.job_status_transitions; the cache columns of
-- hrsi.jobs are then filled from each job's last history row, as the status trigger would have
-- left them (bench/run checks it with hrsi-db check).
\set ON_ERROR_STOP on
\set QUIET on

-- Triggers (the transition check, the cache guards, foreign keys) are off while generating:
-- the data is made valid by construction and verified afterwards.
set session_replication_role = replica;
set synchronous_commit = off;

create temp table bench_steps (k int primary key, status smallint, attempt int);
insert into bench_steps values (1, 1, null), (2, 2, null), (3, 3, null), (4, 4, null), (5, 5, 1),
                               (6, 6, 1), (7, 7, 1), (8, 8, 1), (9, 9, 1);
select count(*) = 0 as transitions_ok
  from bench_steps s
  left join bench_steps prev on prev.k = s.k - 1
 where not exists (select 1 from hrsi.job_status_transitions t
                    where coalesce(t.from_status, 0) = coalesce(prev.status, 0)
                      and t.to_status = s.status) \gset
\if :transitions_ok
\else
  \echo 'publish_data.sql: the history makes a transition that hrsi.job_status_transitions refuses'
  select 1/0;
\endif

-- Job g: tile g % 1000 (T00000 .. T00999), sensed on day g / 1000 from 2024-01-01.
create temp table bench_jobs as
select g as id, 'T' || lpad((g % 1000)::text, 5, '0') as tile,
       date '2024-01-01' + (g / 1000) as day
  from generate_series(1, :jobs) g;

insert into hrsi.jobs (id, job_type, name, product_id, tile_id, input_path, input_published_at, priority,
                       attempt, created_at)
select b.id, 'fsc_rlie_job', b.tile || '-' || to_char(b.day, 'YYYY-MM-DD'),
       'S2B_MSIL1C_' || to_char(b.day, 'YYYYMMDD') || 'T103429_N0511_R108_' || b.tile || '_'
           || to_char(b.day, 'YYYYMMDD') || 'T124512',
       b.tile,
       '/eodata/Sentinel-2/MSI/L1C/' || to_char(b.day, 'YYYY/MM/DD') || '/S2B_MSIL1C_' || to_char(b.day, 'YYYYMMDD')
           || 'T103429_N0511_R108_' || b.tile || '_' || to_char(b.day, 'YYYYMMDD') || 'T124512.SAFE',
       b.day + time '12:00', 'nrt', 1, b.day + time '12:05'
  from bench_jobs b;

insert into hrsi.fsc_rlie_jobs (job_id, tile_id, l1c_id, l1c_path, measurement_date, l1c_esa_creation_date,
                                maja_mode, fsc_path, rlie_path, fsc_infos, rlie_infos, fsc_completion_date,
                                rlie_completion_date)
select b.id, b.tile, j.product_id, j.input_path, b.day + time '10:34:29', b.day + time '12:45:12', 'init',
       '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/' || to_char(b.day, 'YYYY/MM/DD') || '/FSC_'
           || to_char(b.day, 'YYYYMMDD') || 'T103429_S2B_' || b.tile || '_V102_0',
       '/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Ice/RLIE/' || to_char(b.day, 'YYYY/MM/DD') || '/RLIE_'
           || to_char(b.day, 'YYYYMMDD') || 'T103429_S2B_' || b.tile || '_V102_0',
       jsonb_build_object('resto', jsonb_build_object(
           'geometry', jsonb_build_object('wkt', 'POLYGON((6 45, 7.4 45, 7.4 46, 6 46, 6 45))'),
           'properties', jsonb_build_object('resourceSize', 1000 + b.id % 977, 'resolution', 20,
                                            'cloudCover', (b.id % 100) / 2.0,
                                            'startDate', to_char(b.day, 'YYYY-MM-DD') || 'T10:34:29.024000'))),
       jsonb_build_object('resto', jsonb_build_object(
           'geometry', jsonb_build_object('wkt', 'POLYGON((6 45, 7.4 45, 7.4 46, 6 46, 6 45))'),
           'properties', jsonb_build_object('resourceSize', 300 + b.id % 211, 'resolution', 20,
                                            'cloudCover', (b.id % 100) / 2.0,
                                            'startDate', to_char(b.day, 'YYYY-MM-DD') || 'T10:34:29.024000'))),
       b.day + time '13:40:03.5', b.day + time '13:40:04.25'
  from bench_jobs b join hrsi.jobs j on j.id = b.id;

-- History: step k of job g at its creation + k minutes; ids follow time.
insert into hrsi.job_status_changes (id, job_id, status, changed_at, attempt)
select row_number() over (order by x.changed_at, x.job_id, x.k), x.job_id, x.status, x.changed_at, x.attempt
  from (select b.id as job_id, s.k, s.status, s.attempt, b.day + time '12:05' + s.k * interval '1 min' as changed_at
          from bench_jobs b cross join bench_steps s) x;

update hrsi.jobs j
   set last_status           = c.status,
       last_status_change_id = c.id,
       last_status_at        = c.changed_at,
       last_error_subtype    = c.error_subtype,
       error_raised          = false
  from (select job_id, max(id) as id from hrsi.job_status_changes group by job_id) m
  join hrsi.job_status_changes c on c.id = m.id
 where j.id = m.job_id;

select setval('hrsi.jobs_id_seq', (select max(id) from hrsi.jobs)) as jobs_seq,
       setval('hrsi.job_status_changes_id_seq', (select max(id) from hrsi.job_status_changes))
           as changes_seq \gset
reset session_replication_role;
vacuum (analyze) hrsi.jobs, hrsi.fsc_rlie_jobs, hrsi.job_status_changes;
