-- SPDX-License-Identifier: Apache-2.0
-- 017: the SWS/WDS job type (reference §1.4, §3.8): SAR wet snow (SWS) and wet/dry snow (WDS) of
-- one tile from an assembly of one or two Sentinel-1 slices, the WDS with an FSC of the same day.
-- The table comes before the type is enabled: job_types_list gets sws_wds_job with the
-- migration that registers the type's worker.

insert into hrsi.job_types (name, child_table, jobs_view)
values ('sws_wds_job', 'sws_wds_jobs', 'sws_wds_jobs_view');

create table hrsi.sws_wds_jobs (
    job_id                          bigint primary key,
    -- The tile of the job (hrsi.jobs.tile_id), repeated for the key.
    tile_id                         text not null,
    nrt                             boolean not null default true,
    -- Pre-filled at creation with {"resto": {"geometry": {"wkt": …}}} (the S1 hull over the
    -- tile; for WDS, within the FSC's footprint), completed by the worker.
    wds_infos                       jsonb check (jsonb_typeof(wds_infos) = 'object'),
    wds_path                        text,
    wds_completion_date             timestamptz,
    wds_json_publication_date       timestamptz,
    sws_infos                       jsonb check (jsonb_typeof(sws_infos) = 'object'),
    sws_path                        text,
    sws_completion_date             timestamptz,
    sws_json_publication_date       timestamptz,
    -- The earliest start of the tile's slices.
    measurement_date                timestamptz not null,
    -- The assembly's slices, ';'-joined as the reference's (its unique key is on them).
    s1_id_list                      text not null,
    s1_path_list                    text not null,
    s1_esa_publication_latest_date  timestamptz,
    s1_dias_publication_latest_date timestamptz,
    -- <platform>_<missionTakeId>_<epsg>_<start>_<stop>: the jobs of one assembly share it.
    assembly_id                     text not null,
    -- 0: this job builds the assembly (master); > 0: the master's job id; -1: not decided yet.
    assembly_master_job_id          bigint not null default -1 check (assembly_master_job_id >= -1),
    -- null for a job created cancelled (it never takes part in an assembly).
    assembly_status                 text check (assembly_status in ('pending', 'generated', 'empty',
                                                                    'generation_aborted', 'deleted')),
    assembly_params                 jsonb not null check (jsonb_typeof(assembly_params) = 'object'),
    assembly_path                   text,
    assembly_return_code            integer,
    -- The reference's column, which it never sets.
    assembly_reference_job          boolean,
    -- The FSC of a WDS job (one at most, ';'-joined as the reference's); null without WDS.
    fsc_id_list                     text,
    fsc_path_list                   text,
    fsc_creation_latest_date        timestamptz,
    fsc_publication_latest_date     timestamptz,
    reprocessing_context            text not null default 'None',
    -- The reference's key and the tile: the jobs of one assembly share its slices (an SWS-only
    -- job of each tile has no FSC), and two such rows of one tile are still the same job.
    unique nulls not distinct (tile_id, s1_id_list, fsc_id_list, nrt, reprocessing_context)
);
select hrsi.attach_child_table('sws_wds_job');

-- The master election looks at the jobs measured within 80 s of a batch.
create index sws_wds_jobs_measurement on hrsi.sws_wds_jobs (measurement_date);
-- The search windows start from the latest FSC and S1 publications a job recorded.
create index sws_wds_jobs_fsc_publication on hrsi.sws_wds_jobs (fsc_publication_latest_date);
create index sws_wds_jobs_s1_publication on hrsi.sws_wds_jobs (s1_dias_publication_latest_date);

create view hrsi.sws_wds_jobs_view as
select j.*, s.name as last_status_name,
       w.nrt, w.wds_infos, w.wds_path, w.wds_completion_date, w.wds_json_publication_date,
       w.sws_infos, w.sws_path, w.sws_completion_date, w.sws_json_publication_date,
       w.measurement_date, w.s1_id_list, w.s1_path_list, w.s1_esa_publication_latest_date,
       w.s1_dias_publication_latest_date, w.assembly_id, w.assembly_master_job_id,
       w.assembly_status, w.assembly_params, w.assembly_path, w.assembly_return_code,
       w.assembly_reference_job, w.fsc_id_list, w.fsc_path_list, w.fsc_creation_latest_date,
       w.fsc_publication_latest_date, w.reprocessing_context
  from hrsi.jobs j
  join hrsi.sws_wds_jobs w on w.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.sws_wds_jobs_with_last_status(last_status smallint[])
returns setof hrsi.sws_wds_jobs_view language sql stable as $$
    select * from hrsi.sws_wds_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- The job whose FSC was published last (reference: last_job_with_fsc_publication_latest_date),
-- none when no job has an FSC.
create function hrsi.last_job_with_fsc_publication_latest_date()
returns setof hrsi.sws_wds_jobs_view language sql stable as $$
    select v.* from hrsi.sws_wds_jobs_view v
     where v.fsc_publication_latest_date is not null
     order by v.fsc_publication_latest_date desc, v.id desc
     limit 1
$$;

-- The worker's program (reference §5.6) in the image of docker_image_for_sws_wds_processing
-- (001). A JSON array; null: the type's default.
alter table hrsi.system_parameters
    add column command_for_sws_wds_processing jsonb
        check (jsonb_typeof(command_for_sws_wds_processing) in ('array', 'null'));
alter table hrsi.system_parameters_history
    add column command_for_sws_wds_processing jsonb;
