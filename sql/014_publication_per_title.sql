-- SPDX-License-Identifier: Apache-2.0
-- 014: a job may publish several products of one type (RLIE-S1 makes one per Sentinel-2 tile
-- it covers): the outbox's key becomes job, product type and product title.
alter table hrsi.publications drop constraint publications_job_id_product_key;
alter table hrsi.publications
    add constraint publications_job_product_title unique (job_id, product, message_id);
