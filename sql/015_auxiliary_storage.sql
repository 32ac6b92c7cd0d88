-- SPDX-License-Identifier: Apache-2.0
-- 015: where auxiliary data lives (issue 21): DEMs, masks and the static tars of the job types
-- (reference §5.4: bucket sip_aux), staged by each worker host through its cache.
alter table hrsi.system_parameters
    -- file:///path, a plain absolute path, or s3://bucket[/prefix]; object keys are relative to
    -- it (csi_aux/csi_aux_<tile>.tar, ...).
    add column aux_storage_url text not null default 's3://sip_aux'
        check (aux_storage_url <> ''),
    -- The version the workers' caches key auxiliary objects by: they never ask the storage
    -- again about an object they hold, so after replacing objects in place, change it.
    add column aux_data_version text not null default '1'
        check (aux_data_version ~ '^[A-Za-z0-9._-]{1,64}$');

alter table hrsi.system_parameters_history
    add column aux_storage_url text,
    add column aux_data_version text;
