-- SPDX-License-Identifier: Apache-2.0
-- 002: the test job type (reference §3.10), the first child table. A job type is one row in
-- job_types, one child table keyed by job_id, one view (jobs + child) and one
-- <type>_jobs_with_last_status function; a new type's migration copies this file's shape.

insert into hrsi.job_types (name, child_table, jobs_view)
values ('test_job', 'test_jobs', 'test_jobs_view');

create table hrsi.test_jobs (
    job_id           bigint primary key references hrsi.jobs (id) on delete cascade,
    measurement_date timestamptz,
    completion_date  timestamptz
);

create view hrsi.test_jobs_view as
select j.*, s.name as last_status_name, t.measurement_date, t.completion_date
  from hrsi.jobs j
  join hrsi.test_jobs t on t.job_id = j.id
  left join hrsi.job_status s on s.id = j.last_status;

-- GET_JOBS_WITH_STATUS_PROCEDURE_NAME of the test job: filters on the cached status (indexed).
create function hrsi.test_jobs_with_last_status(last_status smallint[])
returns setof hrsi.test_jobs_view language sql stable as $$
    select * from hrsi.test_jobs_view v where v.last_status = any ($1) order by v.id
$$;

-- One test job per input product: running hrsi-create-jobs again on the same input creates
-- nothing.
create unique index jobs_test_job_product on hrsi.jobs (product_id) where job_type = 'test_job';
