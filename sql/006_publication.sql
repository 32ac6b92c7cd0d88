-- SPDX-License-Identifier: Apache-2.0
-- 006: what hrsi-publish needs: an outbox of product messages, so that a crash between
-- sending and recording loses nothing, and the fixed parts of the publication JSON.

-- One row per product message: written with start_publication, in the same transaction; sent;
-- confirmed by the broker. A row without confirmed_at is sent again by the next run.
create table hrsi.publications (
    id           bigserial primary key,
    job_id       bigint not null references hrsi.jobs (id) on delete cascade,
    product      text not null,          -- the product type: FSC, RLIE, ...
    message_id   text not null,          -- the product title: consumers drop duplicates by it
    body         text not null,          -- the JSON document, exactly as sent
    created_at   timestamptz not null default clock_timestamp(),
    sent_at      timestamptz,            -- last time it was handed to the broker
    confirmed_at timestamptz,            -- the broker confirmed it (publisher confirm)
    attempts     integer not null default 0,
    last_error   text,
    unique (job_id, product)
);
create index publications_unconfirmed on hrsi.publications (job_id) where confirmed_at is null;
create index publications_message on hrsi.publications (message_id);

-- The resto template's host_base and s3_bucket (reference §4.4).
alter table hrsi.system_parameters
    add column products_host_base text not null default 's3.waw2-1.cloudferro.com'
        check (products_host_base <> ''),
    add column products_s3_bucket text not null default 'HRSI' check (products_s3_bucket <> '');
alter table hrsi.system_parameters_history
    add column products_host_base text,
    add column products_s3_bucket text;
