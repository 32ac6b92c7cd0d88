-- SPDX-License-Identifier: Apache-2.0
-- 007: bulk creation writes each new job once, in its final state.
--
-- * The foreign keys from hrsi.jobs to hrsi.job_types and from the child tables to hrsi.jobs
--   are checked a row at a time, each check a query that also locks the referenced row: a
--   third of the time of a bulk insertion. They become checks of the same rules once per
--   statement, over the inserted rows (transition tables), and the cascade of a job's
--   deletion to its child row joins the one that already removes its history.
-- * A new job may carry its status cache when its writer writes its first history rows in
--   the same transaction (hrsi.writing_status_cache, as for updates of the cache): creation
--   then writes each job row once instead of inserting it and updating its cache.
-- Like the other settings of the status gate, these guard against mistakes, not against a
-- database user who sets them on purpose (README, "The database").

-- Jobs name known job types.
alter table hrsi.jobs drop constraint jobs_job_type_fkey;

create function hrsi.check_new_jobs_types() returns trigger
language plpgsql as $$
declare
    unknown text;
begin
    select n.job_type into unknown from new_jobs n
     where not exists (select 1 from hrsi.job_types t where t.name = n.job_type)
     limit 1;
    if found then
        raise exception 'job type "%" is not in hrsi.job_types', unknown
            using errcode = '23503',
                  hint = 'known types: ' || (select string_agg(name, ', ' order by name) from hrsi.job_types);
    end if;
    return null;
end $$;
create trigger jobs_check_new_types after insert on hrsi.jobs
    referencing new table as new_jobs
    for each statement execute function hrsi.check_new_jobs_types();

-- A job keeps its id and its type: the child rows, the history, Nomad and storage paths all
-- know the job by them.
create function hrsi.refuse_job_identity_change() returns trigger
language plpgsql as $$
begin
    raise exception 'the id and the type of job % cannot change', old.id using errcode = '23503';
end $$;
create trigger jobs_keep_identity before update of id, job_type on hrsi.jobs
    for each row when (new.id is distinct from old.id or new.job_type is distinct from old.job_type)
    execute function hrsi.refuse_job_identity_change();

-- A job type with jobs stays.
create function hrsi.refuse_job_type_in_use() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from hrsi.jobs j where j.job_type = old.name) then
        raise exception 'job type % has jobs; it cannot be removed or renamed', old.name
            using errcode = '23503';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger job_types_keep_used before delete or update of name on hrsi.job_types
    for each row execute function hrsi.refuse_job_type_in_use();

-- Child rows belong to an existing job of their table's type (the type is the trigger's
-- argument), and never move to another job.
create function hrsi.check_new_child_rows() returns trigger
language plpgsql as $$
declare
    orphan bigint;
begin
    select n.job_id into orphan from new_rows n
     where not exists (select 1 from hrsi.jobs j where j.id = n.job_id and j.job_type = tg_argv[0])
     limit 1;
    if found then
        raise exception 'insert into hrsi.%: job % does not exist or is not a % job',
            tg_table_name, orphan, tg_argv[0] using errcode = '23503';
    end if;
    return null;
end $$;

create function hrsi.refuse_child_job_change() returns trigger
language plpgsql as $$
begin
    raise exception 'hrsi.%: a row cannot move from job % to another job', tg_table_name, old.job_id
        using errcode = '23503';
end $$;

-- Puts the checks on a job type's child table (named in hrsi.job_types) in place of a foreign
-- key. A new type's migration calls it once its child table exists.
create function hrsi.attach_child_table(type_name text) returns void
language plpgsql as $$
declare
    child text;
begin
    select t.child_table into child from hrsi.job_types t where t.name = type_name;
    if not found then
        raise exception 'job type % is not in hrsi.job_types', type_name using errcode = '23503';
    end if;
    execute format('create trigger %I after insert on hrsi.%I referencing new table as new_rows '
                   'for each statement execute function hrsi.check_new_child_rows(%L)',
                   child || '_check_jobs', child, type_name);
    execute format('create trigger %I before update of job_id on hrsi.%I for each row '
                   'when (new.job_id is distinct from old.job_id) '
                   'execute function hrsi.refuse_child_job_change()',
                   child || '_keep_job', child);
end $$;

alter table hrsi.test_jobs drop constraint test_jobs_job_id_fkey;
select hrsi.attach_child_table('test_job');
alter table hrsi.fsc_rlie_jobs drop constraint fsc_rlie_jobs_job_id_fkey;
select hrsi.attach_child_table('fsc_rlie_job');

-- A job's child row and history go with the job (what "on delete cascade" would do), once per
-- statement. Child tables that still have their own foreign key lose nothing twice.
create or replace function hrsi.delete_job_history() returns trigger
language plpgsql as $$
declare
    child text;
begin
    for child in select t.child_table from hrsi.job_types t order by t.name loop
        execute format('delete from hrsi.%I c using deleted_jobs d where c.job_id = d.id', child);
    end loop;
    delete from hrsi.job_status_changes c using deleted_jobs d where c.job_id = d.id;
    return null;
end $$;

create or replace function hrsi.truncate_job_history() returns trigger
language plpgsql as $$
declare
    child text;
begin
    for child in select t.child_table from hrsi.job_types t order by t.name loop
        execute format('truncate hrsi.%I', child);
    end loop;
    truncate hrsi.job_status_changes;
    return null;
end $$;

-- New jobs with their cache: allowed to the writer of their first history rows. The setting
-- is read in the WHEN clause, so that a bulk insertion calls no function per row.
drop trigger jobs_protect_new_job_cache on hrsi.jobs;
create trigger jobs_protect_new_job_cache before insert on hrsi.jobs
    for each row
    when ((new.last_status is not null or new.last_status_change_id is not null
           or new.last_status_at is not null or new.last_error_subtype is not null
           or new.error_raised)
          and current_setting('hrsi.writing_status_cache', true) is distinct from 'on')
    execute function hrsi.protect_new_job_cache();
