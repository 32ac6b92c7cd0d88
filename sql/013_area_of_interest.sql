-- The area of interest of each job type (issue 21): the tiles it makes jobs for. A JSON
-- object {"default": AREA, "<job type>": AREA}; a type without its own entry takes "default".
-- Areas (lib/hrsi/tiles/area_of_interest.hpp): EEA39 (the 1,054 tiles of data/eea39, the
-- reference's products area), EEA39_RLIE (EEA39 without the 54 no-RLIE tiles), world (no
-- restriction).
alter table hrsi.system_parameters
    add column area_of_interest jsonb not null default '{"default": "EEA39"}';
alter table hrsi.system_parameters_history add column area_of_interest jsonb;

create function hrsi.check_area_of_interest() returns trigger
language plpgsql as $$
declare
    bad text;
begin
    if jsonb_typeof(new.area_of_interest) <> 'object' then
        raise exception 'area_of_interest must be a JSON object {"default": AREA, "<job type>": AREA}, not %',
            new.area_of_interest using errcode = 'HRS06';
    end if;
    select string_agg(format('%s: %s', e.key, e.value), ', ') into bad
      from jsonb_each(new.area_of_interest) e
     where jsonb_typeof(e.value) <> 'string'
        or e.value #>> '{}' not in ('EEA39', 'EEA39_RLIE', 'world')
        or (e.key <> 'default' and not exists (select 1 from hrsi.job_types t where t.name = e.key));
    if bad is not null then
        raise exception 'area_of_interest has unknown job types or areas: %', bad
            using errcode = 'HRS06',
                  hint = 'keys: default or a job type; areas: EEA39, EEA39_RLIE, world';
    end if;
    return new;
end $$;
create trigger system_parameters_check_area before update on hrsi.system_parameters
    for each row execute function hrsi.check_area_of_interest();
