-- SPDX-License-Identifier: Apache-2.0
-- 016: the RLIE-S1 job type (reference §1.4, §3.6): river and lake ice products from one
-- Sentinel-1 GRD (IW, GRDH, VV+VH), one per Sentinel-2 tile of the area the GRD covers.

insert into hrsi.job_types (name, child_table, jobs_view)
values ('rlies1_job', 'rlies1_jobs', 'rlies1_jobs_view');

create table hrsi.rlies1_jobs (
    job_id                              bigint primary key,
    s1grd_id                            text not null,
    product_path                        text not null,
    measurement_date_start              timestamptz not null,
    measurement_date_end                timestamptz not null,
    s1grd_dias_publication_date         timestamptz,
    s1grd_esa_publication_date          timestamptz,
    -- The tiles of the area the catalogue footprint intersects, sorted: ["31TGL", "32TLR"].
    s2tile_ids_json                     jsonb not null check (jsonb_typeof(s2tile_ids_json) = 'array'),
    rlies1_products_completion_date     timestamptz,
    -- Per product id: its path as published ({"RLIE_…": "/eodata/HRSI/CLMS/…"}), and the
    -- program's metadata completed by the worker (the publication documents are made of it).
    rlies1_product_paths_json           jsonb check (jsonb_typeof(rlies1_product_paths_json) = 'object'),
    rlies1_product_json_submitted_json  jsonb check (jsonb_typeof(rlies1_product_json_submitted_json) = 'object'),
    rlies1_products_publication_date    timestamptz,
    reprocessing_context                text not null default 'nrt',
    -- The reference's key; a list input has no publication date, and two such rows are still
    -- the same job.
    unique nulls not distinct (s1grd_id, measurement_date_start, s1grd_dias_publication_date,
                               reprocessing_context)
);
select hrsi.attach_child_table('rlies1_job');

create view hrsi.rlies1_jobs_view as
select j.*, s.name as last_status_name,
       r.s1grd_id, r.product_path, r.measurement_date_start, r.measurement_date_end,
       r.s1grd_dias_publication_date, r.s1grd_esa_publication_date, r.s2tile_ids_json,
       r.rlies1_products_completion_date, r.rlies1_product_paths_json,
       r.rlies1_product_json_submitted_json, r.rlies1_products_publication_date,
       r.reprocessing_context
  from hrsi.jobs j
  join hrsi.rlies1_jobs r on r.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.rlies1_jobs_with_last_status(last_status smallint[])
returns setof hrsi.rlies1_jobs_view language sql stable as $$
    select * from hrsi.rlies1_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- The worker's two programs (reference §5.6), in the image of docker_image_for_rliepart2_processing:
-- the precise intersection of the GRD with the tiles, then the chain. JSON arrays; null: the
-- type's defaults.
alter table hrsi.system_parameters
    add column command_for_rlies1_intersection jsonb
        check (jsonb_typeof(command_for_rlies1_intersection) in ('array', 'null')),
    add column command_for_rlies1_processing jsonb
        check (jsonb_typeof(command_for_rlies1_processing) in ('array', 'null'));
alter table hrsi.system_parameters_history
    add column command_for_rlies1_intersection jsonb,
    add column command_for_rlies1_processing jsonb;

-- The type is enabled with its migration, as in the reference's default list.
alter table hrsi.system_parameters
    alter column job_types_list set default '["test_job", "fsc_rlie_job", "rlies1_job"]';
update hrsi.system_parameters
   set job_types_list = job_types_list || '["rlies1_job"]'::jsonb
 where not job_types_list ? 'rlies1_job';
