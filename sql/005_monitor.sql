-- SPDX-License-Identifier: Apache-2.0
-- 005: what hrsi-monitor needs to tell a dead worker from a slow one.

-- A worker refreshes its heartbeat every 30 s by default; one older than this is a dead
-- worker. It is also how long a job may stay in a worker step (or queued with a dispatcher
-- that is gone) without any heartbeat at all.
alter table hrsi.system_parameters
    add column worker_heartbeat_timeout_seconds integer not null default 180
        check (worker_heartbeat_timeout_seconds > 0);
alter table hrsi.system_parameters_history add column worker_heartbeat_timeout_seconds integer;
