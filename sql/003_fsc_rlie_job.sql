-- SPDX-License-Identifier: Apache-2.0
-- 003: the FSC/RLIE job type (reference §1.4, §3.5): snow (FSC) and river/lake ice (RLIE)
-- products from one Sentinel-2 L1C, processed as a time series per tile (MAJA).

insert into hrsi.job_types (name, child_table, jobs_view)
values ('fsc_rlie_job', 'fsc_rlie_jobs', 'fsc_rlie_jobs_view');

create table hrsi.fsc_rlie_jobs (
    job_id                          bigint primary key references hrsi.jobs (id) on delete cascade,
    -- A copy of jobs.tile_id, so that the time-series lookups are one index range.
    tile_id                         text not null,
    nrt                             boolean not null default true,
    l1c_id                          text not null,
    l1c_id_list                     text,            -- ';'-joined, backward mode
    l1c_reference_job               boolean not null default true,
    -- Not null in the reference, whose only catalogue always gave them; OData answers without
    -- $expand=Attributes and plain lists do not.
    l1c_cloud_cover                 numeric,
    l1c_snow_cover                  numeric,
    l1c_path                        text not null,
    l1c_path_list                   text,            -- ';'-joined, backward mode
    l2a_path_in                     text,
    l2a_path_out                    text,
    save_full_l2a                   boolean not null default false,
    job_id_for_last_valid_l2a       bigint,
    l2a_status                      text check (l2a_status in ('pending', 'generated', 'generation_aborted', 'deleted')),
    n_jobs_run_since_last_init      integer,
    n_l2a_produced_since_last_init  integer,
    dtm_path                        text,
    fsc_infos                       jsonb,
    rlie_infos                      jsonb,
    fsc_path                        text,
    rlie_path                       text,
    measurement_date                timestamptz not null,
    l1c_sensing_time                timestamptz,
    l1c_esa_creation_date           timestamptz not null,
    l1c_esa_publication_date        timestamptz,
    l1c_dias_publication_date       timestamptz,
    fsc_completion_date             timestamptz,
    rlie_completion_date            timestamptz,
    fsc_json_publication_date       timestamptz,
    rlie_json_publication_date      timestamptz,
    maja_mode                       text check (maja_mode in ('nominal', 'backward', 'init')),
    maja_threads                    smallint not null default 1,
    maja_other_params               jsonb,
    maja_return_code                smallint,
    backward_reprocessing_run       boolean not null default false,
    reprocessing_context            text not null default 'None',
    unique (l1c_id, nrt, reprocessing_context)
);
-- The time-series lookups walk this index backward from a job and stop at the first match.
create index fsc_rlie_jobs_tile_measurement
    on hrsi.fsc_rlie_jobs (tile_id, measurement_date, l1c_esa_creation_date, job_id);
-- (The reference also indexes the ESA and DIAS publication dates and maja_mode; no query
-- here needs them, and every index costs on each of the 100,000s of rows a day inserts.)

create view hrsi.fsc_rlie_jobs_view as
select j.*, s.name as last_status_name,
       f.nrt, f.l1c_id, f.l1c_id_list, f.l1c_reference_job, f.l1c_cloud_cover, f.l1c_snow_cover,
       f.l1c_path, f.l1c_path_list, f.l2a_path_in, f.l2a_path_out, f.save_full_l2a,
       f.job_id_for_last_valid_l2a, f.l2a_status, f.n_jobs_run_since_last_init,
       f.n_l2a_produced_since_last_init, f.dtm_path, f.fsc_infos, f.rlie_infos, f.fsc_path,
       f.rlie_path, f.measurement_date, f.l1c_sensing_time, f.l1c_esa_creation_date,
       f.l1c_esa_publication_date, f.l1c_dias_publication_date, f.fsc_completion_date,
       f.rlie_completion_date, f.fsc_json_publication_date, f.rlie_json_publication_date,
       f.maja_mode, f.maja_threads, f.maja_other_params, f.maja_return_code,
       f.backward_reprocessing_run, f.reprocessing_context
  from hrsi.jobs j
  join hrsi.fsc_rlie_jobs f on f.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.fsc_rlie_jobs_with_last_status(last_status smallint[])
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select * from hrsi.fsc_rlie_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- The previous job of the time series whose L2A a job can start from (reference §1.8):
-- same tile, measured at or before the bound, created by ESA before the bound, another L1C,
-- and its L2A generated or still to come. A job without status yet counts as initialized.
-- Ties go to the newest job (the reference breaks them by last status change, which would
-- keep the index from answering in order).
create function hrsi.get_last_job_with_usable_l2a(tile_id_ref text,
                                                  high_measurement_time_bound timestamptz,
                                                  high_esa_time_bound timestamptz,
                                                  l1c_id_ref text,
                                                  allow_codated_jobs boolean,
                                                  backward_triggered_job boolean)
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select v.* from (
        select f.job_id from hrsi.fsc_rlie_jobs f
          join hrsi.jobs j on j.id = f.job_id
         where f.tile_id = $1
           and f.measurement_date <= $2
           and f.l1c_esa_creation_date < $3
           and f.l1c_id <> $4
           and (f.l2a_status = 'generated'
                or (f.l2a_status = 'pending' and coalesce(j.last_status, 1) not in (13, 14, 16))
                or ($6 and f.l2a_status = 'pending' and coalesce(j.last_status, 1) <> 16))
           and (f.l1c_reference_job or $5)
         order by f.measurement_date desc, f.l1c_esa_creation_date desc, f.job_id desc
         limit 1) p
    join hrsi.fsc_rlie_jobs_view v on v.id = p.job_id
$$;

-- The reference jobs that follow a measurement on a tile, oldest first (backward mode).
create function hrsi.fsc_rlie_jobs_following_measurement_with_tile_id(
        tile_id_ref text, low_measurement_time_bound timestamptz,
        low_l1c_esa_creation_time_bound timestamptz, results_limit smallint)
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select v.* from hrsi.fsc_rlie_jobs f
      join hrsi.fsc_rlie_jobs_view v on v.id = f.job_id
     where f.tile_id = $1 and f.measurement_date >= $2 and f.l1c_esa_creation_date > $3
       and f.l1c_reference_job
     order by f.measurement_date, f.l1c_esa_creation_date, f.job_id
     limit $4
$$;

-- The last MAJA init job of a tile before a time, not yet reprocessed backward, L2A generated.
create function hrsi.fsc_rlie_job_last_init_with_tile_id_no_backward(tile_id_ref text,
                                                                    high_time_bound timestamptz)
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select v.* from hrsi.fsc_rlie_jobs f
      join hrsi.fsc_rlie_jobs_view v on v.id = f.job_id
     where f.tile_id = $1 and f.measurement_date < $2 and f.maja_mode = 'init'
       and not f.backward_reprocessing_run and f.l2a_status = 'generated'
     order by f.measurement_date desc, f.job_id desc
     limit 1
$$;

-- Jobs of a tile at one sensing start (the reference's duplicate lookup; hrsi-create-jobs
-- does the same for a whole chunk in one statement).
create function hrsi.fsc_rlie_jobs_with_tile_date(tile_id_ref text, measurement_time timestamptz)
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select v.* from hrsi.fsc_rlie_jobs f join hrsi.fsc_rlie_jobs_view v on v.id = f.job_id
     where f.tile_id = $1 and f.measurement_date = $2 order by v.id
$$;

-- Jobs of a tile in some statuses measured in [low, high).
create function hrsi.fsc_rlie_jobs_with_status_tile_date(last_status smallint[], tile_id_ref text,
                                                         low timestamptz, high timestamptz)
returns setof hrsi.fsc_rlie_jobs_view language sql stable as $$
    select v.* from hrsi.fsc_rlie_jobs f join hrsi.fsc_rlie_jobs_view v on v.id = f.job_id
     where f.tile_id = $2 and f.measurement_date >= $3 and f.measurement_date < $4
       and v.last_status = any ($1)
     order by f.measurement_date, v.id
$$;

-- The type is enabled with its migration, as in the reference's default list.
alter table hrsi.system_parameters
    alter column job_types_list set default '["test_job", "fsc_rlie_job"]';
update hrsi.system_parameters
   set job_types_list = job_types_list || '["fsc_rlie_job"]'::jsonb
 where not job_types_list ? 'fsc_rlie_job';

-- Where the L2A time series is kept (reference §3.4: /<bucket>/<tile>/L2A/reference/...).
alter table hrsi.system_parameters
    add column sip_data_bucket text not null default 'hrsi-sip-data';
alter table hrsi.system_parameters_history add column sip_data_bucket text;
