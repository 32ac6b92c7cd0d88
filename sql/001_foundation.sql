-- SPDX-License-Identifier: Apache-2.0
-- 001: the job database. Statuses, jobs, their append-only status history with the allowed
-- transitions, the last-status cache, fencing by attempt, system parameters with history.
-- Applied by `hrsi-db migrate` inside one transaction; schema_version is written by hrsi-db.

create schema if not exists hrsi;

create table hrsi.schema_version (
    version    integer primary key,
    name       text not null,
    applied_at timestamptz not null default now()
);

-- The 16 statuses, with the ids of the reference system (§2.1). lib/hrsi/status.cpp holds the
-- same list; tests/integration/test_schema_statuses.cpp proves both agree.
create table hrsi.job_status (
    id   smallint primary key,
    name text not null unique
);
insert into hrsi.job_status (id, name) values
    (1, 'initialized'), (2, 'configured'), (3, 'ready'), (4, 'queued'), (5, 'started'),
    (6, 'pre_processing'), (7, 'processing'), (8, 'post_processing'), (9, 'processed'),
    (10, 'start_publication'), (11, 'published'), (12, 'done'), (13, 'internal_error'),
    (14, 'external_error'), (15, 'error_checked'), (16, 'cancelled');

-- Allowed transitions (reference §2.2). from_status null = the job has no status yet.
create table hrsi.job_status_transitions (
    from_status smallint references hrsi.job_status (id),
    to_status   smallint not null references hrsi.job_status (id)
);
create unique index job_status_transitions_pair
    on hrsi.job_status_transitions (coalesce(from_status, 0), to_status);
insert into hrsi.job_status_transitions (from_status, to_status)
select f, t from (values
    (null::smallint, array[1, 5, 13, 16]),
    (1,  array[2, 13, 14, 16]),
    (2,  array[3, 13, 16]),
    (3,  array[4, 13, 14, 16]),
    (4,  array[5, 13]),
    (5,  array[6, 13, 14, 16]),
    (6,  array[7, 13, 14, 16]),
    (7,  array[8, 13, 14, 16]),
    (8,  array[9, 13, 14, 16]),
    (9,  array[10, 12, 13, 14, 16]),
    (10, array[11, 13, 14, 16]),
    (11, array[12]),
    (12, array[13, 14]),
    (13, array[13, 14, 15]),
    (14, array[5, 13, 14, 15]),
    (15, array[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
    (16, array[13])
) as allowed(f, tos), unnest(tos) as t;

-- Job types and where their own columns live. Each job type's migration adds its row, its
-- child table, its view and its <type>_jobs_with_last_status function.
create table hrsi.job_types (
    name       text primary key check (name ~ '^[a-z][a-z0-9_]*$'),
    child_table text not null unique,
    jobs_view  text not null unique
);

create table hrsi.jobs (
    id                    bigserial primary key,
    unique_id             uuid not null unique default gen_random_uuid(),
    job_type              text not null references hrsi.job_types (name),
    name                  text not null,
    product_id            text,
    tile_id               text not null default '',
    input_path            text,
    input_published_at    timestamptz,
    output_path           text,
    output_published_at   timestamptz,
    priority              text check (priority in ('nrt', 'delayed', 'reprocessing')),
    attempt               integer not null default 0 check (attempt >= 0),
    executor_handle       text,
    worker_image          text,
    created_at            timestamptz not null default now(),
    -- Cache of the last row of job_status_changes; written only by the status trigger.
    last_status           smallint check (last_status between 1 and 16),
    last_status_change_id bigint,
    last_status_at        timestamptz,
    last_error_subtype    text,
    error_raised          boolean not null default false,
    -- Names end up in storage paths and Nomad meta: no whitespace of any kind, not empty.
    constraint job_name_is_not_empty check (name <> ''),
    constraint job_name_has_no_whitespace check (
        name !~ E'[\\s\\u0008\\u000b\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]')
);
create index jobs_type_status on hrsi.jobs (job_type, last_status, id);
create index jobs_tile on hrsi.jobs (tile_id);
-- The newest input publication of a type: where the next catalogue query starts.
create index jobs_type_published on hrsi.jobs (job_type, input_published_at);

-- The history is the truth: the current status of a job is its row with the highest id.
-- Ids come from the sequence only once the job row is locked (see check_status_change).
-- The settings hrsi.bulk_status_write and hrsi.writing_status_cache, which the functions below
-- turn on for one statement, guard against mistakes, not against a database user who sets
-- them on purpose: deployments give the programs' role no direct INSERT/UPDATE on these
-- tables beyond what the functions need (see README, "The database").
create sequence hrsi.job_status_changes_id_seq;
create table hrsi.job_status_changes (
    id            bigint primary key,
    -- The job: checked by the status gate (check_status_change, append_status_changes) and
    -- deleted with it by jobs_delete_history; a foreign key would check it again on every
    -- row, the largest cost of bulk creation after the rows themselves.
    job_id        bigint not null,
    -- One of hrsi.job_status (a check, not a foreign key: cheaper on bulk writes, same rule).
    status        smallint not null check (status between 1 and 16),
    -- Set by the trigger once the job is locked, so that later ids never have earlier times.
    changed_at    timestamptz not null,
    error_subtype text,
    error_message text,
    -- The attempt of the writer (a worker names its own); null = an orchestrator or operator.
    attempt       integer
);
alter sequence hrsi.job_status_changes_id_seq owned by hrsi.job_status_changes.id;
create index job_status_changes_job on hrsi.job_status_changes (job_id, id);

-- The one gate of every status write. Runs before the row is stored:
--  * locks the job row, so writers of one job take turns and the cache cannot go stale;
--  * takes the row id only once the lock is held, so history order = commit order per job;
--  * refuses a writer whose attempt is no longer the job's (fencing);
--  * checks the transition against the last history row (the truth, not the cache);
--  * updates the cache in the same transaction.
create function hrsi.check_status_change() returns trigger
language plpgsql as $$
declare
    current_attempt integer;
    previous        smallint;
begin
    select j.attempt into current_attempt from hrsi.jobs j where j.id = new.job_id for update;
    if not found then
        raise exception 'job % does not exist', new.job_id using errcode = 'HRS03';
    end if;
    if new.attempt is not null and new.attempt <> current_attempt then
        raise exception 'stale attempt: job % is at attempt %, the writer has attempt %',
            new.job_id, current_attempt, new.attempt
            using errcode = 'HRS02',
                  hint = 'another dispatch owns this job now; this writer must stop';
    end if;
    select c.status into previous from hrsi.job_status_changes c
     where c.job_id = new.job_id order by c.id desc limit 1;
    if not exists (select 1 from hrsi.job_status_transitions t
                    where coalesce(t.from_status, 0) = coalesce(previous, 0)
                      and t.to_status = new.status) then
        raise exception 'invalid job status transition for job %: % -> %', new.job_id,
            coalesce((select name from hrsi.job_status where id = previous), '(no status)'),
            coalesce((select name from hrsi.job_status where id = new.status), new.status::text)
            using errcode = 'HRS01';
    end if;
    new.id := nextval('hrsi.job_status_changes_id_seq');
    new.changed_at := clock_timestamp();
    perform set_config('hrsi.writing_status_cache', 'on', true);
    update hrsi.jobs set
        last_status           = new.status,
        last_status_change_id = new.id,
        last_status_at        = new.changed_at,
        last_error_subtype    = new.error_subtype,
        error_raised          = error_raised or new.status in (13, 14, 15)
     where id = new.job_id;
    perform set_config('hrsi.writing_status_cache', 'off', true);
    return new;
end $$;

-- Rows written by append_status_changes() were checked there, set-based; the WHEN clause
-- skips them without calling the function.
create trigger check_status_change before insert on hrsi.job_status_changes
    for each row when (current_setting('hrsi.bulk_status_write', true) is distinct from 'on')
    execute function hrsi.check_status_change();

-- A job's history goes with the job (what "on delete cascade" would do), once per statement.
create function hrsi.delete_job_history() returns trigger
language plpgsql as $$
begin
    delete from hrsi.job_status_changes c using deleted_jobs d where c.job_id = d.id;
    return null;
end $$;
create trigger jobs_delete_history after delete on hrsi.jobs
    referencing old table as deleted_jobs
    for each statement execute function hrsi.delete_job_history();

-- TRUNCATE of the jobs empties the history too (a statement trigger above covers DELETE).
create function hrsi.truncate_job_history() returns trigger
language plpgsql as $$
begin
    truncate hrsi.job_status_changes;
    return null;
end $$;
create trigger jobs_truncate_history after truncate on hrsi.jobs
    for each statement execute function hrsi.truncate_job_history();

-- The history is append-only.
create function hrsi.refuse_history_update() returns trigger
language plpgsql as $$
begin
    raise exception 'job_status_changes is append-only: write a new status change instead'
        using errcode = 'HRS04';
end $$;
create trigger job_status_changes_append_only before update on hrsi.job_status_changes
    for each row execute function hrsi.refuse_history_update();

-- The cache columns may only be written by the status trigger or by the repair function.
create function hrsi.protect_status_cache() returns trigger
language plpgsql as $$
begin
    if (new.last_status, new.last_status_change_id, new.last_status_at, new.last_error_subtype,
        new.error_raised)
       is distinct from
       (old.last_status, old.last_status_change_id, old.last_status_at, old.last_error_subtype,
        old.error_raised)
       and coalesce(current_setting('hrsi.writing_status_cache', true), 'off') <> 'on' then
        raise exception 'the status of job % is written by inserting into job_status_changes, not by updating jobs', old.id
            using errcode = 'HRS05';
    end if;
    return new;
end $$;
create trigger jobs_protect_status_cache before update on hrsi.jobs
    for each row
    when ((new.last_status, new.last_status_change_id, new.last_status_at, new.last_error_subtype,
           new.error_raised)
          is distinct from
          (old.last_status, old.last_status_change_id, old.last_status_at, old.last_error_subtype,
           old.error_raised))
    execute function hrsi.protect_status_cache();

create function hrsi.protect_new_job_cache() returns trigger
language plpgsql as $$
begin
    if new.last_status is not null or new.last_status_change_id is not null
       or new.last_status_at is not null or new.last_error_subtype is not null or new.error_raised then
        raise exception 'a new job starts without status: insert its first status into job_status_changes'
            using errcode = 'HRS05';
    end if;
    return new;
end $$;
create trigger jobs_protect_new_job_cache before insert on hrsi.jobs
    for each row
    when (new.last_status is not null or new.last_status_change_id is not null
          or new.last_status_at is not null or new.last_error_subtype is not null
          or new.error_raised)
    execute function hrsi.protect_new_job_cache();

-- Set a status in one call (what the tools use). Returns the id of the history row.
create function hrsi.set_job_status(job_id bigint, status smallint,
                                    error_subtype text default null,
                                    error_message text default null,
                                    attempt integer default null)
returns bigint language sql as $$
    insert into hrsi.job_status_changes (job_id, status, error_subtype, error_message, attempt)
    values ($1, $2, $3, $4, $5) returning id
$$;

-- Many status changes in one call (bulk creation and configuration): the same checks as the
-- trigger, set-based. The jobs are locked in id order; each job's changes apply in array
-- order after its last history row. Returns the number of changes written.
create function hrsi.append_status_changes(job_ids bigint[], statuses smallint[],
                                           error_subtypes text[] default null,
                                           error_messages text[] default null)
returns bigint language plpgsql as $$
declare
    bad     record;
begin
    if cardinality(job_ids) <> cardinality(statuses)
       or (error_subtypes is not null and cardinality(error_subtypes) <> cardinality(job_ids))
       or (error_messages is not null and cardinality(error_messages) <> cardinality(job_ids)) then
        raise exception 'append_status_changes: the arrays differ in length' using errcode = '22023';
    end if;
    perform 1 from hrsi.jobs j where j.id = any (job_ids) order by j.id for update;
    select u.job_id into bad from unnest(job_ids) u(job_id)
     where not exists (select 1 from hrsi.jobs j where j.id = u.job_id) limit 1;
    if found then
        raise exception 'job % does not exist', bad.job_id using errcode = 'HRS03';
    end if;
    select i.job_id, i.previous, i.status into bad
      from (select u.job_id, u.status,
                   coalesce(lag(u.status) over (partition by u.job_id order by u.ord),
                            (select c.status from hrsi.job_status_changes c
                              where c.job_id = u.job_id order by c.id desc limit 1)) as previous,
                   row_number() over (partition by u.job_id order by u.ord) as n
              from unnest(job_ids, statuses) with ordinality as u(job_id, status, ord)) i
     where not exists (select 1 from hrsi.job_status_transitions t
                        where coalesce(t.from_status, 0) = coalesce(i.previous, 0)
                          and t.to_status = i.status)
     limit 1;
    if found then
        raise exception 'invalid job status transition for job %: % -> %', bad.job_id,
            coalesce((select name from hrsi.job_status where id = bad.previous), '(no status)'),
            coalesce((select name from hrsi.job_status where id = bad.status), bad.status::text)
            using errcode = 'HRS01';
    end if;
    perform set_config('hrsi.bulk_status_write', 'on', true);
    perform set_config('hrsi.writing_status_cache', 'on', true);
    with written_rows as (
        insert into hrsi.job_status_changes (id, job_id, status, changed_at, error_subtype, error_message)
        select nextval('hrsi.job_status_changes_id_seq'), o.job_id, o.status, clock_timestamp(),
               o.error_subtype, o.error_message
          from (select u.job_id, u.status, u.error_subtype, u.error_message
                  from unnest(job_ids, statuses,
                              coalesce(error_subtypes, array_fill(null::text, array[cardinality(job_ids)])),
                              coalesce(error_messages, array_fill(null::text, array[cardinality(job_ids)])))
                       with ordinality as u(job_id, status, error_subtype, error_message, ord)
                 order by u.ord) o
        returning id, job_id, status, changed_at, error_subtype),
    last_rows as (
        select distinct on (w.job_id) w.job_id, w.id, w.status, w.changed_at, w.error_subtype,
               bool_or(w.status in (13, 14, 15)) over (partition by w.job_id) as any_error
          from written_rows w order by w.job_id, w.id desc)
    update hrsi.jobs j set
        last_status           = l.status,
        last_status_change_id = l.id,
        last_status_at        = l.changed_at,
        last_error_subtype    = l.error_subtype,
        error_raised          = j.error_raised or l.any_error
      from last_rows l where j.id = l.job_id;
    perform set_config('hrsi.bulk_status_write', 'off', true);
    perform set_config('hrsi.writing_status_cache', 'off', true);
    return cardinality(job_ids);
end $$;

-- Status history of some jobs (null = all), oldest first per job (reference §1.8).
create function hrsi.job_status_history(job_ids bigint[] default null)
returns table (job_id bigint, job_name text, status smallint, status_name text, change_id bigint,
               changed_at timestamptz, error_subtype text, error_message text, attempt integer)
language sql stable as $$
    select c.job_id, j.name, c.status, s.name, c.id, c.changed_at, c.error_subtype,
           c.error_message, c.attempt
      from hrsi.job_status_changes c
      join hrsi.jobs j on j.id = c.job_id
      join hrsi.job_status s on s.id = c.status
     where $1 is null or c.job_id = any ($1)
     order by c.job_id, c.id
$$;

-- Last status of jobs computed from the history (the truth), then filtered by status.
create function hrsi.last_job_status_id(job_ids bigint[] default null,
                                        last_status smallint[] default null)
returns table (job_id bigint, status smallint, change_id bigint, changed_at timestamptz)
language sql stable as $$
    select c.job_id, c.status, c.id, c.changed_at
      from (select distinct on (c.job_id) c.job_id, c.status, c.id, c.changed_at
              from hrsi.job_status_changes c
             where $1 is null or c.job_id = any ($1)
             order by c.job_id, c.id desc) c
     where $2 is null or c.status = any ($2)
     order by c.job_id
$$;

create function hrsi.last_job_status(job_ids bigint[] default null,
                                     last_status smallint[] default null)
returns table (job_id bigint, job_name text, status smallint, status_name text,
               change_id bigint, changed_at timestamptz)
language sql stable as $$
    select l.job_id, j.name, l.status, s.name, l.change_id, l.changed_at
      from hrsi.last_job_status_id($1, $2) l
      join hrsi.jobs j on j.id = l.job_id
      join hrsi.job_status s on s.id = l.status
$$;

-- Jobs whose cache disagrees with their history (hrsi-db check).
create function hrsi.jobs_with_stale_status_cache()
returns table (job_id bigint, cached_status smallint, cached_change_id bigint,
               history_status smallint, history_change_id bigint)
language sql stable as $$
    select j.id, j.last_status, j.last_status_change_id, h.status, h.id
      from hrsi.jobs j
      left join lateral (select c.id, c.status from hrsi.job_status_changes c
                          where c.job_id = j.id order by c.id desc limit 1) h on true
     where j.last_status_change_id is distinct from h.id
        or j.last_status is distinct from h.status
     order by j.id
$$;

-- Rewrite the cache of those jobs from their history (hrsi-db resync). Returns the job ids.
create function hrsi.resync_status_cache()
returns setof bigint language plpgsql as $$
declare
    stale record;
begin
    perform set_config('hrsi.writing_status_cache', 'on', true);
    for stale in select s.job_id from hrsi.jobs_with_stale_status_cache() s loop
        -- Lock the job before reading its history, so a status written meanwhile is seen.
        perform 1 from hrsi.jobs where id = stale.job_id for update;
        update hrsi.jobs j set
            last_status           = h.status,
            last_status_change_id = h.id,
            last_status_at        = h.changed_at,
            last_error_subtype    = h.error_subtype,
            error_raised          = exists (select 1 from hrsi.job_status_changes e
                                             where e.job_id = j.id and e.status in (13, 14, 15))
          from (select null::int as dummy) d
          left join lateral (select c.id, c.status, c.changed_at, c.error_subtype
                               from hrsi.job_status_changes c where c.job_id = stale.job_id
                              order by c.id desc limit 1) h on true
         where j.id = stale.job_id;
        return next stale.job_id;
    end loop;
    perform set_config('hrsi.writing_status_cache', 'off', true);
end $$;

-- Live settings, one row, with a history of every version (reference §1.6).
create table hrsi.system_parameters (
    id integer primary key default 1 check (id = 1),
    max_attempts integer not null default 3 check (max_attempts >= 1),
    job_types_list jsonb not null default '["test_job"]'
        check (jsonb_typeof(job_types_list) = 'array'),
    s1_search_default_duration_in_days integer not null default 7
        check (s1_search_default_duration_in_days > 0),
    s1_processing_start_date date not null default '2021-06-24',
    s2_search_default_duration_in_days integer not null default 7
        check (s2_search_default_duration_in_days > 0),
    s2_processing_start_date date not null default '2020-05-01',
    gapfilling_search_default_duration_in_days integer not null default 7
        check (gapfilling_search_default_duration_in_days > 0),
    maja_consecutive_jobs_threshold_value integer not null default 60
        check (maja_consecutive_jobs_threshold_value > 0),
    maja_backward_required_job_number integer not null default 8
        check (maja_backward_required_job_number >= 2),
    activate_backward_reprocessing boolean not null default true,
    docker_image_for_si_processing text,
    docker_image_for_test_job_processing text,
    docker_image_for_rliepart2_processing text,
    docker_image_for_gfsc_processing text,
    docker_image_for_sws_wds_processing text,
    ssp_aux_version text not null default 'V20211119',
    rlies1s2_min_delay_from_end_of_day_hours integer not null default 8,
    rlies1s2_max_delay_from_end_of_day_hours_wait_for_rlie_products integer not null default 24,
    rlies1s2_min_search_window_days integer not null default 7,
    rlies1s2_max_search_window_days integer not null default 31,
    rlies1s2_max_search_window_days_absolute integer,
    rlies1s2_earliest_date date not null default '2021-05-01',
    gfsc_daily_jobs_creation_start_date date,
    -- Step time limits of the monitor, in minutes (reference §4.5); null = no limit.
    queued_timeout_minutes integer default 60 check (queued_timeout_minutes > 0),
    started_timeout_minutes integer default 30 check (started_timeout_minutes > 0),
    pre_processing_timeout_minutes integer default 30 check (pre_processing_timeout_minutes > 0),
    processing_timeout_minutes integer default 270 check (processing_timeout_minutes > 0),
    post_processing_timeout_minutes integer check (post_processing_timeout_minutes > 0),
    timeliness_target_minutes integer not null default 180 check (timeliness_target_minutes > 0)
);

create table hrsi.system_parameters_history (like hrsi.system_parameters);
alter table hrsi.system_parameters_history
    add column history_id bigserial primary key,
    add column changed_at timestamptz not null default now(),
    add column changed_by text not null default current_user;

-- Copies every new version of the row into the history. Later migrations that add columns
-- add them to the history table too; the copy is by column name.
create function hrsi.record_system_parameters() returns trigger
language plpgsql as $$
declare
    cols text;
begin
    select string_agg(quote_ident(column_name), ', ' order by ordinal_position) into cols
      from information_schema.columns
     where table_schema = 'hrsi' and table_name = 'system_parameters';
    execute format('insert into hrsi.system_parameters_history (%s) select %s from (select ($1).*) n',
                   cols, cols)
       using new;
    return new;
end $$;
-- Values that a column type cannot check: the enabled job types must be known types.
create function hrsi.check_system_parameters() returns trigger
language plpgsql as $$
declare
    unknown text;
begin
    select string_agg(e.value::text, ', ') into unknown
      from jsonb_array_elements(new.job_types_list) e
     where jsonb_typeof(e.value) <> 'string'
        or not exists (select 1 from hrsi.job_types t where t.name = e.value #>> '{}');
    if unknown is not null then
        raise exception 'job_types_list names unknown job types: %', unknown
            using errcode = 'HRS06',
                  hint = 'known types: ' || (select string_agg(name, ', ' order by name) from hrsi.job_types);
    end if;
    return new;
end $$;
create trigger system_parameters_check before update on hrsi.system_parameters
    for each row execute function hrsi.check_system_parameters();

create trigger system_parameters_history_trigger
    after insert or update on hrsi.system_parameters
    for each row execute function hrsi.record_system_parameters();

insert into hrsi.system_parameters (id) values (1);
