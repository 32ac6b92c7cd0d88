-- SPDX-License-Identifier: Apache-2.0
-- The migration of plugin_test_job, the job type written only for tests (tests/plugin/): the
-- shape every type's migration has (lib/hrsi/job_types/README.md, item 2-3). Applied by
-- plugin_type.sh after hrsi-db init, with psql, never by hrsi-db (not a migration of the
-- installed schema).

insert into hrsi.job_types (name, child_table, jobs_view)
values ('plugin_test_job', 'plugin_test_jobs', 'plugin_test_jobs_view');

create table hrsi.plugin_test_jobs (
    job_id           bigint primary key,
    measurement_date timestamptz,
    -- The products the worker uploaded: [{"type", "title", "path"}, ...].
    products         jsonb,
    published_at     timestamptz
);
select hrsi.attach_child_table('plugin_test_job');

create view hrsi.plugin_test_jobs_view as
select j.*, s.name as last_status_name, t.measurement_date, t.products, t.published_at
  from hrsi.jobs j
  join hrsi.plugin_test_jobs t on t.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

create function hrsi.plugin_test_jobs_with_last_status(last_status smallint[])
returns setof hrsi.plugin_test_jobs_view language sql stable as $$
    select * from hrsi.plugin_test_jobs_view v where v.last_status = any ($1) order by v.id
$$;

alter table hrsi.system_parameters add column docker_image_for_plugin_test_job text;
alter table hrsi.system_parameters add column command_for_plugin_test_job jsonb;
alter table hrsi.system_parameters_history add column docker_image_for_plugin_test_job text;
alter table hrsi.system_parameters_history add column command_for_plugin_test_job jsonb;
