-- SPDX-License-Identifier: Apache-2.0
-- Data of bench/promote_backward.sh, run on the jobs hrsi-create-jobs made of the create_jobs
-- answer (each tile: its first date ready, the others configured). Each tile's first 8 jobs
-- by measurement are taken through queued ... processed (hrsi.set_job_status, so the
-- history and the cache stay true) with a degraded L2A (FSC path ending in _0), 1 to 8 L2As
-- since init. At the next promotion the 9th job of every tile goes ready in nominal mode
-- with 8 L2As, which spawns a backward reprocessing of the tile's first 8 jobs; the tile's
-- later jobs are in the same round and see the spawn.
create temp table firsts as
select job_id, tile_id, row_number() over (partition by tile_id order by measurement_date) as k
from hrsi.fsc_rlie_jobs;
delete from firsts where k > 8;
select count(*) from (
  select hrsi.set_job_status(f.job_id, s::smallint)
  from firsts f cross join lateral unnest(case when f.k = 1 then array[4,5,6,7,8,9]
                                                 else array[3,4,5,6,7,8,9] end) with ordinality as u(s, o)
  order by f.job_id, u.o) x;
update hrsi.fsc_rlie_jobs r set l2a_status = 'generated', n_l2a_produced_since_last_init = f.k,
  n_jobs_run_since_last_init = f.k - 1, fsc_path = '/x/FSC_' || r.l1c_id || '_0',
  maja_mode = case when f.k = 1 then 'init' else 'nominal' end,
  l2a_path_out = coalesce(r.l2a_path_out, '/sip/' || r.l1c_id)
from firsts f where f.job_id = r.job_id;
analyze;
