-- SPDX-License-Identifier: Apache-2.0
-- 019: the RLIE-S1+S2 job type (reference §1.4, §3.7): the daily river and lake ice product of
-- one tile merged from the RLIE products hrsi made that day (Sentinel-2 and Sentinel-1). Its
-- search parameters (rlies1s2_*) and image (docker_image_for_rliepart2_processing) are in
-- 001. The table comes before the type is enabled: job_types_list gets rlies1s2_job with the
-- migration that registers it.

insert into hrsi.job_types (name, child_table, jobs_view)
values ('rlies1s2_job', 'rlies1s2_jobs', 'rlies1s2_jobs_view');

create table hrsi.rlies1s2_jobs (
    job_id                          bigint primary key,
    -- 00:00 UTC of the day merged.
    process_date                    timestamptz not null,
    -- The tile of the job (hrsi.jobs.tile_id), repeated for the key.
    tile_id_dup                     text not null,
    -- The products merged, as their jobs recorded them (/eodata/HRSI/CLMS/…): JSON arrays.
    rlies1_product_paths_json       jsonb not null check (jsonb_typeof(rlies1_product_paths_json) = 'array'),
    rlies1_publication_latest_date  timestamptz,
    rlies2_product_paths_json       jsonb not null check (jsonb_typeof(rlies2_product_paths_json) = 'array'),
    rlies2_publication_latest_date  timestamptz,
    -- The product's date (its name's), which must be on the process date.
    measurement_date_rlies1s2       timestamptz,
    rlies1s2_completion_date        timestamptz,
    rlies1s2_path                   text,
    -- The chain's metadata completed by the worker (the publication document is made of it).
    rlies1s2_json_submitted_json    jsonb check (jsonb_typeof(rlies1s2_json_submitted_json) = 'object'),
    publication_date_rlies1s2       timestamptz,
    reprocessing_context            text not null default 'nrt',
    unique (process_date, tile_id_dup)
);
select hrsi.attach_child_table('rlies1s2_job');

create view hrsi.rlies1s2_jobs_view as
select j.*, s.name as last_status_name,
       r.process_date, r.tile_id_dup, r.rlies1_product_paths_json, r.rlies1_publication_latest_date,
       r.rlies2_product_paths_json, r.rlies2_publication_latest_date, r.measurement_date_rlies1s2,
       r.rlies1s2_completion_date, r.rlies1s2_path, r.rlies1s2_json_submitted_json,
       r.publication_date_rlies1s2, r.reprocessing_context
  from hrsi.jobs j
  join hrsi.rlies1s2_jobs r on r.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.rlies1s2_jobs_with_last_status(last_status smallint[])
returns setof hrsi.rlies1s2_jobs_view language sql stable as $$
    select * from hrsi.rlies1s2_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- Creation reads the RLIE products of the days it searches: FSC/RLIE jobs by measurement
-- (fsc_rlie_jobs has its index by tile first), RLIE-S1 jobs by their start.
create index fsc_rlie_jobs_measurement on hrsi.fsc_rlie_jobs (measurement_date);
create index rlies1_jobs_measurement_start on hrsi.rlies1_jobs (measurement_date_start);

-- The chain (reference §5.6), in the image of docker_image_for_rliepart2_processing. A JSON
-- array; null: the type's default.
alter table hrsi.system_parameters
    add column command_for_rlies1s2_processing jsonb
        check (jsonb_typeof(command_for_rlies1s2_processing) in ('array', 'null'));
alter table hrsi.system_parameters_history
    add column command_for_rlies1s2_processing jsonb;
