-- SPDX-License-Identifier: Apache-2.0
-- 021: the GFSC job type (reference §1.4, §3.9): the daily cumulative gap-filled fractional
-- snow cover of one tile, from the FSC, WDS and SWS products hrsi published over the
-- aggregation window and the tile's latest GFSC. Its window (gapfilling_search_default_duration_in_days),
-- image (docker_image_for_gfsc_processing) and first daily day (gfsc_daily_jobs_creation_start_date)
-- are in 001. The table comes before the type is enabled: job_types_list gets gfsc_job with
-- the migration that registers it.

insert into hrsi.job_types (name, child_table, jobs_view)
values ('gfsc_job', 'gfsc_jobs', 'gfsc_jobs_view');

create table hrsi.gfsc_jobs (
    job_id                               bigint primary key,
    -- The tile of the job (hrsi.jobs.tile_id, with the T), repeated so that the lookups by
    -- tile and day are one index range.
    tile_id                              text not null,
    nrt                                  boolean not null default true,
    -- The product's missions, as its id gives them once made (S1-S2).
    missions                             text,
    -- The product that triggered the job (an FSC, WDS or SWS; a GFSC for a daily job).
    triggering_product_id                text not null,
    triggering_product_publication_date  timestamptz not null,
    -- The inputs: JSON arrays of the same length per kind (ids, publication and sensing dates
    -- as RFC 3339 texts), not the reference's ';'-joined texts.
    fsc_id_list                          jsonb not null default '[]' check (jsonb_typeof(fsc_id_list) = 'array'),
    fsc_publication_date_list            jsonb not null default '[]' check (jsonb_typeof(fsc_publication_date_list) = 'array'),
    fsc_measurement_date_list            jsonb not null default '[]' check (jsonb_typeof(fsc_measurement_date_list) = 'array'),
    wds_id_list                          jsonb not null default '[]' check (jsonb_typeof(wds_id_list) = 'array'),
    wds_publication_date_list            jsonb not null default '[]' check (jsonb_typeof(wds_publication_date_list) = 'array'),
    wds_measurement_date_list            jsonb not null default '[]' check (jsonb_typeof(wds_measurement_date_list) = 'array'),
    sws_id_list                          jsonb not null default '[]' check (jsonb_typeof(sws_id_list) = 'array'),
    sws_publication_date_list            jsonb not null default '[]' check (jsonb_typeof(sws_publication_date_list) = 'array'),
    sws_measurement_date_list            jsonb not null default '[]' check (jsonb_typeof(sws_measurement_date_list) = 'array'),
    gfsc_id_list                         jsonb not null default '[]' check (jsonb_typeof(gfsc_id_list) = 'array'),
    -- Inputs the worker does not stage: the days the input GFSC already covers.
    obsolete_product_id_list             jsonb not null default '[]' check (jsonb_typeof(obsolete_product_id_list) = 'array'),
    -- The program's metadata completed by the worker (the publication document is made of it).
    gfsc_infos                           jsonb check (jsonb_typeof(gfsc_infos) = 'object'),
    -- Set at creation from the id template (GFSC_<YYYYMMDD>-<NNN>_missions_<tile>_processingBaseline_<curation>),
    -- replaced by the product's title once made.
    gfsc_id                              text not null,
    gfsc_path                            text,
    sensing_start_date                   timestamptz,
    sensing_end_date                     timestamptz,
    completion_date                      timestamptz,
    -- 00:00 UTC of the product's day.
    product_date                         timestamptz not null,
    curation_timestamp                   timestamptz not null,
    aggregation_timespan                 smallint not null check (aggregation_timespan > 0),
    gfsc_json_publication_date           timestamptz,
    -- On a cancelled job: the job of the same tile and day that overrode it.
    overriding_job_id                    bigint,
    reprocessing_context                 text not null default 'None',
    unique (gfsc_id, nrt, reprocessing_context)
);
select hrsi.attach_child_table('gfsc_job');

-- Creation and configuration read the jobs of a tile and day, and the latest GFSC of the tiles.
create index gfsc_jobs_tile_product_date on hrsi.gfsc_jobs (tile_id, product_date);
create index gfsc_jobs_product_date on hrsi.gfsc_jobs (product_date);
-- Creation reads the products published since the last trigger.
create index fsc_rlie_jobs_fsc_publication on hrsi.fsc_rlie_jobs (fsc_json_publication_date);
create index sws_wds_jobs_wds_publication on hrsi.sws_wds_jobs (wds_json_publication_date);
create index sws_wds_jobs_sws_publication on hrsi.sws_wds_jobs (sws_json_publication_date);

create view hrsi.gfsc_jobs_view as
select j.*, s.name as last_status_name,
       g.nrt, g.missions, g.triggering_product_id, g.triggering_product_publication_date,
       g.fsc_id_list, g.fsc_publication_date_list, g.fsc_measurement_date_list,
       g.wds_id_list, g.wds_publication_date_list, g.wds_measurement_date_list,
       g.sws_id_list, g.sws_publication_date_list, g.sws_measurement_date_list,
       g.gfsc_id_list, g.obsolete_product_id_list, g.gfsc_infos, g.gfsc_id, g.gfsc_path,
       g.sensing_start_date, g.sensing_end_date, g.completion_date, g.product_date,
       g.curation_timestamp, g.aggregation_timespan, g.gfsc_json_publication_date,
       g.overriding_job_id, g.reprocessing_context
  from hrsi.jobs j
  join hrsi.gfsc_jobs g on g.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.gfsc_jobs_with_last_status(last_status smallint[])
returns setof hrsi.gfsc_jobs_view language sql stable as $$
    select * from hrsi.gfsc_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- The days the daily jobs were decided for (the reference keeps the last one in memory, so a
-- restarted service forgets it): one row per day, with what was decided.
create table hrsi.gfsc_daily_days (
    day           date primary key,
    decided_at    timestamptz not null default now(),
    -- No FSC, WDS or SWS sensed that day: an outage is likely, no daily job was made.
    outage        boolean not null,
    jobs          integer not null check (jobs >= 0)
);

-- The worker's program (reference §5.6: gf.py), in the image of docker_image_for_gfsc_processing
-- (001). A JSON array; null: the type's default.
alter table hrsi.system_parameters
    add column command_for_gfsc_processing jsonb
        check (jsonb_typeof(command_for_gfsc_processing) in ('array', 'null'));
alter table hrsi.system_parameters_history
    add column command_for_gfsc_processing jsonb;
