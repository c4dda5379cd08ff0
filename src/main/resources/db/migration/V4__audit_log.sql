-- Every administrative change: who made it (a token name, or system:<job> for the service's own
-- jobs), from which address, what it was and on what. details is small JSON and never holds a
-- secret. Entries older than ingest.audit.retention are purged daily.
create table audit_log (
    id          bigint      generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor       text        not null,
    source      text,
    action      text        not null,
    target      text        not null,
    details     jsonb       not null default '{}'
);

create index audit_log_occurred_at on audit_log (occurred_at);
