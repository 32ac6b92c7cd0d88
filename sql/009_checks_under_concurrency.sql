-- SPDX-License-Identifier: Apache-2.0
-- 009: the statement-level checks of 007 hold against concurrent transactions, as the foreign
-- keys they replaced did.
--
-- * A check now locks what it found (FOR KEY SHARE, as a foreign key does): a concurrent
--   deletion of the job or the type waits for the inserting transaction, and an insertion
--   waits for a deletion in progress, then sees whether the row is still there (READ
--   COMMITTED) or fails with a serialization error (REPEATABLE READ and above).
-- * "Type in use" is checked after the deletion or the change of a job type, once any
--   concurrent insertion of its jobs has ended, with a snapshot that sees it.
-- * TRUNCATE of hrsi.job_types is refused while jobs exist (a foreign key refused it).
-- * A child table's check finds its type by the table's name, so that renaming a type without
--   jobs does not break it; a type's child table cannot change while it has jobs; the cascade
--   of a job's deletion passes over a registered child table that does not exist (yet).
-- Left as foreign keys leave it too, outside READ COMMITTED: a job deleted by a REPEATABLE READ
-- transaction that took its snapshot before a concurrent transaction added a child row to that
-- (already existing) job keeps the child row. hrsi never adds a child row to an existing job.

create or replace function hrsi.check_new_jobs_types() returns trigger
language plpgsql as $$
declare
    unknown text;
begin
    select n.job_type into unknown
      from (select distinct job_type from new_jobs) n
      left join (select t.name from hrsi.job_types t
                  where t.name in (select job_type from new_jobs)
                    for key share of t) k on k.name = n.job_type
     where k.name is null
     limit 1;
    if found then
        raise exception 'job type "%" is not in hrsi.job_types', unknown
            using errcode = '23503',
                  hint = 'known types: ' || (select string_agg(name, ', ' order by name) from hrsi.job_types);
    end if;
    return null;
end $$;

drop trigger job_types_keep_used on hrsi.job_types;
create or replace function hrsi.refuse_job_type_in_use() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from hrsi.jobs j where j.job_type = old.name) then
        raise exception 'job type % has jobs; it cannot be removed, renamed or given another table',
            old.name using errcode = '23503';
    end if;
    return null;
end $$;
create trigger job_types_keep_used after delete or update of name, child_table on hrsi.job_types
    for each row execute function hrsi.refuse_job_type_in_use();

create function hrsi.refuse_job_types_truncate() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from hrsi.jobs) then
        raise exception 'hrsi.job_types cannot be emptied while jobs exist' using errcode = '23503';
    end if;
    return null;
end $$;
create trigger job_types_keep_all before truncate on hrsi.job_types
    for each statement execute function hrsi.refuse_job_types_truncate();

-- Child rows belong to an existing job of their table's type. The jobs are locked as a
-- foreign key locks them: a job cannot go while a transaction adds its child row.
create or replace function hrsi.check_new_child_rows() returns trigger
language plpgsql as $$
declare
    type_name text;
    ids bigint[];
    locked bigint;
    orphan bigint;
begin
    select t.name into type_name from hrsi.job_types t where t.child_table = tg_table_name;
    if not found then
        raise exception 'hrsi.% is the child table of no type in hrsi.job_types', tg_table_name
            using errcode = '23503';
    end if;
    -- An array, not a join with the transition table: one index (or hashed) lookup per job,
    -- whatever the planner believes of tables filled in this very transaction.
    select array_agg(distinct n.job_id) into ids from new_rows n;
    select count(*) into locked
      from (select 1 from hrsi.jobs j where j.id = any (ids) and j.job_type = type_name
               for key share of j) l;
    if locked < coalesce(cardinality(ids), 0) then
        select n.job_id into orphan from new_rows n
         where not exists (select 1 from hrsi.jobs j where j.id = n.job_id and j.job_type = type_name)
         limit 1;
        raise exception 'insert into hrsi.%: job % does not exist or is not a % job',
            tg_table_name, orphan, type_name using errcode = '23503';
    end if;
    return null;
end $$;

-- The child tables of the registered types that exist (a migration registers its type before
-- it creates the table).
create function hrsi.existing_child_tables() returns setof text
language sql stable as $$
    select t.child_table from hrsi.job_types t
     where to_regclass(format('hrsi.%I', t.child_table)) is not null
     order by t.name
$$;

create or replace function hrsi.delete_job_history() returns trigger
language plpgsql as $$
declare
    child text;
begin
    for child in select hrsi.existing_child_tables() loop
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
    for child in select hrsi.existing_child_tables() loop
        execute format('truncate hrsi.%I', child);
    end loop;
    truncate hrsi.job_status_changes;
    return null;
end $$;
