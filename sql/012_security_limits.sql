-- SPDX-License-Identifier: Apache-2.0
-- 012: what issue 16 closed in the schema: values that reach a container runtime's command
-- line are checked when they are set, and creation refuses publication dates in the future.

-- An image reference of the OCI distribution grammar ([registry[:port]/]name[:tag][@digest]);
-- anything else (notably '--privileged') is refused when set. The worker checks again at use.
create function hrsi.is_image_reference(reference text) returns boolean
language sql immutable as $$
    select reference ~ '^(?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$' and length(reference) <= 1024
$$;

alter table hrsi.system_parameters
    add constraint docker_image_for_si_processing_is_a_reference check (docker_image_for_si_processing is null or hrsi.is_image_reference(docker_image_for_si_processing)),
    add constraint docker_image_for_test_job_processing_is_a_reference check (docker_image_for_test_job_processing is null or hrsi.is_image_reference(docker_image_for_test_job_processing)),
    add constraint docker_image_for_rliepart2_processing_is_a_reference check (docker_image_for_rliepart2_processing is null or hrsi.is_image_reference(docker_image_for_rliepart2_processing)),
    add constraint docker_image_for_gfsc_processing_is_a_reference check (docker_image_for_gfsc_processing is null or hrsi.is_image_reference(docker_image_for_gfsc_processing)),
    add constraint docker_image_for_sws_wds_processing_is_a_reference check (docker_image_for_sws_wds_processing is null or hrsi.is_image_reference(docker_image_for_sws_wds_processing)),
    -- The user the program runs as in its container ("uid[:gid]" or a name the image knows);
    -- null: the image's own user. A numeric user gets the job's work folder when the worker
    -- runs as root (rootful engine).
    add column container_user text
        check (container_user ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$'),
    -- How far in the future a catalogue's publication date may be (clock skew between the
    -- catalogue and this host) before hrsi-create-jobs refuses the product.
    add column publication_date_tolerance_minutes integer not null default 60
        check (publication_date_tolerance_minutes >= 0);
alter table hrsi.system_parameters_history
    add column container_user text,
    add column publication_date_tolerance_minutes integer;
