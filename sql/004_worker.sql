-- SPDX-License-Identifier: Apache-2.0
-- 004: what hrsi-run-worker needs: a heartbeat per running job, where inputs and outputs
-- live, and the program each job type runs.

-- One row per job a worker has taken: refreshed while the worker is in a step, so that the
-- monitor can tell a dead worker (stale beat, or its process gone on its host) from a slow one.
create table hrsi.worker_heartbeats (
    job_id     bigint primary key references hrsi.jobs (id) on delete cascade,
    attempt    integer not null,
    host       text not null,
    pid        integer not null,
    status     smallint not null check (status between 1 and 16),
    started_at timestamptz not null,
    beat_at    timestamptz not null
);

-- Storage (URLs: file:///path, a plain absolute path, or s3://bucket/key through rclone).
alter table hrsi.system_parameters
    -- Catalogue paths start with /eodata/ (the DIAS mount); they are read from here.
    add column eodata_storage_url text not null default 'file:///eodata'
        check (eodata_storage_url <> ''),
    -- Internal paths name their bucket first (/<bucket>/<key>: the L2A time series of
    -- sip_data_bucket); "s3://" means the buckets of the S3 remote, a folder URL holds one
    -- sub-folder per bucket.
    add column internal_storage_url text not null default 's3://'
        check (internal_storage_url <> ''),
    -- Products are uploaded here under CLMS/Pan-European/High_Resolution_Layers/..., and
    -- recorded (and published) as products_path_prefix/CLMS/...
    add column products_storage_url text not null default 's3://HRSI'
        check (products_storage_url <> ''),
    add column products_path_prefix text not null default '/eodata/HRSI'
        check (products_path_prefix ~ '^/'),
    -- What is left of a failed job's work folder goes to <results>/work/jobs/<unique_id>/;
    -- null: it is not kept.
    add column results_storage_url text check (results_storage_url <> ''),
    -- The program of each type as a JSON array (program, arguments...), run in the image of
    -- docker_image_for_<...>; null, SQL or JSON (like a null image): the type's default.
    add column command_for_si_processing jsonb
        check (jsonb_typeof(command_for_si_processing) in ('array', 'null')),
    add column command_for_test_job_processing jsonb
        check (jsonb_typeof(command_for_test_job_processing) in ('array', 'null'));

alter table hrsi.system_parameters_history
    add column eodata_storage_url text,
    add column internal_storage_url text,
    add column products_storage_url text,
    add column products_path_prefix text,
    add column results_storage_url text,
    add column command_for_si_processing jsonb,
    add column command_for_test_job_processing jsonb;
