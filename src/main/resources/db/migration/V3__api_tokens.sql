-- Named bearer tokens for the HTTP API and the actuator. Only the SHA-256 digest of a token is
-- kept, so a copy of the database yields no usable token. Revoked tokens stay, with who revoked
-- them, so that names in the audit trail keep pointing at one token; a name is never reused.
create table api_tokens (
    name         text        primary key,
    role         text        not null check (role in ('admin', 'reader')),
    token_hash   bytea       not null unique,
    created_at   timestamptz not null default now(),
    created_by   text        not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    check ((revoked_at is null) = (revoked_by is null))
);
