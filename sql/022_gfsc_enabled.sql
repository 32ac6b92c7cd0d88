-- SPDX-License-Identifier: Apache-2.0
-- 022: the GFSC type is enabled, now that its worker, publication and samples exist (issue 18),
-- as the reference's default list has it.
alter table hrsi.system_parameters
    alter column job_types_list set default '["test_job", "fsc_rlie_job", "rlies1_job", "sws_wds_job", "rlies1s2_job", "gfsc_job"]';
update hrsi.system_parameters
   set job_types_list = job_types_list || '["gfsc_job"]'::jsonb
 where not job_types_list ? 'gfsc_job';
