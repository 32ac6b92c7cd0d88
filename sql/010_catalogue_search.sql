-- SPDX-License-Identifier: Apache-2.0
-- 010: where hrsi-search asks for new products (--catalogue and --url override them).

-- The kind of catalogue (odata: Copernicus Data Space OData; resto: resto/OpenSearch, the
-- reference's Finder; stac: STAC API item search) and its base URL; null: the kind's public
-- Copernicus Data Space endpoint. A mirror, or a local server in tests, stands in by URL.
alter table hrsi.system_parameters
    add column catalogue_kind text not null default 'odata'
        check (catalogue_kind in ('odata', 'resto', 'stac')),
    add column catalogue_url text check (catalogue_url ~ '^https?://');
alter table hrsi.system_parameters_history
    add column catalogue_kind text,
    add column catalogue_url text;
