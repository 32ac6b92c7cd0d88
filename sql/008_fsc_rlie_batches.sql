-- SPDX-License-Identifier: Apache-2.0
-- 008: the lookups of FSC/RLIE creation and configuration, one call per batch of jobs instead
-- of one per job. Each walks the index of the tiles' time series (tile, measurement date): the
-- settings keep the planner on it when its statistics are older than the rows this
-- transaction just wrote (a first large creation), instead of reading whole tables.

-- The jobs already on the tiles measured within the given ranges (one range per tile: the
-- earliest and latest sensing start of a batch of products on it), outside any reprocessing
-- context: the duplicates and re-publications of the batch are among them. (An L1C id names
-- its tile and sensing start, so a product whose L1C already has a job is found here too.)
create function hrsi.fsc_rlie_jobs_measured_in(tiles text[], lows timestamptz[], highs timestamptz[])
returns table (job_id bigint, l1c_id text, tile_id text, measurement_date timestamptz,
               l1c_esa_creation_date timestamptz, l1c_reference_job boolean)
language sql stable
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
    select f.job_id, f.l1c_id, f.tile_id, f.measurement_date, f.l1c_esa_creation_date,
           f.l1c_reference_job
      from unnest(tiles, lows, highs) as t(tile, low, high)
      join lateral (
           select s.job_id, s.l1c_id, s.tile_id, s.measurement_date, s.l1c_esa_creation_date,
                  s.l1c_reference_job
             from hrsi.fsc_rlie_jobs s
            where s.tile_id = t.tile and s.measurement_date >= t.low and s.measurement_date <= t.high
              and s.reprocessing_context = 'None'
            offset 0) f on true
$$;

-- For each tile (with the earliest and latest measurement and the earliest ESA creation of
-- the batch's jobs on it): the newest row measured before every job of the batch that every
-- one of them could take as its previous job (get_last_job_with_usable_l2a's rules; created by
-- ESA before all of them, it is another L1C than theirs, whose ids hold their creation date),
-- so that no job's previous job is older; then every row from that one (or, without it, from
-- the tile's first) up to the latest measurement. `ord` numbers the tiles from 1.
create function hrsi.fsc_rlie_series_rows(tiles text[], lows timestamptz[], highs timestamptz[],
                                          min_esa_creations timestamptz[])
returns table (ord bigint, job_id bigint, last_status smallint, l1c_id text,
               l1c_reference_job boolean, l2a_status text, l2a_path_out text,
               measurement_date timestamptz, l1c_esa_creation_date timestamptz,
               n_jobs_run_since_last_init integer, n_l2a_produced_since_last_init integer)
language sql stable
set enable_seqscan = off
set enable_bitmapscan = off
set enable_sort = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
    select t.ord, r.job_id, r.last_status, r.l1c_id, r.l1c_reference_job, r.l2a_status,
           r.l2a_path_out, r.measurement_date, r.l1c_esa_creation_date,
           r.n_jobs_run_since_last_init, r.n_l2a_produced_since_last_init
      from unnest(tiles, lows, highs, min_esa_creations)
           with ordinality as t(tile, low, high, min_esa, ord)
      left join lateral (
           select s.measurement_date, s.l1c_esa_creation_date, s.job_id
             from hrsi.fsc_rlie_jobs s join hrsi.jobs sj on sj.id = s.job_id
            where s.tile_id = t.tile and s.measurement_date < t.low
              and s.l1c_esa_creation_date < t.min_esa and s.l1c_reference_job
              and (s.l2a_status = 'generated'
                   or (s.l2a_status = 'pending' and coalesce(sj.last_status, 1) not in (13, 14, 16)))
            order by s.tile_id desc, s.measurement_date desc, s.l1c_esa_creation_date desc,
                     s.job_id desc
            limit 1) oldest on true
      join lateral (
           select f.job_id, j.last_status, f.l1c_id, f.l1c_reference_job, f.l2a_status,
                  f.l2a_path_out, f.measurement_date, f.l1c_esa_creation_date,
                  f.n_jobs_run_since_last_init, f.n_l2a_produced_since_last_init
             from hrsi.fsc_rlie_jobs f join hrsi.jobs j on j.id = f.job_id
            where f.tile_id = t.tile and f.measurement_date <= t.high
              and (f.measurement_date, f.l1c_esa_creation_date, f.job_id)
                  >= (coalesce(oldest.measurement_date, '-infinity'),
                      coalesce(oldest.l1c_esa_creation_date, '-infinity'),
                      coalesce(oldest.job_id, 0))
            offset 0) r on true
$$;

-- For each point of a tile's series (tile, measurement, ESA creation): the reference jobs that
-- follow it (measured at or after it, created by ESA after it), oldest first, at most as many
-- as its limit (the backward mode's followers). `ord` numbers the points from 1.
create function hrsi.fsc_rlie_following_jobs(tiles text[], measurements timestamptz[],
                                             esa_creations timestamptz[], limits integer[])
returns table (ord bigint, job_id bigint, l1c_id text, l1c_path text, l2a_status text,
               fsc_path text, backward_reprocessing_run boolean, measurement_date timestamptz,
               l1c_esa_creation_date timestamptz)
language sql stable
set enable_seqscan = off
set enable_bitmapscan = off
set enable_sort = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
    select t.ord, f.job_id, f.l1c_id, f.l1c_path, f.l2a_status, f.fsc_path,
           f.backward_reprocessing_run, f.measurement_date, f.l1c_esa_creation_date
      from unnest(tiles, measurements, esa_creations, limits)
           with ordinality as t(tile, measurement, esa_creation, n, ord)
      join lateral (
           select s.job_id, s.l1c_id, s.l1c_path, s.l2a_status, s.fsc_path,
                  s.backward_reprocessing_run, s.measurement_date, s.l1c_esa_creation_date
             from hrsi.fsc_rlie_jobs s
            where s.tile_id = t.tile and s.measurement_date >= t.measurement
              and s.l1c_esa_creation_date > t.esa_creation and s.l1c_reference_job
            order by s.tile_id, s.measurement_date, s.l1c_esa_creation_date, s.job_id
            limit t.n) f on true
$$;
